//! Phone numbers understood: what kind of line a number is, whether it is valid for its country,
//! and how its country writes it (`06 12 34 56 78`, `+33 6 12 34 56 78`).
//!
//! With libphonenumber's data through `rlibphonenumber`: a Rust port of libphonenumber's
//! `PhoneNumberUtil` that follows its metadata releases (9.0.42 here), is fuzzed against the
//! C++ library, and needs no C++ on three systems. Chosen over the older `phonenumber` crate,
//! which shares one cache of 100 compiled patterns behind one lock: a batch of several
//! countries pushes each country's patterns out of it, and 3,000 numbers took 100 ms to 1 s
//! there, against 10 ms here; it also could not type Italy's landlines (`+39 06 …`).
//!
//! Enrow sends no phone type; the type comes from the numbering plan alone, so a mobile number
//! ported to a landline is not known as such (no operator lookup).
//!
//! Enrow's E.164 number is never changed; what is derived is kept beside it. A number that
//! cannot be read is kept and typed [`PhoneType::Invalid`], never dropped.

use std::collections::{HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::str::FromStr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use rlibphonenumber::enums::Region;
use rlibphonenumber::{PhoneNumber, PhoneNumberFormat, PhoneNumberType as Type, PhoneNumberUtil};
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
            Type::VoIP => Self::Voip,
            Type::TollFree => Self::TollFree,
            Type::PremiumRate => Self::PremiumRate,
            Type::SharedCost => Self::SharedCost,
            Type::PersonalNumber => Self::Personal,
            Type::Pager => Self::Pager,
            Type::UAN | Type::VoiceMail => Self::Other,
            Type::Unknown => Self::Invalid,
        }
    }
}

/// What a number is, beside the number itself.
///
/// Boxed text rather than `String`s: a batch holds one of these per distinct number, and the
/// spare capacity field of each was a fifth of that map.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PhoneInfo {
    #[serde(rename = "type")]
    pub kind: PhoneType,
    pub valid: bool,
    /// As its country writes it at home: `06 12 34 56 78`.
    pub national: Option<Box<str>>,
    /// As it is written from abroad: `+33 6 12 34 56 78`.
    pub international: Option<Box<str>>,
    /// The region the number belongs to (ISO 3166-1 alpha-2), when the plan tells.
    pub region: Option<Box<str>>,
}

impl PhoneInfo {
    /// What a number that cannot be read is.
    pub(crate) fn unreadable() -> Self {
        Self {
            kind: PhoneType::Invalid,
            valid: false,
            national: None,
            international: None,
            region: None,
        }
    }
}

/// libphonenumber's numbering plans, and the patterns compiled from them as numbers need them
/// (a country's patterns are compiled the first time one of its numbers is read).
///
/// Owned here rather than rlibphonenumber's process-wide `PHONE_NUMBER_UTIL`, which is never
/// freed: the app lets the plans go after a quiet minute. The patterns are searched with
/// regex-lite in the app and with the regex crate where enrow's `regex` feature is on (the
/// command line): see the workspace's Cargo.toml. Each thread of a large batch reads with plans
/// of its own (4 to 10 ms to load): shared, the threads waited on each pattern's search cache
/// (with the regex crate, 100,000 rows: 90 ms on two threads against 62 on plans of their own).
struct Plans {
    util: PhoneNumberUtil,
    /// Every country calling code libphonenumber knows.
    calling_codes: HashSet<i32>,
}

impl Plans {
    fn load() -> Option<Self> {
        // The plans are built into the binary; a failure here is a broken build, and then
        // every number reads as invalid rather than the app stopping.
        #[cfg(feature = "regex")]
        let util = ascii_digit_plans()?;
        // regex-lite reads `\d` as ASCII digits already: the library's own plans as they are.
        #[cfg(not(feature = "regex"))]
        let util = PhoneNumberUtil::new().ok()?;
        let calling_codes = util.get_supported_calling_codes().collect();
        Some(Self {
            util,
            calling_codes,
        })
    }
}

