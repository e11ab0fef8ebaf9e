//! Answers no honest Enrow gives, but a broken or hostile network, proxy or server can: one
//! [`Fault`] each, with the [`Reply`] that plays it for a batch id, so every client of Enrow (the
//! engine, `enrow-batch`, the app) can be run against all of them.
//!
//! Each fault is also served under a fixed id (see [`Fault::id`] and the `fake-enrow` binary's
//! list), so a person can paste it into the app or hand it to `enrow-batch` by hand:
//!
//! | id | fault |
//! |---|---|
//! | `0000fa17-0000-4000-8000-000000000001` | drip |
//! | `0000fa17-0000-4000-8000-000000000002` | huge |
//! | `0000fa17-0000-4000-8000-000000000003` | gzip-bomb |
//! | `0000fa17-0000-4000-8000-000000000004` | reset-mid-answer (three times, then the batch) |
//! | `0000fa17-0000-4000-8000-000000000005` | redirect-elsewhere |
//! | `0000fa17-0000-4000-8000-000000000006` | retry-after-a-day (once, then the batch) |
//! | `0000fa17-0000-4000-8000-000000000007` | another-batch |
//! | `0000fa17-0000-4000-8000-000000000008` | truncated |
//! | `0000fa17-0000-4000-8000-000000000009` | invalid-utf8 |
//! | `0000fa17-0000-4000-8000-000000000010` | deep-nesting |
//! | `0000fa17-0000-4000-8000-000000000011` | wrong-types |
//! | `0000fa17-0000-4000-8000-000000000012` | duplicate-indexes |
//! | `0000fa17-0000-4000-8000-000000000013` | empty-200 |
//! | `0000fa17-0000-4000-8000-000000000014` | html-200 |

use std::sync::OnceLock;
use std::time::Duration;

use bytes::Bytes;
use serde_json::json;

use crate::reply::{Reply, Script};
use crate::sample::{self, StatsStyle};
use crate::scenarios;

/// What [`Fault::Huge`] streams: over three times the 64 MB a client should accept, so a client
/// without a cap holds far more than one with it.
pub const HUGE_BYTES: usize = 200 * 1024 * 1024;

/// What [`Fault::GzipBomb`] inflates to, from about a megabyte on the wire.
pub const GZIP_BOMB_INFLATED_BYTES: usize = 1024 * 1024 * 1024;

/// How deep [`Fault::DeepNesting`] nests its arrays.
pub const NESTING_DEPTH: usize = 100_000;

/// The batch [`Fault::AnotherBatch`] answers with, whichever was asked for.
pub const ANOTHER_BATCH_ID: &str = "0000fa17-0000-4000-8000-0000000000ff";

/// How many rows [`Fault::WrongTypes`] and [`Fault::DuplicateIndexes`] send: a client that
/// parses them must keep every one.
pub const WRONG_TYPES_ROWS: usize = 6;
pub const DUPLICATE_INDEXES_ROWS: usize = 4;

