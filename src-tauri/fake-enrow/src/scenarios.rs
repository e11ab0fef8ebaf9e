//! Ready-made batches, one per documented variant and failure, each under a fixed id so tests,
//! manual checks and the README can name them.

use std::time::Duration;

use bytes::Bytes;
use serde_json::json;

use crate::reply::{Reply, Script};
use crate::sample::{self, StatsStyle};

/// The batch of Enrow's own documentation example.
pub const DOCUMENTED_ID: &str = "e3b61122-d6a6-4ea7-b331-9b734682a76a";

/// Enrow's documented completed answer, byte for byte.
pub const DOCUMENTED_ANSWER: &str = r#"{
  "general": {
    "id": "e3b61122-d6a6-4ea7-b331-9b734682a76a",
    "status": "completed"
  },
  "results": [
    {
      "country": "US",
      "index": 0,
      "number": "+15705551234",
      "params": {
        "linkedin_url": "https://www.linkedin.com/in/michael-scott"
      },
      "qualification": "found"
    },
    {
      "country": "US",
      "index": 1,
      "number": "+15705555678",
      "params": {
        "linkedin_url": "https://www.linkedin.com/in/dwight-schrute"
      },
      "qualification": "found"
    }
  ],
  "stats": {
    "credits_cost": 80,
    "credits_to_refund": 0,
    "found": 2,
    "requested": 2
  }
}"#;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Scenario {
    /// Enrow's documentation example, completed at once.
    Documented,
    /// Ongoing for three checks, then completed with 25 rows.
    OngoingThenCompleted,
    /// Ongoing for ever.
    OngoingForever,
    /// Failed on Enrow's side, with partial figures.
    Failed,
    /// The older answer: `valid` instead of `found`, no `credits_to_refund`.
    LegacyStats,
    /// Found and not-found rows, shuffled order, batch and row custom data, unknown fields.
    NotFoundMix,
    /// Accents, CJK, commas, quotes, line breaks and formula-like text.
    Unicode,
    /// A completed batch of Enrow's maximum size, 3,000 rows.
    Rows3000,
    /// 100,000 rows (16 MB), for headroom and benchmarks.
    Rows100000,
    /// A completed batch with no rows.
    Empty,
    /// 500, then an HTML 502 page, then 503, then completed.
    FlakyThenCompleted,
    /// 429 with `Retry-After: 1`, then completed.
    RateLimitedThenCompleted,
    /// 500 `{"message": …}` for ever.
    AlwaysServerError,
    /// An HTML 502 gateway page for ever.
    AlwaysHtml502,
    /// The documented answer after 5 seconds.
    Slow,
    /// The connection drops half-way through the body, for ever.
    DroppedMidBody,
    /// A 200 whose body is cut-off JSON, for ever.
    InvalidJson,
    /// `"status": "queued"`, a status the documentation does not list, then completed.
    UnknownStatusThenCompleted,
    /// 402 `Insufficient credits`.
    InsufficientCredits402,
    /// 422 `Insufficient balance`, as older versions answer.
    InsufficientCredits422,
    /// 404 `{"message":"Bulk search not found"}`, as an older reference page answers an
    /// unknown batch.
    NotFound404,
    /// The spellings of Enrow's SDKs and email endpoints: `first_name` / `last_name` beside
    /// `firstname` / `lastname` in one batch, and `index` as a string, rows in scrambled order.
    SdkSpelling,
}

/// A named scenario and the id it lives under.
#[derive(Debug, Clone, Copy)]
pub struct NamedScenario {
    pub id: &'static str,
    pub name: &'static str,
    pub scenario: Scenario,
}

macro_rules! named {
    ($($id:literal $name:literal $scenario:ident),* $(,)?) => {
        /// Every ready-made batch.
        pub const SCENARIOS: &[NamedScenario] = &[
            $(NamedScenario { id: $id, name: $name, scenario: Scenario::$scenario }),*
        ];
    };
}