/// libphonenumber's numbering plans (metadata 9.0.42), the very file rlibphonenumber 2.2.15
/// builds in (`src/generated/metadata/metadata.bin`, Apache-2.0), kept here because the crate
/// does not hand its copy out: `ascii_digit_plans` rewrites it before the library reads it.
/// `the_plans_read_here_agree_with_the_librarys_own` fails if the crate's plans move on
/// without this copy.
#[cfg(feature = "regex")]
const PLAN_DATA: &[u8] = include_bytes!("../data/phone-plans.bin");

/// The plans with every `\d` of their patterns spelled `[0-9]`. The regex crate reads `\d` as
/// any of Unicode's several hundred digits, which made each pattern's automaton many times
/// larger and slower to build; libphonenumber only ever matches these patterns against numbers
/// it has already turned into ASCII digits, so the two spellings match the same numbers.
// The library marks the plans' fields deprecated for its own wrapped copy, where they are
// emptied; in a collection it has not read yet they are the plans themselves.
#[allow(deprecated)]
#[cfg(feature = "regex")]
fn ascii_digit_plans() -> Option<PhoneNumberUtil> {
    use prost::Message;
    let mut plans = rlibphonenumber::PhoneMetadataCollection::decode(PLAN_DATA).ok()?;
    let first_group = regex::Regex::new(r"(\$\d)").ok()?;
    for country in &mut plans.metadata {
        let descriptions = [
            &mut country.general_desc,
            &mut country.fixed_line,
            &mut country.mobile,
            &mut country.toll_free,
            &mut country.premium_rate,
            &mut country.shared_cost,
            &mut country.personal_number,
            &mut country.voip,
            &mut country.pager,
            &mut country.uan,
            &mut country.emergency,
            &mut country.voicemail,
            &mut country.short_code,
            &mut country.standard_rate,
            &mut country.carrier_specific,
            &mut country.sms_services,
            &mut country.no_international_dialling,
        ];
        for description in descriptions.into_iter().flatten() {
            description
                .national_number_pattern
                .iter_mut()
                .for_each(spell_digits_ascii);
        }
        let formats = country
            .number_format
            .iter_mut()
            .chain(country.intl_number_format.iter_mut());
        for format in formats {
            spell_digits_ascii(&mut format.pattern);
            format
                .leading_digits_pattern
                .iter_mut()
                .for_each(spell_digits_ascii);
        }
        [
            &mut country.international_prefix,
            &mut country.national_prefix_for_parsing,
            &mut country.leading_digits,
        ]
        .into_iter()
        .flatten()
        .for_each(spell_digits_ascii);
        write_national_prefix_into_formats(country, &first_group);
    }
    PhoneNumberUtil::new_for_metadata(plans).ok()
}

/// libphonenumber writes a national number by putting the national prefix rule (`0$1`) into
/// the format's first group (`$1 $2` becomes `0$1 $2`), with a regex replacement, for every
/// number it writes (2% of all the instructions of a 100,000-row export). The result depends
/// on the format alone, so it is done here once per format, with the library's
/// own pattern (`first_group`, `(\$\d)`) and replacement, and the rule is then cleared so that
/// the library does not apply it twice. International formats use the formats without the
/// rule: where a country has no formats of its own for them, the library falls back on the
/// national ones, so those are kept for it as they were.
#[allow(deprecated)]
#[cfg(feature = "regex")]
fn write_national_prefix_into_formats(
    country: &mut rlibphonenumber::PhoneMetadata,
    first_group: &regex::Regex,
) {
    if country.intl_number_format.is_empty() {
        country.intl_number_format = country.number_format.clone();
    }
    for format in &mut country.number_format {
        let Some(rule) = format.national_prefix_formatting_rule.take() else {
            continue;
        };
        if !rule.is_empty() {
            format.format = first_group
                .replace(&format.format, rule.as_str())
                .into_owned();
        }
    }
}