/// How many times the fixed id of [`Fault::ResetMidAnswer`] breaks before it answers whole.
pub const RESETS_BEFORE_ANSWER: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Fault {
    /// The documented answer, one byte every 250 ms (4 bytes a second): never silent long
    /// enough to trip a silence limit, yet it would take minutes to arrive.
    Drip,
    /// A completed answer of [`HUGE_BYTES`], streamed without a Content-Length, so only
    /// counting what arrives can stop it.
    Huge,
    /// A gzip answer (`Content-Encoding: gzip`) of about 1 MB that inflates to
    /// [`GZIP_BOMB_INFLATED_BYTES`] of valid JSON (whitespace inside `results`).
    GzipBomb,
    /// The status and the first 120 bytes of the documented answer, then the connection drops.
    ResetMidAnswer,
    /// A 302 to another address on this computer (Enrow never redirects): a client that follows
    /// it carries the key to a server it was not given.
    RedirectElsewhere,
    /// 429 with `Retry-After: 86400`, a day.
    RetryAfterDay,
    /// A completed answer whose `general.id` names [`ANOTHER_BATCH_ID`], with other people: a
    /// cache or a route in between mixing answers up.
    AnotherBatch,
    /// A Content-Length of the whole documented answer, half of it sent, then the connection is
    /// closed.
    Truncated,
    /// A completed answer whose names are in Latin-1 (`J\xFCrgen`), which is not UTF-8 and so
    /// not JSON.
    InvalidUtf8,
    /// [`NESTING_DEPTH`] nested arrays inside `results` (balanced, so valid JSON): a recursive
    /// parser without a depth limit overflows its stack.
    DeepNesting,
    /// A completed answer of [`WRONG_TYPES_ROWS`] rows whose fields have the wrong types: an
    /// index as an object, a number as a number, a country as a number, names as arrays,
    /// params as a string, stats as strings and arrays.
    WrongTypes,
    /// A completed answer of [`DUPLICATE_INDEXES_ROWS`] rows, two of which share index 1 while
    /// naming different people.
    DuplicateIndexes,
    /// 200 with an empty body.
    Empty200,
    /// 200 with an HTML page: a hotel's or a train's Wi-Fi sign-in page (a captive portal).
    Html200,
}

impl Fault {
    pub const ALL: [Fault; 14] = [
        Fault::Drip,
        Fault::Huge,
        Fault::GzipBomb,
        Fault::ResetMidAnswer,
        Fault::RedirectElsewhere,
        Fault::RetryAfterDay,
        Fault::AnotherBatch,
        Fault::Truncated,
        Fault::InvalidUtf8,
        Fault::DeepNesting,
        Fault::WrongTypes,
        Fault::DuplicateIndexes,
        Fault::Empty200,
        Fault::Html200,
    ];

