//! Realistic batch data: found and not-found rows, several countries, names with accents,
//! searches by LinkedIn URL or by name and company, per-row custom values. Deterministic for a
//! given seed, so tests and benchmarks see the same data every run.

use bytes::Bytes;
use serde::Serialize;
use serde_json::{Value, json};

/// Credits a found number costs.
pub const CREDITS_PER_SEARCH: u64 = 40;

const FIRST_NAMES: &[&str] = &[
    "Michael",
    "Dwight",
    "Pam",
    "Zoë",
    "José",
    "François",
    "Łukasz",
    "Søren",
    "Anaïs",
    "Jürgen",
    "Çağla",
    "Marie",
    "Sven",
    "Inès",
    "Renée",
    "Björn",
    "Ngozi",
    "Aoife",
    "Ivan",
    "Chloé",
];
const LAST_NAMES: &[&str] = &[
    "Scott",
    "Schrute",
    "Beesly",
    "Müller",
    "Núñez",
    "Lefèvre",
    "Kowalski",
    "Jørgensen",
    "van den Berg",
    "O'Brien",
    "de Vries",
    "García",
    "Dubois",
    "Janssens",
    "Öztürk",
    "Moreau",
];
const COMPANIES: &[(&str, &str)] = &[
    ("Dunder Mifflin", "dundermifflin.com"),
    ("Acme, Inc.", "acme.example"),
    ("Müller & Söhne GmbH", "mueller-soehne.de"),
    ("Société Générale d'Études", "sge.fr"),
    ("Koninklijke Bakkerij", "bakkerij.nl"),
    ("Café \"De Zwaan\"", "dezwaan.be"),
    ("Nordisk Fjord A/S", "fjord.dk"),
    ("Initech", "initech.example"),
];
/// Country and a number prefix that makes a plausible mobile number there.
/// (country, the start of its numbers, how many random digits follow): ranges that the
/// countries' numbering plans give out, mostly mobiles and some landlines, as a real batch has.
const COUNTRIES: &[(&str, &str, usize)] = &[
    ("US", "+1570555", 4),
    ("FR", "+3361", 7),
    ("FR", "+3368", 7),
    ("FR", "+331", 8),
    ("NL", "+3161", 7),
    ("NL", "+3120", 7),
    ("DE", "+49151", 8),
    ("DE", "+4930", 8),
    ("GB", "+4474", 8),
    ("GB", "+44207", 7),
    ("BE", "+3247", 7),
    ("ES", "+346", 8),
];

/// One result row as Enrow writes it.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub index: u64,
    pub qualification: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    pub params: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom: Option<Value>,
}

impl Row {
    pub fn is_found(&self) -> bool {
        self.qualification == "found"
    }
}

/// Generated rows: about `found_percent`% found, in index order.
pub fn rows(count: usize, seed: u64, found_percent: u32, with_custom: bool) -> Vec<Row> {
    let mut rng = fastrand::Rng::with_seed(seed);
    (0..count as u64)
        .map(|index| {
            let first = FIRST_NAMES[rng.usize(..FIRST_NAMES.len())];
            let last = LAST_NAMES[rng.usize(..LAST_NAMES.len())];
            let (company, domain) = COMPANIES[rng.usize(..COMPANIES.len())];
            let params = match rng.u8(..3) {
                0 => json!({"linkedin_url": linkedin_url(first, last, index)}),
                1 => json!({"firstname": first, "lastname": last, "company_domain": domain}),
                _ => json!({"firstname": first, "lastname": last, "company_name": company}),
            };
            let found = rng.u32(..100) < found_percent;
            let (number, country) = if found {
                let (country, prefix, digits) = COUNTRIES[rng.usize(..COUNTRIES.len())];
                let tail: String = (0..digits).map(|_| rng.digit(10)).collect();
                (Some(format!("{prefix}{tail}")), Some(country.to_owned()))
            } else {
                (None, None)
            };
            Row {
                index,
                qualification: if found { "found" } else { "not_found" },
                number,
                country,
                params,
                custom: (with_custom && index % 3 != 2)
                    .then(|| json!(format!("crm-{:05}", index + 1))),
            }
        })
        .collect()
}