/// `\d` as `[0-9]` (the plans' patterns hold no escaped backslash, so every `\d` is the class).
#[cfg(feature = "regex")]
fn spell_digits_ascii(pattern: &mut String) {
    if pattern.contains("\\d") {
        *pattern = pattern.replace("\\d", "[0-9]");
    }
}

/// How long the shared plans stay loaded after their last use.
pub const QUIET_BEFORE_RELEASE: Duration = Duration::from_secs(60);

/// The plans that a batch shown, an export or a single number read use, while they are used.
struct Shared {
    plans: Option<Arc<Plans>>,
    last_used: Option<Instant>,
    janitor_started: bool,
}

static SHARED: Mutex<Shared> = Mutex::new(Shared {
    plans: None,
    last_used: None,
    janitor_started: false,
});

/// The shared plans, loaded if they are not. The first load starts a thread that lets them go
/// once they have not been used for [`QUIET_BEFORE_RELEASE`].
fn shared_plans() -> Option<Arc<Plans>> {
    let mut shared = SHARED.lock().unwrap_or_else(PoisonError::into_inner);
    shared.last_used = Some(Instant::now());
    if shared.plans.is_none() {
        shared.plans = Plans::load().map(Arc::new);
    }
    if !shared.janitor_started {
        // Without a thread (a platform that cannot start one) the plans simply stay.
        shared.janitor_started = std::thread::Builder::new()
            .name("phone-plans-release".into())
            .spawn(|| {
                loop {
                    std::thread::sleep(QUIET_BEFORE_RELEASE / 4);
                    release_if_quiet(QUIET_BEFORE_RELEASE);
                }
            })
            .is_ok();
    }
    shared.plans.clone()
}

/// Lets the shared plans go if they were last used longer than `quiet` ago; work still using
/// them keeps its own reference until it ends. Returns whether they were let go.
pub fn release_if_quiet(quiet: Duration) -> bool {
    let mut shared = SHARED.lock().unwrap_or_else(PoisonError::into_inner);
    let quiet_enough = shared.last_used.is_none_or(|used| used.elapsed() >= quiet);
    if quiet_enough && shared.plans.is_some() {
        shared.plans = None;
        return true;
    }
    false
}

/// Whether the shared plans are loaded now.
pub fn plans_loaded() -> bool {
    SHARED
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .plans
        .is_some()
}

/// Loads the plans ahead of the first number (benchmarks use it to time reading alone).
pub fn warm_up() {
    let _ = classify("+33612345678", None);
}

/// Which written forms to work out: each costs as much as the type, and an export needs only
/// the national one, the grid only the international one, a merged spreadsheet neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forms {
    /// The type alone.
    Neither,
    National,
    International,
    Both,
}

impl Forms {
    fn national(self) -> bool {
        matches!(self, Self::National | Self::Both)
    }

    fn international(self) -> bool {
        matches!(self, Self::International | Self::Both)
    }

    /// Whether numbers read with these forms have every form `needed` has.
    pub fn covers(self, needed: Forms) -> bool {
        (self.national() || !needed.national()) && (self.international() || !needed.international())
    }
}

/// Numbering plans of a thread's own, for work that reads many numbers on several threads
/// (see `Plans` for why threads do not share them). `None` from [`ThreadPlans::load`] is a
/// broken build, as for the shared plans.
pub struct ThreadPlans(Plans);

impl ThreadPlans {
    pub fn load() -> Option<Self> {
        Plans::load().map(Self)
    }

    /// As [`classify_with`], with these plans.
    pub fn classify(&self, number: &str, country: Option<&str>, forms: Forms) -> PhoneInfo {
        classify_in(&self.0, number, country, forms)
    }
}

