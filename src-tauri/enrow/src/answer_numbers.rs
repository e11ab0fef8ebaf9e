//! The numbers of a large answer, classified on other cores while the answer itself is parsed.
//!
//! Parsing a 100,000-row answer keeps one core busy for about 60 ms, and classifying its
//! numbers takes twice that on one core: one after the other, the second core waited through
//! the parse. Enrow writes every found number as `"number":"+33612345678"`, so the numbers can
//! be picked out of the answer's bytes without parsing it, and classified while the parser runs.
//!
//! Why this cannot give a person another person's type or format: what is found here is keyed
//! by the number's own text, and a text of `+` and digits reads the same whatever row or country
//! it comes from (`phone::classify` reads it without a country). So an entry picked up in the
//! wrong place (a `"number"` key elsewhere, a crafted answer) is still right for any row whose
//! number is that text, and a row whose number was not picked up here (written with escapes,
//! or not E.164) is classified after the parse from its parsed row, as without this module
//! ([`crate::export::KnownPhones::complete`]).

use std::slice::ChunksMut;
use std::sync::{Mutex, OnceLock, PoisonError, mpsc};

use crate::export::{Phones, is_e164};
use crate::phone::{Forms, PhoneInfo, ThreadPlans};

/// Smaller answers (3,000 rows are half a megabyte) are parsed and classified in well under
/// the 4 to 10 ms a thread's plans take to load: reading beside the parse would not pay.
pub const BESIDE_FROM_BYTES: usize = 2 * 1024 * 1024;

/// How many distinct numbers a thread takes at a time: a millisecond of work or so, so the
/// thread that finishes the parse can share what is left.
const CLAIM: usize = 512;

/// At most this many threads classify at once (as for the exports' formatting).
const MAX_THREADS: usize = 4;

/// A distinct number and its entry in the map being filled.
type Slot<'a, 'm> = (&'a str, &'m mut PhoneInfo);

/// The parts of the slots no thread has taken yet, once the numbers are picked out.
type Parts<'s, 'a, 'm> = OnceLock<Mutex<ChunksMut<'s, Slot<'a, 'm>>>>;

/// How many threads classify the numbers of an answer of `answer_bytes` beside its parse (the
/// parsing thread among them): none where it would not pay.
fn classifying_threads(answer_bytes: u64) -> usize {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(MAX_THREADS);
    if threads < 2 || answer_bytes < BESIDE_FROM_BYTES as u64 {
        0
    } else {
        threads
    }
}

/// The plans of the first thread that classifies an answer's numbers, loaded on a thread of
/// their own while the answer is still being read from disk, which keeps one core busy and the
/// others idle. Those plans take 4 to 10 ms to load; loaded in that idle time, the first
/// classifying thread starts on the numbers as soon as it has picked them out (100,000 rows:
/// 198 → 184 ms, medians of 80 alternating runs). Only the first: loading the other threads'
/// too ran into the read and the parse and gained nothing.
pub struct PlansAhead(Mutex<Option<mpsc::Receiver<ThreadPlans>>>);

impl PlansAhead {
    /// Starts loading the plans if an answer of `answer_bytes` (the file's size, before it is
    /// read) will be classified beside its parse.
    pub fn start(answer_bytes: u64) -> Self {
        let (loaded, ready) = mpsc::channel();
        if classifying_threads(answer_bytes) > 0 {
            // Where no thread can be started, the first classifying thread loads its own, as
            // the others do.
            let _ = std::thread::Builder::new().spawn(move || {
                if let Some(plans) = ThreadPlans::load() {
                    // Unwanted when the answer was parsed without them (smaller, or it failed).
                    let _ = loaded.send(plans);
                }
            });
        }
        Self(Mutex::new(Some(ready)))
    }

    /// No plans loaded ahead: each thread loads its own.
    pub fn none() -> Self {
        Self(Mutex::new(None))
    }

    /// The plans loaded ahead to the first thread that asks (it waits for them if they are on
    /// their way: they started loading before it could), plans loaded now to the others, which
    /// never wait on the first.
    fn take(&self) -> Option<ThreadPlans> {
        let first = self.0.lock().unwrap_or_else(PoisonError::into_inner).take();
        first
            .and_then(|ready| ready.recv().ok())
            .or_else(ThreadPlans::load)
    }
}

