//! The numbers of a large answer, classified on other cores while the answer itself is parsed.
//!
//! Parsing a 100,000-row answer keeps one core busy for about 80 ms, and classifying its
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

use std::collections::HashSet;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::export::{Phones, is_e164};
use crate::phone::{Forms, PhoneInfo, ThreadPlans};

/// Smaller answers (3,000 rows are half a megabyte) are parsed and classified in well under
/// the 4 to 10 ms a thread's plans take to load: reading beside the parse would not pay.
pub const BESIDE_FROM_BYTES: usize = 2 * 1024 * 1024;

/// How many distinct numbers a thread takes at a time: a few milliseconds of work, so the
/// thread that finishes the parse can share what is left.
const CLAIM: usize = 512;

/// At most this many threads classify at once (as for the exports' formatting).
const MAX_THREADS: usize = 4;

/// Runs `parse` (which reads `answer`) on this thread while other cores classify the E.164
/// numbers found in `answer`'s bytes, with the written `forms`; this thread joins them once
/// `parse` returns. The numbers are only those found in the bytes: make them complete with
/// [`crate::export::KnownPhones::complete`] once the rows are parsed.
pub fn parse_classifying<'a, T>(
    answer: &'a [u8],
    forms: Forms,
    parse: impl FnOnce() -> T,
) -> (T, Phones<'a>) {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(MAX_THREADS);
    if threads < 2 || answer.len() < BESIDE_FROM_BYTES {
        return (parse(), Phones::default());
    }
    let found: OnceLock<Vec<&'a str>> = OnceLock::new();
    let next = AtomicUsize::new(0);
    let work = Work {
        numbers: &found,
        next: &next,
        forms,
    };
    std::thread::scope(|scope| {
        let helpers = scope.spawn(|| {
            let numbers = found.get_or_init(|| distinct_e164(answer));
            // The others start once there is something to share.
            let others: Vec<_> = (2..threads)
                .map(|_| scope.spawn(|| work.classify_claims()))
                .collect();
            let mut done = work.classify_claims();
            for other in others {
                // A thread that stopped loses only its own claims: `complete` reads them.
                done.extend(other.join().unwrap_or_default());
            }
            (numbers.len(), done)
        });
        let parsed = parse();
        // If the numbers are not picked out yet (a parse that failed early), the helpers have
        // them all.
        let mut done = match found.get() {
            Some(_) => work.classify_claims(),
            None => Vec::new(),
        };
        let mut capacity = 0;
        if let Ok((distinct, theirs)) = helpers.join() {
            capacity = distinct;
            done.extend(theirs);
        }
        let mut phones = Phones::with_capacity_and_hasher(capacity, Default::default());
        if let Some(numbers) = found.get() {
            for (claim, infos) in done {
                let claimed = numbers.get(claim * CLAIM..).unwrap_or_default();
                phones.extend(claimed.iter().copied().zip(infos));
            }
        }
        (parsed, phones)
    })
}

/// What the classifying threads share: the distinct numbers, once picked out, and the next
/// part of them no thread has taken yet.
#[derive(Clone, Copy)]
struct Work<'w, 'a> {
    numbers: &'w OnceLock<Vec<&'a str>>,
    next: &'w AtomicUsize,
    forms: Forms,
}

impl Work<'_, '_> {
    /// Takes parts until none are left; returns each part's number (its place in the list of
    /// parts) with what its numbers are, in their order.
    fn classify_claims(self) -> Vec<(usize, Vec<PhoneInfo>)> {
        let Some(numbers) = self.numbers.get() else {
            return Vec::new();
        };
        let part = |claim: usize| {
            let rest = numbers
                .get(claim.saturating_mul(CLAIM)..)
                .unwrap_or_default();
            &rest[..rest.len().min(CLAIM)]
        };
        // Nothing left to take: no plans loaded for nothing.
        if part(self.next.load(Ordering::Relaxed)).is_empty() {
            return Vec::new();
        }
        let Some(plans) = ThreadPlans::load() else {
            return Vec::new();
        };
        let mut done = Vec::new();
        loop {
            let claim = self.next.fetch_add(1, Ordering::Relaxed);
            let numbers = part(claim);
            if numbers.is_empty() {
                return done;
            }
            let infos = numbers
                .iter()
                .map(|number| plans.classify(number, None, self.forms))
                .collect();
            done.push((claim, infos));
        }
    }
}

/// The key Enrow writes each found number under.
const NUMBER_KEY: &[u8] = b"\"number\"";

/// The longest E.164 number with its closing quote: `+`, 15 digits, `"`.
const LONGEST_WITH_QUOTE: usize = 17;

/// Each distinct E.164 text written as a `"number"` value in `answer`, in order of first
/// appearance. Only texts of `+` and digits are taken, so nothing here depends on JSON's
/// escapes: such a text is the same parsed or not.
fn distinct_e164(answer: &[u8]) -> Vec<&str> {
    let mut seen: HashSet<&str, foldhash::fast::RandomState> = HashSet::default();
    let mut distinct = Vec::new();
    // memchr's vectorised search: the key is looked for across 16 MB in about a millisecond.
    for at in memchr::memmem::find_iter(answer, NUMBER_KEY) {
        let Some(number) = value_after(&answer[at + NUMBER_KEY.len()..]) else {
            continue;
        };
        if seen.insert(number) {
            distinct.push(number);
        }
    }
    distinct
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
    fn numbers_are_picked_out_with_json_spacing_and_each_once() {
        let answer = br#"{"results":[{"number":"+33612345678"},{"number" :
            "+31612345678","country":"NL"},{"number":"+33612345678"},{"params":{"number":"+4915123456789"}}]}"#;
        assert_eq!(
            distinct_e164(answer),
            ["+33612345678", "+31612345678", "+4915123456789"]
        );
    }

    #[test]
    fn only_plain_e164_text_is_taken() {
        let answer = br#"[{"number":"0612345678"},{"number":"\u002b33612345678"},
            {"number":"+33 6 12 34 56 78"},{"number":null},{"number":"+3361234567890123"},
            {"number":"+0612345678"},{"number":3361234567},{"custom":"\"number\":\"+33612345678\""},
            {"number":"+33612345678"#;
        assert!(
            distinct_e164(answer).is_empty(),
            "{:?}",
            distinct_e164(answer)
        );
    }
}