/// What `number` is. Enrow sends E.164 (`+33612345678`), read without a country; anything else
/// is read as a number of `country` (Enrow's ISO 3166-1 alpha-2 code for the row), if given.
pub fn classify(number: &str, country: Option<&str>) -> PhoneInfo {
    classify_with(number, country, Forms::Both)
}

/// As [`classify`], working out only the written `forms` asked for.
pub fn classify_with(number: &str, country: Option<&str>, forms: Forms) -> PhoneInfo {
    match shared_plans() {
        Some(plans) => classify_in(&plans, number, country, forms),
        None => PhoneInfo::unreadable(),
    }
}

fn classify_in(plans: &Plans, number: &str, country: Option<&str>, forms: Forms) -> PhoneInfo {
    // A library panic on odd input (parsers have had them) must never take the app or an
    // export down with it: the number is then kept, typed invalid.
    catch_unwind(AssertUnwindSafe(|| {
        classify_unguarded(plans, number, country, forms)
    }))
    .unwrap_or_else(|_| PhoneInfo::unreadable())
}

fn classify_unguarded(
    plans: &Plans,
    number: &str,
    country: Option<&str>,
    forms: Forms,
) -> PhoneInfo {
    // Enrow's numbers have no spaces around them: the Unicode-aware trim is skipped for them.
    let number = if number.starts_with('+') && number.ends_with(|c: char| c.is_ascii_digit()) {
        number
    } else {
        number.trim()
    };
    let parsed = match from_e164(plans, number) {
        Some(parsed) => parsed,
        None => {
            // Anything but plain E.164 is read as libphonenumber reads it: in the number's own
            // country when it has a `+`, else in Enrow's country for the row.
            let region = if number.starts_with('+') {
                None
            } else {
                country.and_then(|c| Region::from_str(&c.trim().to_ascii_uppercase()).ok())
            };
            if slices_backwards(number) {
                return PhoneInfo::unreadable();
            }
            match plans.util.parse(number, region) {
                Ok(parsed) => parsed,
                Err(_) => return PhoneInfo::unreadable(),
            }
        }
    };
    describe(plans, &parsed, forms)
}

/// RFC 3966 text whose `tel:` comes after its `;phone-context=` (`;phone-context=W;tel:`):
/// rlibphonenumber 2.2 slices the text between the two and panics on it (found by fuzzing,
/// `phone`). `classify` would catch that panic, but the panic hook would still print it, on the
/// command line's output among others; no phone number is written that way, so it is not read.
fn slices_backwards(number: &str) -> bool {
    const PREFIX: &str = "tel:";
    match (number.find(";phone-context="), number.find(PREFIX)) {
        (Some(context), Some(prefix)) => prefix + PREFIX.len() > context,
        _ => false,
    }
}

/// The fast path for what Enrow sends: `+`, a calling code, the national number, digits only.
/// Such a number is already normalised, so it is taken apart as libphonenumber's parser would
/// (calling codes are prefix-free: the first one found is the one), without the parser's
/// search for a number in free text. A national number that starts with 0 (where a trunk
/// prefix may have slipped in) goes through the parser instead.
fn from_e164(plans: &Plans, text: &str) -> Option<PhoneNumber> {
    let digits = text.strip_prefix('+')?;
    if !(7..=15).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (code, national) = (1..=3).find_map(|length| {
        let code: i32 = digits.get(..length)?.parse().ok()?;
        plans
            .calling_codes
            .contains(&code)
            .then(|| (code, &digits[length..]))
    })?;
    if national.is_empty() || national.starts_with('0') {
        return None;
    }
    Some(PhoneNumber {
        country_code: code,
        national_number: national.parse().ok()?,
        ..PhoneNumber::default()
    })
}

