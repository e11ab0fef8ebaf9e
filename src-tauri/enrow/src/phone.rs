//! Phone numbers understood: what kind of line a number is, whether it is valid for its country,
//! and how its country writes it (`06 12 34 56 78`, `+33 6 12 34 56 78`).
//!
//! With libphonenumber's data through the `phonenumber` crate: the Rust port that follows
//! libphonenumber's metadata releases (its version carries theirs, `+9.0.33`), with no C++ to
//! build on three systems. Enrow sends no phone type; the type comes from the numbering plan
//! alone, so a mobile number ported to a landline is not known as such (no operator lookup).
//!
//! Enrow's E.164 number is never changed; what is derived is kept beside it. A number that
//! cannot be read is kept and typed [`PhoneType::Invalid`], never dropped.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::str::FromStr;

use phonenumber::{Mode, PhoneNumber, Type};
use serde::Serialize;

/// The kind of line, as libphonenumber's numbering plans tell it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PhoneType {
    Mobile,
    Landline,
    /// The numbering plan cannot tell (the United States and Canada, among others).
    MobileOrLandline,
    Voip,
    TollFree,
    PremiumRate,
    SharedCost,
    Personal,
    Pager,
    /// A company number, voicemail, a short code…: a real number of no kind above.
    Other,
    /// Not a valid number for its country (or not readable at all).
    Invalid,
}

impl PhoneType {
    pub const ALL: [PhoneType; 11] = [
        Self::Mobile,
        Self::Landline,
        Self::MobileOrLandline,
        Self::Voip,
        Self::TollFree,
        Self::PremiumRate,
        Self::SharedCost,
        Self::Personal,
        Self::Pager,
        Self::Other,
        Self::Invalid,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mobile => "mobile",
            Self::Landline => "landline",
            Self::MobileOrLandline => "mobile_or_landline",
            Self::Voip => "voip",
            Self::TollFree => "toll_free",
            Self::PremiumRate => "premium_rate",
            Self::SharedCost => "shared_cost",
            Self::Personal => "personal",
            Self::Pager => "pager",
            Self::Other => "other",
            Self::Invalid => "invalid",
        }
    }

    /// Mobiles, and the numbers that may be ones: what "Mobiles only" keeps.
    pub fn may_be_mobile(self) -> bool {
        matches!(self, Self::Mobile | Self::MobileOrLandline)
    }

    fn of(kind: Type) -> Self {
        match kind {
            Type::Mobile => Self::Mobile,
            Type::FixedLine => Self::Landline,
            Type::FixedLineOrMobile => Self::MobileOrLandline,
            Type::Voip => Self::Voip,
            Type::TollFree => Self::TollFree,
            Type::PremiumRate => Self::PremiumRate,
            Type::SharedCost => Self::SharedCost,
            Type::PersonalNumber => Self::Personal,
            Type::Pager => Self::Pager,
            Type::Unknown => Self::Invalid,
            _ => Self::Other,
        }
    }
}

/// What a number is, beside the number itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PhoneInfo {
    #[serde(rename = "type")]
    pub kind: PhoneType,
    pub valid: bool,
    /// As its country writes it at home: `06 12 34 56 78`.
    pub national: Option<String>,
    /// As it is written from abroad: `+33 6 12 34 56 78`.
    pub international: Option<String>,
    /// The region the number belongs to (ISO 3166-1 alpha-2), when the plan tells.
    pub region: Option<String>,
}

impl PhoneInfo {
    fn unreadable() -> Self {
        Self {
            kind: PhoneType::Invalid,
            valid: false,
            national: None,
            international: None,
            region: None,
        }
    }
}

/// Loads libphonenumber's data (a few milliseconds, once per process), so the first batch shown
/// does not wait for it. Call it early, off the UI thread.
pub fn warm_up() {
    let _ = classify("+33612345678", None);
}

/// What `number` is. Enrow sends E.164 (`+33612345678`), read without a country; anything else
/// is read as a number of `country` (Enrow's ISO 3166-1 alpha-2 code for the row), if given.
pub fn classify(number: &str, country: Option<&str>) -> PhoneInfo {
    // The parser has panicked on malformed input in the past; one odd cell must never take the
    // app or an export down with it.
    catch_unwind(AssertUnwindSafe(|| classify_unguarded(number, country)))
        .unwrap_or_else(|_| PhoneInfo::unreadable())
}