    /// A short name, for listings and test messages.
    pub fn name(self) -> &'static str {
        match self {
            Fault::Drip => "drip",
            Fault::Huge => "huge",
            Fault::GzipBomb => "gzip-bomb",
            Fault::ResetMidAnswer => "reset-mid-answer",
            Fault::RedirectElsewhere => "redirect-elsewhere",
            Fault::RetryAfterDay => "retry-after-a-day",
            Fault::AnotherBatch => "another-batch",
            Fault::Truncated => "truncated",
            Fault::InvalidUtf8 => "invalid-utf8",
            Fault::DeepNesting => "deep-nesting",
            Fault::WrongTypes => "wrong-types",
            Fault::DuplicateIndexes => "duplicate-indexes",
            Fault::Empty200 => "empty-200",
            Fault::Html200 => "html-200",
        }
    }

    /// The fixed id the fake serves this fault under (see the table at the top of this module).
    pub fn id(self) -> &'static str {
        match self {
            Fault::Drip => "0000fa17-0000-4000-8000-000000000001",
            Fault::Huge => "0000fa17-0000-4000-8000-000000000002",
            Fault::GzipBomb => "0000fa17-0000-4000-8000-000000000003",
            Fault::ResetMidAnswer => "0000fa17-0000-4000-8000-000000000004",
            Fault::RedirectElsewhere => "0000fa17-0000-4000-8000-000000000005",
            Fault::RetryAfterDay => "0000fa17-0000-4000-8000-000000000006",
            Fault::AnotherBatch => "0000fa17-0000-4000-8000-000000000007",
            Fault::Truncated => "0000fa17-0000-4000-8000-000000000008",
            Fault::InvalidUtf8 => "0000fa17-0000-4000-8000-000000000009",
            Fault::DeepNesting => "0000fa17-0000-4000-8000-000000000010",
            Fault::WrongTypes => "0000fa17-0000-4000-8000-000000000011",
            Fault::DuplicateIndexes => "0000fa17-0000-4000-8000-000000000012",
            Fault::Empty200 => "0000fa17-0000-4000-8000-000000000013",
            Fault::Html200 => "0000fa17-0000-4000-8000-000000000014",
        }
    }

    /// The fault served under `id`, if it is one of the fixed ids.
    pub fn from_id(id: &str) -> Option<Fault> {
        let id = id.trim();
        Fault::ALL
            .into_iter()
            .find(|fault| fault.id().eq_ignore_ascii_case(id))
    }

    /// What its fixed id serves: the fault for ever, except the two a person watches pass —
    /// [`Fault::ResetMidAnswer`] breaks [`RESETS_BEFORE_ANSWER`] times and
    /// [`Fault::RetryAfterDay`] once, then the documented answer (for `id`) comes whole.
    pub fn script(self, id: &str) -> Script {
        match self {
            Fault::ResetMidAnswer => Script::then(
                std::iter::repeat_n(self.reply(id), RESETS_BEFORE_ANSWER),
                scenarios::documented(id),
            ),
            Fault::RetryAfterDay => Script::then([self.reply(id)], scenarios::documented(id)),
            _ => Script::always(self.reply(id)),
        }
    }

    /// One answer with this fault, to a request for batch `id`.
    pub fn reply(self, id: &str) -> Reply {
        match self {
            Fault::Drip => Reply::Drip {
                status: 200,
                body: documented_bytes(id),
                every: Duration::from_millis(250),
                bytes_per_step: 1,
            },
            Fault::Huge => huge(id),
            Fault::GzipBomb => Reply::Body {
                status: 200,
                content_type: "application/json",
                body: gzip_bomb(id, GZIP_BOMB_INFLATED_BYTES),
                headers: vec![("content-encoding", "gzip".to_owned())],
            },
            Fault::ResetMidAnswer => {
                let whole = documented_bytes(id);
                Reply::DropMidBody {
                    status: 200,
                    partial: whole.slice(..120.min(whole.len())),
                }
            }
            Fault::RedirectElsewhere => Reply::RedirectAway { status: 302 },
            Fault::RetryAfterDay => Reply::too_many_requests(24 * 60 * 60),
            Fault::AnotherBatch => {
                let other = if id.eq_ignore_ascii_case(ANOTHER_BATCH_ID) {
                    scenarios::DOCUMENTED_ID
                } else {
                    ANOTHER_BATCH_ID
                };
                Reply::ok(sample::completed(
                    other,
                    &sample::rows(5, 0xfa17, 80, true),
                    Some(json!({"campaign": "someone else's batch"})),
                    StatsStyle::Current,
                ))
            }
            Fault::Truncated => {
                let whole = documented_bytes(id);
                Reply::Truncated {
                    status: 200,
                    declared_length: whole.len() as u64,
                    sent: whole.slice(..whole.len() / 2),
                }
            }
            Fault::InvalidUtf8 => Reply::ok(invalid_utf8(id)),
            Fault::DeepNesting => Reply::ok(deep_nesting(id)),
            Fault::WrongTypes => Reply::ok(wrong_types(id)),
            Fault::DuplicateIndexes => Reply::ok(duplicate_indexes(id)),
            Fault::Empty200 => Reply::ok(Bytes::new()),
            Fault::Html200 => Reply::Body {
                status: 200,
                content_type: "text/html; charset=utf-8",
                body: Bytes::from_static(CAPTIVE_PORTAL.as_bytes()),
                headers: Vec::new(),
            },
        }
    }
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A hotel Wi-Fi's sign-in page, answered with 200 to every address until one signs in.
const CAPTIVE_PORTAL: &str = "<!DOCTYPE html>\n<html><head><title>Welcome to Hotel Wi-Fi</title>\
    </head>\n<body><h1>Welcome to Hotel Wi-Fi</h1>\n<p>Please accept the terms of use to \
    connect to the internet.</p>\n<form method=\"post\" action=\"/login\"><input type=\"submit\" \
    value=\"Accept and connect\"></form>\n</body></html>\n";