fn describe(plans: &Plans, parsed: &PhoneNumber, forms: Forms) -> PhoneInfo {
    let util = &plans.util;
    // libphonenumber's `isValidNumber` is "its type is known": one look at the plan gives both.
    let kind = util.get_number_type(parsed);
    let valid = kind != Type::Unknown;
    PhoneInfo {
        kind: PhoneType::of(kind),
        valid,
        national: forms
            .national()
            .then(|| util.format(parsed, PhoneNumberFormat::National).into()),
        international: forms
            .international()
            .then(|| util.format(parsed, PhoneNumberFormat::International).into()),
        // Only with both forms (the app's own look at one number): exports have Enrow's.
        region: (forms == Forms::Both)
            .then(|| {
                util.get_region_for_number(parsed)
                    .map(|r| r.to_string().into())
            })
            .flatten(),
    }
}

/// What each number of a batch is. foldhash rather than the standard SipHash: several times
/// faster on 60,000 short keys, and still seeded per process, so a crafted answer cannot line
/// its numbers up in one bucket.
pub type ByNumber<'a> = HashMap<&'a str, PhoneInfo, foldhash::fast::RandomState>;

/// Every distinct number of a batch, classified once, with both written forms.
pub fn classify_all<'a>(
    numbers: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
) -> ByNumber<'a> {
    classify_all_with(numbers, Forms::Both)
}