fn classify_unguarded(number: &str, country: Option<&str>) -> PhoneInfo {
    let number = number.trim();
    let parsed = if number.starts_with('+') {
        phonenumber::parse(None, number)
    } else {
        let region = country.and_then(|c| phonenumber::country::Id::from_str(c.trim()).ok());
        phonenumber::parse(region, number)
    };
    let Ok(parsed) = parsed else {
        return PhoneInfo::unreadable();
    };
    let valid = parsed.is_valid();
    let database = &*phonenumber::metadata::DATABASE;
    let (kind, region) = if valid {
        match parsed.number_type(database) {
            Type::Unknown => by_every_region(&parsed, database),
            kind => (kind, parsed.country().id().map(|id| id.as_ref().to_owned())),
        }
    } else {
        (Type::Unknown, None)
    };
    PhoneInfo {
        kind: if valid {
            PhoneType::of(kind)
        } else {
            PhoneType::Invalid
        },
        valid,
        national: Some(format(&parsed, Mode::National)),
        international: Some(format(&parsed, Mode::International)),
        region,
    }
}

/// The type of a valid number that the crate could not type: it matches the plans against the
/// national number without its leading zeros, which Italy's landlines keep (`+39 06 …`), and
/// then finds no region. Each region of the country code is asked with the whole national
/// number, in the order libphonenumber's own `getNumberType` asks.
fn by_every_region(
    parsed: &PhoneNumber,
    database: &phonenumber::metadata::Database,
) -> (Type, Option<String>) {
    const ORDER: [Type; 9] = [
        Type::PremiumRate,
        Type::TollFree,
        Type::SharedCost,
        Type::Voip,
        Type::PersonalNumber,
        Type::Pager,
        Type::Uan,
        Type::Voicemail,
        Type::FixedLine,
    ];
    let national = parsed.national().to_string();
    let regions = database.by_code(&parsed.code().value()).unwrap_or_default();
    for meta in regions {
        let descriptors = meta.descriptors();
        if !descriptors.general().is_match(&national) {
            continue;
        }
        let matches = |kind: Type| descriptors.get(kind).is_some_and(|d| d.is_match(&national));
        let kind = ORDER.into_iter().find(|kind| matches(*kind)).map_or_else(
            || {
                if matches(Type::Mobile) {
                    Type::Mobile
                } else {
                    Type::Unknown
                }
            },
            |kind| {
                if kind == Type::FixedLine && matches(Type::Mobile) {
                    Type::FixedLineOrMobile
                } else {
                    kind
                }
            },
        );
        if kind != Type::Unknown {
            return (kind, Some(meta.id().to_owned()));
        }
    }
    (Type::Unknown, None)
}

fn format(number: &PhoneNumber, mode: Mode) -> String {
    number.format().mode(mode).to_string()
}