fn documented_bytes(id: &str) -> Bytes {
    match scenarios::documented(id) {
        Reply::Body { body, .. } => body,
        _ => Bytes::new(),
    }
}

fn huge(id: &str) -> Reply {
    static FILLER: OnceLock<Bytes> = OnceLock::new();
    let filler = FILLER.get_or_init(|| {
        // Whole rows only, so the answer stays valid JSON however often the filler repeats.
        let row = "{\"index\":0,\"qualification\":\"not_found\",\"params\":\
                   {\"linkedin_url\":\"https://www.linkedin.com/in/someone-far-too-large\"}},";
        Bytes::from(row.repeat(64 * 1024 / row.len()))
    });
    let head = Bytes::from(format!(
        "{{\"general\":{{\"id\":\"{id}\",\"status\":\"completed\"}},\"results\":["
    ));
    let tail = Bytes::from_static(b"{\"index\":0,\"qualification\":\"not_found\"}]}");
    Reply::Stream {
        status: 200,
        content_type: "application/json",
        head,
        filler: filler.clone(),
        times: HUGE_BYTES / filler.len(),
        tail,
    }
}

/// A gzip file of `inflated` bytes (rounded to whole mebibytes of whitespace), made in a few
/// milliseconds: the whitespace's compressed form is made once and repeated. Each part is
/// compressed on its own and ended with a full flush (byte-aligned, referring to nothing before
/// it), so the parts can be laid end to end in one deflate stream; only the last ends it. The
/// trailer's checksum is right, so a decoder that reads it all finds nothing wrong.
pub(crate) fn gzip_bomb(id: &str, inflated: usize) -> Bytes {
    use flate2::{Crc, FlushCompress};

    const PART: usize = 1024 * 1024;
    static SPACES: OnceLock<(Vec<u8>, Crc)> = OnceLock::new();
    let (spaces, spaces_crc) = SPACES.get_or_init(|| {
        let raw = vec![b' '; PART];
        let mut crc = Crc::new();
        crc.update(&raw);
        (deflate_part(&raw, FlushCompress::Full), crc)
    });
    let head = format!("{{\"general\":{{\"id\":\"{id}\",\"status\":\"completed\"}},\"results\":[");
    let tail = "],\"stats\":{\"requested\":0}}";
    let parts = inflated.div_ceil(PART).max(1);

    let mut crc = Crc::new();
    crc.update(head.as_bytes());
    for _ in 0..parts {
        crc.combine(spaces_crc);
    }
    let mut tail_crc = Crc::new();
    tail_crc.update(tail.as_bytes());
    crc.combine(&tail_crc);

    let head_part = deflate_part(head.as_bytes(), FlushCompress::Full);
    let tail_part = deflate_part(tail.as_bytes(), FlushCompress::Finish);
    let mut file = Vec::with_capacity(20 + head_part.len() + spaces.len() * parts + 64);
    // The gzip header: deflate, no name, no time, unknown system.
    file.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
    file.extend_from_slice(&head_part);
    for _ in 0..parts {
        file.extend_from_slice(spaces);
    }
    file.extend_from_slice(&tail_part);
    file.extend_from_slice(&crc.sum().to_le_bytes());
    // ISIZE is the length modulo 2^32, as RFC 1952 says.
    file.extend_from_slice(&crc.amount().to_le_bytes());
    Bytes::from(file)
}

/// `data` as raw deflate blocks from a fresh compressor, ended by `flush`.
fn deflate_part(data: &[u8], flush: flate2::FlushCompress) -> Vec<u8> {
    let mut compress = flate2::Compress::new(flate2::Compression::best(), false);
    let mut out = Vec::with_capacity(data.len() / 256 + 256);
    loop {
        out.reserve(4096);
        let consumed = usize::try_from(compress.total_in()).unwrap_or(data.len());
        let status = compress.compress_vec(&data[consumed.min(data.len())..], &mut out, flush);
        let all_in = usize::try_from(compress.total_in()).unwrap_or(data.len()) >= data.len();
        match status {
            Ok(flate2::Status::StreamEnd) | Err(_) => break,
            // Done when everything went in and the output did not fill what it was given.
            Ok(_) if all_in && out.len() < out.capacity() => break,
            Ok(_) => {}
        }
    }
    out
}