/// Every distinct number of a batch, classified once, with the written `forms` asked for.
///
/// Large batches are shared between the cores; each distinct number is classified once (people
/// of one company share a switchboard).
pub fn classify_all_with<'a>(
    numbers: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
    forms: Forms,
) -> ByNumber<'a> {
    // Each distinct number once, in the map that is returned.
    let mut all: ByNumber<'a> = HashMap::default();
    let mut distinct: Vec<(&str, Option<&str>)> = Vec::new();
    for (number, country) in numbers {
        if let std::collections::hash_map::Entry::Vacant(entry) = all.entry(number) {
            entry.insert(PhoneInfo::unreadable());
            distinct.push((number, country));
        }
    }
    if distinct.is_empty() {
        // Every number was known already (enrow::answer_numbers): no plans to load.
        return all;
    }
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    // A few thousand numbers take milliseconds: threads would cost more than they save.
    if cores == 1 || distinct.len() < 20_000 {
        let Some(plans) = shared_plans() else {
            return all;
        };
        for (number, country) in distinct {
            all.insert(number, classify_in(&plans, number, country, forms));
        }
        return all;
    }
    let parts: Vec<&[(&str, Option<&str>)]> =
        distinct.chunks(distinct.len().div_ceil(cores)).collect();
    let classified: Vec<Vec<PhoneInfo>> = std::thread::scope(|scope| {
        let workers: Vec<_> = parts
            .iter()
            .map(|&part| {
                scope.spawn(move || {
                    let Some(plans) = ThreadPlans::load() else {
                        return Vec::new();
                    };
                    part.iter()
                        .map(|&(number, country)| plans.classify(number, country, forms))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| worker.join().unwrap_or_default())
            .collect()
    });
    for (part, infos) in parts.into_iter().zip(classified) {
        if infos.len() == part.len() {
            for (&(number, _), info) in part.iter().zip(infos) {
                all.insert(number, info);
            }
        } else {
            // A worker that could not finish (no plans, or a panic `classify` could not catch):
            // its part is read here, so no number takes another's type.
            for &(number, country) in part {
                all.insert(number, classify_with(number, country, forms));
            }
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (number, the type libphonenumber's plan gives it, its national format), over 17
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
        ("+353851234567", PhoneType::Mobile, "085 123 4567"),
        ("+35312345678", PhoneType::Landline, "(01) 234 5678"),
        ("+436641234567", PhoneType::Mobile, "0664 1234567"),
        ("+4315123456", PhoneType::Landline, "01 5123456"),
        ("+61212345678", PhoneType::Landline, "(02) 1234 5678"),
        ("+445512345678", PhoneType::Other, "055 1234 5678"),
    ];

    #[test]
    fn types_and_national_formats_over_seventeen_countries() {
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

    /// The fast path gives what libphonenumber's own parser gives, for every number here.
    #[test]
    fn the_e164_fast_path_agrees_with_the_parser() {
        let mut numbers: Vec<String> = TABLE.iter().map(|(n, _, _)| (*n).to_owned()).collect();
        numbers.extend(
            [
                "+390612345678",
                "+2250712345678",
                "+79161234567",
                "+8613812345678",
            ]
            .map(str::to_owned),
        );
        let mut seed = 7u64;
        for prefix in [
            "+1570555", "+336", "+316", "+4915", "+447", "+324", "+346", "+3906", "+7495", "+5511",
        ] {
            for _ in 0..50 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                numbers.push(format!("{prefix}{:07}", seed % 10_000_000));
            }
        }
        let plans = Plans::load().expect("the built-in plans load");
        for number in &numbers {
            // rlibphonenumber's own process-wide parser, not ours.
            let parsed = PhoneNumber::parse(number, None).ok();
            let fast = from_e164(&plans, number);
            if let Some(fast) = &fast {
                let parsed = parsed.as_ref().expect("the parser reads it too");
                assert_eq!(
                    describe(&plans, fast, Forms::Both),
                    describe(&plans, parsed, Forms::Both),
                    "{number}"
                );
            }
        }
    }

    /// The plans read here (enrow's copy, digits spelled ASCII) against the library's own
    /// built-in ones: every region and non-geographic code, every example number of every type
    /// and numbers one digit away from each, typed and written alike in every form.
    #[test]
    #[cfg(feature = "regex")]
    fn the_plans_read_here_agree_with_the_librarys_own() {
        assert!(
            !PLAN_DATA.windows(2).any(|pair| pair == br"\\"),
            "an escaped backslash: `\\d` would not always be the digit class"
        );
        let theirs = PhoneNumberUtil::new().expect("the library's plans load");
        let ours = Plans::load().expect("enrow's plans load");
        let mut regions: Vec<Region> = theirs.get_supported_regions().collect();
        let mut our_regions: Vec<Region> = ours.util.get_supported_regions().collect();
        regions.sort_by_key(|r| r.to_string());
        our_regions.sort_by_key(|r| r.to_string());
        assert_eq!(regions, our_regions);
        assert_eq!(
            theirs.get_supported_calling_codes().collect::<HashSet<_>>(),
            ours.calling_codes
        );

        // Each example with the region it is written in (none for non-geographic codes).
        let mut examples: Vec<(Option<Region>, PhoneNumber)> = Vec::new();
        for &region in &regions {
            for kind in theirs
                .get_supported_types_for_region(region)
                .unwrap_or_default()
            {
                let example = theirs.get_example_number_for_type_and_region(region, kind);
                examples.extend(example.map(|number| (Some(region), number)));
            }
        }
        for code in theirs.get_supported_global_network_calling_codes() {
            let example = theirs.get_example_number_for_non_geo_entity(code);
            examples.extend(example.map(|number| (None, number)));
        }
        assert!(examples.len() > 1_000, "only {} examples", examples.len());
        // Read back as people write them, at home and from abroad: the parser's own patterns
        // (national and international prefixes) are in the plans too.
        for (region, example) in &examples {
            for form in [
                PhoneNumberFormat::National,
                PhoneNumberFormat::International,
            ] {
                let written = theirs.format(example, form);
                assert_eq!(
                    theirs.parse(&written, *region).ok(),
                    ours.util.parse(&written, *region).ok(),
                    "{written} in {region:?}"
                );
            }
        }
        let mut numbers = Vec::new();
        for (_, example) in examples {
            let national = example.national_number;
            for changed in [
                national,
                national + 1,
                national.saturating_sub(1),
                national * 10 + 7,
                national / 10,
            ] {
                numbers.push(PhoneNumber {
                    national_number: changed,
                    ..example.clone()
                });
            }
        }
        let forms = [
            PhoneNumberFormat::National,
            PhoneNumberFormat::International,
            PhoneNumberFormat::E164,
            PhoneNumberFormat::RFC3966,
        ];
        for number in &numbers {
            assert_eq!(
                theirs.get_number_type(number),
                ours.util.get_number_type(number),
                "{number:?}"
            );
            assert_eq!(
                theirs.get_region_for_number(number),
                ours.util.get_region_for_number(number),
                "{number:?}"
            );
            for form in forms {
                assert_eq!(
                    theirs.format(number, form),
                    ours.util.format(number, form),
                    "{number:?} {form:?}"
                );
            }
        }
    }

    #[test]
    #[cfg(feature = "regex")]
    fn digits_are_spelled_ascii_in_and_out_of_classes() {
        let mut pattern = String::from(r"(?:[1-9]\d{2}|[\d#])\d?");
        spell_digits_ascii(&mut pattern);
        assert_eq!(pattern, r"(?:[1-9][0-9]{2}|[[0-9]#])[0-9]?");
        let mut plain = String::from("[2-9]");
        spell_digits_ascii(&mut plain);
        assert_eq!(plain, "[2-9]");
    }

    /// Found by fuzzing: the library panicked (caught by `classify`, yet printed) on this.
    #[test]
    fn rfc3966_text_with_its_context_first_is_unreadable_without_a_panic() {
        for odd in [
            ";phone-context=W;tel:",
            "x;phone-context=+33;tel:0612345678",
        ] {
            let plans = Plans::load().expect("the built-in plans load");
            let info = classify_unguarded(&plans, odd, None, Forms::Both);
            assert_eq!(info.kind, PhoneType::Invalid, "{odd:?}");
        }
        let info = classify("tel:0612345678;phone-context=+33", None);
        assert_eq!(
            info.kind,
            PhoneType::Mobile,
            "RFC 3966 as written is still read"
        );
    }

    #[test]
    fn digits_of_other_scripts_are_read_as_libphonenumber_reads_them() {
        let info = classify("+٣٣٦١٢٣٤٥٦٧٨", None);
        assert_eq!(info.international.as_deref(), Some("+33 6 12 34 56 78"));
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

    /// The app lets the plans go when no number has been read for a while, and loads them again
    /// for the next one. (Other tests read numbers at the same time: only this one lets go.)
    #[test]
    fn the_plans_are_let_go_after_a_quiet_time_and_come_back_when_needed() {
        assert_eq!(classify("+33612345678", None).kind, PhoneType::Mobile);
        assert!(
            !release_if_quiet(Duration::from_secs(3600)),
            "just used: kept"
        );
        assert!(plans_loaded());
        assert!(
            release_if_quiet(Duration::ZERO),
            "quiet long enough: let go"
        );
        let info = classify("+31201234567", None);
        assert_eq!(info.kind, PhoneType::Landline, "loaded again");
        assert!(plans_loaded());
    }

    /// A large batch is read on several threads; the answers are those of one thread.
    #[test]
    fn a_large_batch_read_on_several_threads_agrees_with_one_thread() {
        let numbers: Vec<String> = (0..24_000u64)
            .map(|n| match n % 4 {
                0 => format!("+336{:08}", n * 7_919 % 100_000_000),
                1 => format!("+3120{:07}", n),
                2 => format!("+44{:010}", 7_400_000_000 + n),
                _ => format!("0{:09}", 612_000_000 + n),
            })
            .collect();
        let all = classify_all_with(
            numbers.iter().map(|n| (n.as_str(), Some("FR"))),
            Forms::National,
        );
        assert_eq!(all.len(), numbers.len());
        for number in numbers.iter().step_by(97) {
            assert_eq!(
                all[number.as_str()],
                classify_with(number, Some("FR"), Forms::National),
                "{number}"
            );
        }
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