/// Every distinct number of a batch, classified once, on every core: a batch repeats numbers
/// (people of one company share a switchboard), and a 100,000-row export must stay fast.
pub fn classify_all<'a>(
    numbers: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
) -> HashMap<&'a str, PhoneInfo> {
    let mut distinct: Vec<(&str, Option<&str>)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (number, country) in numbers {
        if seen.insert(number) {
            distinct.push((number, country));
        }
    }
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    // Small batches are not worth a thread: spawning costs more than a few hundred numbers.
    if cores == 1 || distinct.len() < 512 {
        return distinct
            .into_iter()
            .map(|(number, country)| (number, classify(number, country)))
            .collect();
    }
    let chunk = distinct.len().div_ceil(cores);
    let mut all: HashMap<&str, PhoneInfo> = std::thread::scope(|scope| {
        let workers: Vec<_> = distinct
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|&(number, country)| (number, classify(number, country)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().unwrap_or_default())
            .collect()
    });
    // A worker only fails where `classify` could not catch a panic: its numbers are done here.
    for &(number, country) in &distinct {
        all.entry(number)
            .or_insert_with(|| classify(number, country));
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (number, the type libphonenumber's plan gives it, its national format), over 16
    /// countries, every type at least once. The numbers follow each plan's published ranges.
    const TABLE: &[(&str, PhoneType, &str)] = &[
        ("+33612345678", PhoneType::Mobile, "06 12 34 56 78"),
        ("+33123456789", PhoneType::Landline, "01 23 45 67 89"),
        ("+33800123456", PhoneType::TollFree, "0 800 12 34 56"),
        ("+33891123456", PhoneType::PremiumRate, "0 891 12 34 56"),
        ("+33810123456", PhoneType::SharedCost, "0 810 12 34 56"),
        ("+33912345678", PhoneType::Voip, "09 12 34 56 78"),
        ("+31612345678", PhoneType::Mobile, "06 12345678"),
        ("+31201234567", PhoneType::Landline, "020 123 4567"),
        ("+32470123456", PhoneType::Mobile, "0470 12 34 56"),
        ("+3222345678", PhoneType::Landline, "02 234 56 78"),
        ("+4915123456789", PhoneType::Mobile, "01512 3456789"),
        ("+49301234567", PhoneType::Landline, "030 1234567"),
        ("+447400123456", PhoneType::Mobile, "07400 123456"),
        ("+442071234567", PhoneType::Landline, "020 7123 4567"),
        ("+447012345678", PhoneType::Personal, "070 1234 5678"),
        ("+447640123456", PhoneType::Pager, "076 4012 3456"),
        (
            "+12015550123",
            PhoneType::MobileOrLandline,
            "(201) 555-0123",
        ),
        ("+18002345678", PhoneType::TollFree, "(800) 234-5678"),
        ("+34612345678", PhoneType::Mobile, "612 34 56 78"),
        ("+34912345678", PhoneType::Landline, "912 34 56 78"),
        ("+393123456789", PhoneType::Mobile, "312 345 6789"),
        ("+390612345678", PhoneType::Landline, "06 1234 5678"),
        ("+41781234567", PhoneType::Mobile, "078 123 45 67"),
        ("+41446681800", PhoneType::Landline, "044 668 18 00"),
        ("+48512345678", PhoneType::Mobile, "512 345 678"),
        ("+48123456789", PhoneType::Landline, "12 345 67 89"),
        // Denmark's plan does not tell mobiles from landlines.
        ("+4520123456", PhoneType::MobileOrLandline, "20 12 34 56"),
        ("+4532123456", PhoneType::MobileOrLandline, "32 12 34 56"),
        ("+46701234567", PhoneType::Mobile, "070-123 45 67"),
        ("+468123456", PhoneType::Landline, "08-12 34 56"),
        ("+351912345678", PhoneType::Mobile, "912 345 678"),
        ("+351212345678", PhoneType::Landline, "21 234 5678"),
        (
            "+16135550123",
            PhoneType::MobileOrLandline,
            "(613) 555-0123",
        ),
        ("+61412345678", PhoneType::Mobile, "0412 345 678"),
        ("+61212345678", PhoneType::Landline, "(02) 1234 5678"),
        ("+445512345678", PhoneType::Other, "055 1234 5678"),
    ];

    #[test]
    fn types_and_national_formats_over_sixteen_countries() {
        let mut wrong = Vec::new();
        for &(number, kind, national) in TABLE {
            let info = classify(number, None);
            if info.kind != kind || info.national.as_deref() != Some(national) || !info.valid {
                wrong.push(format!("{number}: {info:?}, expected {kind:?} {national}"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        let covered: std::collections::HashSet<_> = TABLE.iter().map(|(_, k, _)| *k).collect();
        for kind in PhoneType::ALL {
            assert!(
                covered.contains(&kind) || kind == PhoneType::Invalid,
                "{kind:?} untested"
            );
        }
    }

    #[test]
    fn the_international_format_and_the_region() {
        let rome = classify("+390612345678", None);
        assert_eq!(
            (rome.kind, rome.region.as_deref()),
            (PhoneType::Landline, Some("IT"))
        );
        let info = classify("+33612345678", None);
        assert_eq!(info.international.as_deref(), Some("+33 6 12 34 56 78"));
        assert_eq!(info.region.as_deref(), Some("FR"));
        assert_eq!(classify("+16135550123", None).region.as_deref(), Some("CA"));
    }

    #[test]
    fn what_cannot_be_read_is_kept_as_invalid_never_a_panic() {
        for odd in [
            "",
            "+",
            "++33",
            "+0",
            "+33",
            "+999123456789",
            "+3361234",
            "hello",
            "+33 6 12",
            "+123456789012345678901234567890",
            "\u{0}",
            "+٣٣٦١٢٣٤٥٦٧٨",
            "+1 (800) FLOWERS",
        ] {
            let info = classify(odd, None);
            assert!(
                !info.valid || odd == "+1 (800) FLOWERS",
                "{odd:?}: {info:?}"
            );
            if !info.valid {
                assert_eq!(info.kind, PhoneType::Invalid, "{odd:?}");
            }
        }
    }

    #[test]
    fn a_number_without_its_prefix_is_read_in_enrows_country() {
        let info = classify("0612345678", Some("FR"));
        assert_eq!(info.kind, PhoneType::Mobile);
        assert_eq!(info.international.as_deref(), Some("+33 6 12 34 56 78"));
        assert_eq!(classify("0612345678", None).kind, PhoneType::Invalid);
    }

    #[test]
    fn each_distinct_number_is_classified_once_and_none_is_lost() {
        let numbers: Vec<String> = (0..3000)
            .map(|n| format!("+336{:08}", 12_000_000 + n % 1200))
            .chain(["not a number".to_owned()])
            .collect();
        let all = classify_all(numbers.iter().map(|n| (n.as_str(), None)));
        assert_eq!(all.len(), 1201, "one entry per distinct number");
        assert!(all.values().filter(|i| i.kind == PhoneType::Mobile).count() == 1200);
        assert_eq!(all["not a number"].kind, PhoneType::Invalid);
    }

    #[test]
    fn mobiles_only_keeps_mobiles_and_maybe_mobiles() {
        let kept: Vec<_> = PhoneType::ALL
            .into_iter()
            .filter(|k| k.may_be_mobile())
            .collect();
        assert_eq!(kept, [PhoneType::Mobile, PhoneType::MobileOrLandline]);
    }
}