/// Rows whose text is hard to export: accents, CJK, commas, quotes, line breaks, and text that a
/// spreadsheet would run as a formula.
pub fn unicode_rows() -> Vec<Row> {
    let row =
        |index, number: Option<&str>, country: Option<&str>, params: Value, custom: Value| Row {
            index,
            qualification: if number.is_some() {
                "found"
            } else {
                "not_found"
            },
            number: number.map(str::to_owned),
            country: country.map(str::to_owned),
            params,
            custom: Some(custom),
        };
    vec![
        row(
            0,
            Some("+33612345678"),
            Some("FR"),
            json!({"firstname": "François", "lastname": "Lefèvre-Müller", "company_name": "Société Générale d'Études"}),
            json!("Zoë, \"VIP\""),
        ),
        row(
            1,
            Some("+81312345678"),
            Some("JP"),
            json!({"firstname": "太郎", "lastname": "山田", "company_name": "東京商事株式会社"}),
            json!("日本語のメモ"),
        ),
        row(
            2,
            None,
            None,
            json!({"firstname": "Ærin", "lastname": "Ødegård", "company_domain": "fjord.dk"}),
            json!("line one\nline two"),
        ),
        row(
            3,
            Some("+4915112345678"),
            Some("DE"),
            json!({"linkedin_url": "https://www.linkedin.com/in/jürgen-groß"}),
            json!("=HYPERLINK(\"http://evil.example\",\"click\")"),
        ),
        row(
            4,
            Some("+31612345678"),
            Some("NL"),
            json!({"firstname": "Łukasz", "lastname": "Żółć", "company_name": "Smith, Jones & Co"}),
            json!("+31 is not a formula"),
        ),
        row(
            5,
            None,
            None,
            json!({"firstname": "-Ann", "lastname": "@Lee", "company_name": "=1+1"}),
            json!("@mention"),
        ),
        row(
            6,
            Some("+5511912345678"),
            Some("BR"),
            json!({"firstname": "João", "lastname": "Conceição", "company_domain": "empresa.com.br"}),
            json!("emoji 📞 ok"),
        ),
        row(
            7,
            Some("+12025550143"),
            Some("US"),
            json!({"linkedin_url": "https://www.linkedin.com/in/o-brien"}),
            json!({"crm_id": 42, "owner": "Renée"}),
        ),
    ]
}

fn linkedin_url(first: &str, last: &str, index: u64) -> String {
    let slug: String = format!("{first}-{last}")
        .chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' => c.to_ascii_lowercase(),
            _ => '-',
        })
        .collect();
    format!("https://www.linkedin.com/in/{slug}-{index}")
}

/// Which figures a completed answer carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatsStyle {
    /// `found` and `credits_to_refund`, as documented today.
    Current,
    /// `valid` instead of `found`, no `credits_to_refund`: an older API version.
    Legacy,
}

/// A completed answer for `rows`, in the order given.
pub fn completed(id: &str, rows: &[Row], custom: Option<Value>, style: StatsStyle) -> Bytes {
    #[derive(Serialize)]
    struct Answer<'a> {
        general: Value,
        results: &'a [Row],
        stats: Value,
    }
    let requested = rows.len() as u64;
    let found = rows.iter().filter(|r| r.is_found()).count() as u64;
    let mut general = json!({"id": id, "status": "completed"});
    if let Some(custom) = custom {
        general["custom"] = custom;
    }
    let stats = match style {
        StatsStyle::Current => json!({
            "credits_cost": requested * CREDITS_PER_SEARCH,
            "credits_to_refund": (requested - found) * CREDITS_PER_SEARCH,
            "found": found,
            "requested": requested,
        }),
        StatsStyle::Legacy => json!({
            "credits_cost": found * 50,
            "valid": found,
            "requested": requested,
        }),
    };
    to_bytes(&Answer {
        general,
        results: rows,
        stats,
    })
}

pub fn ongoing(id: &str, finished: u64, requested: u64) -> Bytes {
    to_bytes(&json!({
        "general": {"id": id, "status": "ongoing"},
        "stats": {"requested": requested, "finished": finished},
    }))
}

pub fn failed(id: &str, finished: u64, requested: u64) -> Bytes {
    to_bytes(&json!({
        "general": {"id": id, "status": "failed"},
        "stats": {
            "requested": requested,
            "finished": finished,
            "credits_cost": requested * CREDITS_PER_SEARCH,
            "credits_to_refund": requested * CREDITS_PER_SEARCH,
            "found": 0,
        },
    }))
}

pub(crate) fn to_bytes<T: Serialize>(value: &T) -> Bytes {
    // Serialising plain data to memory cannot fail; an empty body would show up in any test.
    serde_json::to_vec(value)
        .map(Bytes::from)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_deterministic_and_mixed() {
        let a = rows(500, 7, 60, true);
        let b = rows(500, 7, 60, true);
        assert_eq!(
            serde_json::to_string(&a).ok(),
            serde_json::to_string(&b).ok()
        );
        let found = a.iter().filter(|r| r.is_found()).count();
        assert!((250..350).contains(&found), "{found} found");
        let countries: std::collections::BTreeSet<_> =
            a.iter().filter_map(|r| r.country.clone()).collect();
        assert!(countries.len() >= 5);
        assert!(a.iter().all(|r| r.is_found() == r.number.is_some()));
    }

    #[test]
    fn completed_counts_credits() {
        let data = rows(10, 1, 50, false);
        let found = data.iter().filter(|r| r.is_found()).count() as u64;
        let answer: Value =
            serde_json::from_slice(&completed("x", &data, None, StatsStyle::Current))
                .expect("json");
        assert_eq!(answer["stats"]["found"], found);
        assert_eq!(answer["stats"]["credits_to_refund"], (10 - found) * 40);
        assert_eq!(answer["results"].as_array().map(Vec::len), Some(10));
    }
}