/// Runs `parse` (which reads `answer`) on this thread while other cores classify the E.164
/// numbers found in `answer`'s bytes, with the written `forms` and the plans loaded `ahead`;
/// this thread joins them once `parse` returns. The numbers are only those found in the
/// bytes: make them complete with [`crate::export::KnownPhones::complete`] once the rows are
/// parsed.
pub fn parse_classifying<'a, T>(
    answer: &'a [u8],
    forms: Forms,
    ahead: PlansAhead,
    parse: impl FnOnce() -> T,
) -> (T, Phones<'a>) {
    let threads = classifying_threads(answer.len() as u64);
    if threads == 0 {
        // Plans loaded ahead for a larger file than this are freed aside, as below.
        free_aside(ahead);
        return (parse(), Phones::default());
    }
    // The map is made with every number in it first, and the threads write each one's entry in
    // place: no second pass puts 60,000 entries into a map after the work.
    let mut phones = Phones::default();
    let mut slots: Vec<Slot<'a, '_>> = Vec::new();
    let parts: Parts<'_, 'a, '_> = OnceLock::new();
    let (parsed, all_joined) = std::thread::scope(|scope| {
        let helper = {
            let (phones, slots, parts, ahead) = (&mut phones, &mut slots, &parts, &ahead);
            scope.spawn(move || {
                // Sized once (repeats counted, a second search of a millisecond): growing it
                // would move every entry several times.
                phones.reserve(e164_values(answer).count());
                for number in e164_values(answer) {
                    phones.entry(number).or_insert_with(PhoneInfo::unreadable);
                }
                slots.extend(phones.iter_mut().map(|(number, info)| (*number, info)));
                let _ = parts.set(Mutex::new(slots.chunks_mut(CLAIM)));
                // The others start once there is something to share.
                let others: Vec<_> = (2..threads)
                    .map(|_| scope.spawn(move || classify_parts(parts, forms, ahead)))
                    .collect();
                classify_parts(parts, forms, ahead);
                others.into_iter().all(|other| other.join().is_ok())
            })
        };
        let parsed = parse();
        // If the numbers are not picked out yet (a parse that failed early), the helpers have
        // them all.
        classify_parts(&parts, forms, &ahead);
        (parsed, helper.join().unwrap_or(false))
    });
    // Plans no thread took (it found no part left) are freed aside too.
    free_aside(ahead);
    let every_part_done = parts.into_inner().is_some_and(|queue| {
        queue
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
            == 0
    });
    drop(slots);
    if all_joined && every_part_done {
        (parsed, phones)
    } else {
        // A thread that stopped (no plans, a panic) may have left entries unwritten: none is
        // kept, and every number is read after the parse instead.
        (parsed, Phones::default())
    }
}

/// Takes parts of the slots until none are left, writing what each number is in its slot.
fn classify_parts(parts: &Parts<'_, '_, '_>, forms: Forms, ahead: &PlansAhead) {
    let Some(queue) = parts.get() else {
        return;
    };
    let take = || queue.lock().unwrap_or_else(PoisonError::into_inner).next();
    // Nothing left to take: no plans taken for nothing.
    if queue.lock().unwrap_or_else(PoisonError::into_inner).len() == 0 {
        return;
    }
    let Some(plans) = ahead.take() else {
        return;
    };
    while let Some(part) = take() {
        for (number, info) in part {
            **info = plans.classify(number, None, forms);
        }
    }
    free_aside(plans);
}

/// Freeing plans is thousands of small frees (about 10 ms a thread's plans): a thread of its
/// own does it, so that the export need not wait for them. (Where no thread can be started,
/// they are freed here, with the closure that was not run.)
fn free_aside<T: Send + 'static>(plans: T) {
    let _ = std::thread::Builder::new().spawn(move || drop(plans));
}

/// The key Enrow writes each found number under.
const NUMBER_KEY: &[u8] = b"\"number\"";

/// The longest E.164 number with its closing quote: `+`, 15 digits, `"`.
const LONGEST_WITH_QUOTE: usize = 17;

/// Each E.164 text written as a `"number"` value in `answer`, in order, repeats included. Only
/// texts of `+` and digits are taken, so nothing here depends on JSON's escapes: such a text is
/// the same parsed or not.
fn e164_values(answer: &[u8]) -> impl Iterator<Item = &str> {
    // memchr's vectorised search: the key is looked for across 16 MB in about a millisecond.
    memchr::memmem::find_iter(answer, NUMBER_KEY)
        .filter_map(|at| value_after(&answer[at + NUMBER_KEY.len()..]))
}

/// The E.164 string that `after_key` starts with, past JSON's optional spaces and the colon.
fn value_after(after_key: &[u8]) -> Option<&str> {
    let value = skip_json_space(after_key).strip_prefix(b":")?;
    let text = skip_json_space(value).strip_prefix(b"\"")?;
    let end = text
        .iter()
        .take(LONGEST_WITH_QUOTE)
        .position(|&byte| byte == b'"')?;
    let number = std::str::from_utf8(&text[..end]).ok()?;
    is_e164(number).then_some(number)
}

fn skip_json_space(bytes: &[u8]) -> &[u8] {
    let spaces = bytes
        .iter()
        .take_while(|byte| matches!(byte, b' ' | b'\t' | b'\n' | b'\r'))
        .count();
    &bytes[spaces..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_loaded_ahead_go_to_the_first_thread_and_the_others_load_their_own() {
        let ahead = PlansAhead::start(BESIDE_FROM_BYTES as u64);
        // Neither waits for plans that will never come.
        assert!(ahead.take().is_some());
        assert!(ahead.take().is_some());
        assert!(PlansAhead::none().take().is_some());
    }

    #[test]
    fn numbers_are_picked_out_with_json_spacing() {
        let answer = br#"{"results":[{"number":"+33612345678"},{"number" :
            "+31612345678","country":"NL"},{"number":"+33612345678"},{"params":{"number":"+4915123456789"}}]}"#;
        assert_eq!(
            e164_values(answer).collect::<Vec<_>>(),
            [
                "+33612345678",
                "+31612345678",
                "+33612345678",
                "+4915123456789"
            ]
        );
    }

    #[test]
    fn only_plain_e164_text_is_taken() {
        let answer = br#"[{"number":"0612345678"},{"number":"\u002b33612345678"},
            {"number":"+33 6 12 34 56 78"},{"number":null},{"number":"+3361234567890123"},
            {"number":"+0612345678"},{"number":3361234567},{"custom":"\"number\":\"+33612345678\""},
            {"number":"+33612345678"#;
        let taken: Vec<_> = e164_values(answer).collect();
        assert!(taken.is_empty(), "{taken:?}");
    }
}