fn invalid_utf8(id: &str) -> Bytes {
    let text = format!(
        "{{\"general\":{{\"id\":\"{id}\",\"status\":\"completed\"}},\"results\":[\
         {{\"index\":0,\"qualification\":\"found\",\"number\":\"+4915112345678\",\"country\":\"DE\",\
         \"params\":{{\"firstname\":\"J@rgen\",\"lastname\":\"M@ller\",\"company_name\":\"Schr@der GmbH\"}}}},\
         {{\"index\":1,\"qualification\":\"not_found\",\"params\":{{\"firstname\":\"Ren@e\",\
         \"lastname\":\"Lef@vre\",\"company_domain\":\"sge.fr\"}}}}],\
         \"stats\":{{\"credits_cost\":80,\"credits_to_refund\":40,\"found\":1,\"requested\":2}}}}"
    );
    // The accented letters as Latin-1 bytes, as an old system or a misconfigured proxy writes
    // them: ü, ü, ö, é, è.
    let mut latin1 = [0xfc_u8, 0xfc, 0xf6, 0xe9, 0xe8].into_iter();
    let bytes: Vec<u8> = text
        .bytes()
        .map(|b| {
            if b == b'@' {
                latin1.next().unwrap_or(b'?')
            } else {
                b
            }
        })
        .collect();
    Bytes::from(bytes)
}

fn deep_nesting(id: &str) -> Bytes {
    let mut text =
        format!("{{\"general\":{{\"id\":\"{id}\",\"status\":\"completed\"}},\"results\":[");
    text.reserve(NESTING_DEPTH * 2 + 2);
    text.extend(std::iter::repeat_n('[', NESTING_DEPTH));
    text.extend(std::iter::repeat_n(']', NESTING_DEPTH));
    text.push_str("]}");
    Bytes::from(text)
}

fn wrong_types(id: &str) -> Bytes {
    let results = json!([
        // The index as an object, the number as a JSON number.
        {"index": {"value": 0}, "qualification": "found", "number": 33_612_345_678_u64,
         "country": "FR", "params": {"firstname": "Anaïs", "lastname": "Moreau"}},
        // The number and the country as arrays.
        {"index": 1, "qualification": "found", "number": ["+31612345678"], "country": ["NL"],
         "params": {"linkedin_url": "https://www.linkedin.com/in/daan-de-vries"}},
        // The names as arrays and numbers, the qualification as a boolean.
        {"index": "2", "qualification": true, "params": {"firstname": ["Sven"], "lastname": 42,
         "company_name": {"name": "Nordisk"}}},
        // The params as a string, the country as a number, the custom value as an object.
        {"index": 3.0, "qualification": "not_found", "country": 49, "params": "Jürgen Groß",
         "custom": {"crm": [1, 2]}},
        // Everything null.
        {"index": null, "qualification": null, "number": null, "country": null, "params": null},
        // The params as an array, the qualification as a number.
        {"index": [5], "qualification": 1, "params": ["Chloé", "Dubois"]},
    ]);
    debug_assert_eq!(
        results.as_array().map(Vec::len),
        Some(WRONG_TYPES_ROWS),
        "the constant counts the rows"
    );
    sample::to_bytes(&json!({
        "general": {"id": id, "status": "completed", "custom": ["not", "an", "object"]},
        "results": results,
        "stats": {"credits_cost": "240", "credits_to_refund": [40], "found": {"n": 2},
                  "requested": "six"},
    }))
}