named! {
    "e3b61122-d6a6-4ea7-b331-9b734682a76a" "documented" Documented,
    "0000e201-0000-4000-8000-000000000001" "ongoing-then-completed" OngoingThenCompleted,
    "0000e201-0000-4000-8000-000000000002" "ongoing-forever" OngoingForever,
    "0000e201-0000-4000-8000-000000000003" "failed" Failed,
    "0000e201-0000-4000-8000-000000000004" "legacy-stats" LegacyStats,
    "0000e201-0000-4000-8000-000000000005" "not-found-mix" NotFoundMix,
    "0000e201-0000-4000-8000-000000000006" "unicode" Unicode,
    "0000e201-0000-4000-8000-000000000007" "rows-3000" Rows3000,
    "0000e201-0000-4000-8000-000000000008" "rows-100000" Rows100000,
    "0000e201-0000-4000-8000-000000000009" "empty" Empty,
    "0000e201-0000-4000-8000-000000000010" "flaky-then-completed" FlakyThenCompleted,
    "0000e201-0000-4000-8000-000000000011" "rate-limited-then-completed" RateLimitedThenCompleted,
    "0000e201-0000-4000-8000-000000000012" "always-500" AlwaysServerError,
    "0000e201-0000-4000-8000-000000000013" "always-html-502" AlwaysHtml502,
    "0000e201-0000-4000-8000-000000000014" "slow" Slow,
    "0000e201-0000-4000-8000-000000000015" "dropped-mid-body" DroppedMidBody,
    "0000e201-0000-4000-8000-000000000016" "invalid-json" InvalidJson,
    "0000e201-0000-4000-8000-000000000017" "unknown-status" UnknownStatusThenCompleted,
    "0000e201-0000-4000-8000-000000000018" "insufficient-credits-402" InsufficientCredits402,
    "0000e201-0000-4000-8000-000000000019" "insufficient-credits-422" InsufficientCredits422,
    "0000e201-0000-4000-8000-000000000020" "not-found-404" NotFound404,
    "0000e201-0000-4000-8000-000000000021" "sdk-spelling" SdkSpelling,
}

/// The id of a named scenario.
pub fn id_of(scenario: Scenario) -> &'static str {
    SCENARIOS
        .iter()
        .find(|named| named.scenario == scenario)
        .map_or(DOCUMENTED_ID, |named| named.id)
}

impl Scenario {
    /// The answers this scenario gives for `id`, check after check.
    pub fn script(self, id: &str) -> Script {
        let completed = |rows: &[sample::Row]| {
            Reply::ok(sample::completed(id, rows, None, StatsStyle::Current))
        };
        match self {
            Self::Documented => Script::always(documented(id)),
            Self::OngoingThenCompleted => {
                ongoing_then(id, 25, 3, completed(&sample::rows(25, 11, 60, true)))
            }
            Self::OngoingForever => Script::always(Reply::ok(sample::ongoing(id, 3, 10))),
            Self::Failed => Script::always(Reply::ok(sample::failed(id, 4, 10))),
            Self::LegacyStats => Script::always(Reply::ok(sample::completed(
                id,
                &sample::rows(12, 21, 50, false),
                None,
                StatsStyle::Legacy,
            ))),
            Self::NotFoundMix => Script::always(Reply::ok(not_found_mix(id))),
            Self::Unicode => Script::always(Reply::ok(sample::completed(
                id,
                &sample::unicode_rows(),
                Some(
                    json!({"campagne": "Été 2026", "owner": "Zoë", "note": "a, \"quoted\"\nline"}),
                ),
                StatsStyle::Current,
            ))),
            Self::Rows3000 => Script::always(completed(&sample::rows(3000, 3000, 62, true))),
            Self::Rows100000 => {
                Script::always(completed(&sample::rows(100_000, 100_000, 62, true)))
            }
            Self::Empty => Script::always(completed(&[])),
            Self::FlakyThenCompleted => Script::then(
                [
                    Reply::message(500, "Internal server error"),
                    Reply::html(502),
                    Reply::message(503, "Service unavailable"),
                ],
                completed(&sample::rows(8, 8, 60, false)),
            ),
            Self::RateLimitedThenCompleted => {
                Script::then([Reply::too_many_requests(1)], documented(id))
            }
            Self::AlwaysServerError => Script::always(Reply::message(500, "Internal server error")),
            Self::AlwaysHtml502 => Script::always(Reply::html(502)),
            Self::Slow => Script::always(documented(id).delayed(Duration::from_secs(5))),
            Self::DroppedMidBody => Script::always(Reply::DropMidBody {
                status: 200,
                partial: Bytes::from_static(&DOCUMENTED_ANSWER.as_bytes()[..120]),
            }),
            Self::InvalidJson => Script::always(Reply::invalid_json()),
            Self::UnknownStatusThenCompleted => Script::then(
                [Reply::ok(sample::to_bytes(&json!({
                    "general": {"id": id, "status": "queued"},
                    "stats": {"requested": 2, "finished": 0},
                })))],
                documented(id),
            ),
            Self::InsufficientCredits402 => {
                Script::always(Reply::message(402, "Insufficient credits"))
            }
            Self::InsufficientCredits422 => {
                Script::always(Reply::message(422, "Insufficient balance"))
            }
            Self::NotFound404 => Script::always(Reply::message(404, "Bulk search not found")),
            Self::SdkSpelling => Script::always(Reply::ok(sdk_spelling(id))),
        }
    }
}