fn duplicate_indexes(id: &str) -> Bytes {
    let results = json!([
        {"index": 0, "qualification": "found", "number": "+33612345678", "country": "FR",
         "params": {"firstname": "Chloé", "lastname": "Dubois", "company_name": "Maison Verte"}},
        {"index": 1, "qualification": "found", "number": "+31612345678", "country": "NL",
         "params": {"firstname": "Daan", "lastname": "Janssen", "company_name": "Noordzee"}},
        // Index 1 again, someone else entirely.
        {"index": 1, "qualification": "found", "number": "+4915112345678", "country": "DE",
         "params": {"firstname": "Finn", "lastname": "Müller", "company_name": "Alpenblick"}},
        {"index": 2, "qualification": "not_found",
         "params": {"linkedin_url": "https://www.linkedin.com/in/sara-johansson"}},
    ]);
    debug_assert_eq!(
        results.as_array().map(Vec::len),
        Some(DUPLICATE_INDEXES_ROWS)
    );
    sample::to_bytes(&json!({
        "general": {"id": id, "status": "completed"},
        "results": results,
        "stats": {"credits_cost": 160, "credits_to_refund": 40, "found": 3, "requested": 4},
    }))
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    #[test]
    fn every_fault_has_its_own_id_and_name() {
        let ids: std::collections::BTreeSet<_> = Fault::ALL.iter().map(|f| f.id()).collect();
        let names: std::collections::BTreeSet<_> = Fault::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(ids.len(), Fault::ALL.len());
        assert_eq!(names.len(), Fault::ALL.len());
        for fault in Fault::ALL {
            assert_eq!(Fault::from_id(&fault.id().to_uppercase()), Some(fault));
            assert!(
                scenarios::SCENARIOS
                    .iter()
                    .all(|named| named.id != fault.id()),
                "{fault} shares an id with a scenario"
            );
        }
    }

    #[test]
    fn the_gzip_bomb_is_small_valid_gzip_of_valid_json() {
        let inflated = 8 * 1024 * 1024;
        let bomb = gzip_bomb("x", inflated);
        assert!(bomb.len() < inflated / 500, "{} bytes", bomb.len());
        let mut text = Vec::new();
        // The decoder checks the trailer's checksum and length.
        flate2::read::GzDecoder::new(&bomb[..])
            .read_to_end(&mut text)
            .expect("valid gzip");
        assert!(text.len() >= inflated, "{}", text.len());
        let value: serde_json::Value = serde_json::from_slice(&text).expect("valid JSON");
        assert_eq!(value["general"]["id"], "x");
        // The real one: a megabyte or so on the wire.
        let real = gzip_bomb("x", GZIP_BOMB_INFLATED_BYTES);
        assert!(real.len() < 2 * 1024 * 1024, "{} bytes", real.len());
    }

    #[test]
    fn the_json_faults_are_what_they_say() {
        let parse = |fault: Fault| match fault.reply("x") {
            Reply::Body { body, .. } => serde_json::from_slice::<serde_json::Value>(&body),
            other => panic!("{other:?}"),
        };
        assert!(parse(Fault::InvalidUtf8).is_err());
        assert!(std::str::from_utf8(&invalid_utf8("x")).is_err());
        let deep = deep_nesting("x");
        assert_eq!(
            deep.iter().filter(|b| **b == b'[').count(),
            NESTING_DEPTH + 1
        );
        let wrong = parse(Fault::WrongTypes).expect("valid JSON");
        assert_eq!(
            wrong["results"].as_array().map(Vec::len),
            Some(WRONG_TYPES_ROWS)
        );
        let duplicates = parse(Fault::DuplicateIndexes).expect("valid JSON");
        assert_eq!(
            duplicates["results"].as_array().map(Vec::len),
            Some(DUPLICATE_INDEXES_ROWS)
        );
        let another = parse(Fault::AnotherBatch).expect("valid JSON");
        assert_eq!(another["general"]["id"], ANOTHER_BATCH_ID);
    }
}