/// The documented answer, naming `id` as Enrow names the batch that was asked for.
pub(crate) fn documented(id: &str) -> Reply {
    Reply::ok(Bytes::from(DOCUMENTED_ANSWER.replace(DOCUMENTED_ID, id)))
}

/// `checks` ongoing answers with growing progress, then `done`.
pub fn ongoing_then(id: &str, requested: u64, checks: u32, done: Reply) -> Script {
    let steps = (0..checks).map(|check| {
        let finished = requested * u64::from(check) / u64::from(checks.max(1));
        Reply::ok(sample::ongoing(id, finished, requested))
    });
    Script::then(steps.collect::<Vec<_>>(), done)
}

/// Ten rows in scrambled order, with custom data and fields the documentation does not list.
fn not_found_mix(id: &str) -> Bytes {
    let mut rows = sample::rows(10, 5, 50, true);
    // Enrow does not promise any order.
    rows.reverse();
    rows.swap(0, 4);
    let found = rows.iter().filter(|r| r.is_found()).count() as u64;
    let mut results = serde_json::to_value(&rows).unwrap_or_default();
    if let Some(first) = results.get_mut(0) {
        first["enrichment_source"] = json!("provider-b");
    }
    sample::to_bytes(&json!({
        "general": {
            "id": id,
            "status": "completed",
            "custom": {"campaign": "Q4 leads", "owner": "Marie", "priority": 2},
            "created_at": "2026-11-27T09:14:00Z",
        },
        "results": results,
        "stats": {
            "credits_cost": 400,
            "credits_to_refund": (10 - found) * sample::CREDITS_PER_SEARCH,
            "found": found,
            "requested": 10,
            "duration_seconds": 93,
        },
        "trace": "fake-enrow",
    }))
}

/// Twelve rows as Enrow's SDKs spell them: names as `first_name` / `last_name` in some rows and
/// `firstname` / `lastname` in others, and every `index` a string, in scrambled order (so a
/// text sort would put "10" before "2").
fn sdk_spelling(id: &str) -> Bytes {
    let people = [
        ("Ann", "Peeters", "Brouwerij De Gans"),
        ("Bram", "Janssens", "Fietsen Vos"),
        ("Chloé", "Dubois", "Atelier Lumière"),
        ("Daan", "de Vries", "Kaas & Co"),
        ("Emma", "Müller", "Schröder GmbH"),
        ("Farid", "Benali", "Café Central"),
        ("Greet", "Maes", "Tuincentrum Maes"),
        ("Hugo", "Lefèvre", "Librairie Hugo"),
        ("Iris", "Bakker", "Bakkerij Iris"),
        ("Jules", "Martin", "Garage Martin"),
        ("Kim", "Claes", "Claes Logistics"),
        ("Lotte", "Smit", "Smit Bouw"),
    ];
    let order = [10, 2, 7, 0, 11, 5, 1, 9, 3, 8, 4, 6];
    let results: Vec<serde_json::Value> = order
        .iter()
        .map(|&index| {
            let (first, last, company) = people[index];
            let params = if index % 2 == 0 {
                json!({"first_name": first, "last_name": last, "company_name": company})
            } else {
                json!({"firstname": first, "lastname": last, "company_name": company})
            };
            let found = index % 3 != 0;
            let mut row = json!({
                "index": index.to_string(),
                "qualification": if found { "found" } else { "not_found" },
                "params": params,
            });
            if found {
                row["number"] = json!(format!("+3161234{index:04}"));
                row["country"] = json!("NL");
            }
            row
        })
        .collect();
    let found = results
        .iter()
        .filter(|row| row["qualification"] == "found")
        .count() as u64;
    sample::to_bytes(&json!({
        "general": {"id": id, "status": "completed"},
        "results": results,
        "stats": {
            "credits_cost": 12 * sample::CREDITS_PER_SEARCH,
            "credits_to_refund": (12 - found) * sample::CREDITS_PER_SEARCH,
            "found": found,
            "requested": 12,
        },
    }))
}
