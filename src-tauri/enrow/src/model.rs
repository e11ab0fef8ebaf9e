//! What Enrow answers to `GET /phone/bulk` and `GET /account/info`.
//!
//! Enrow's documentation exists in several versions that disagree, so every field is optional
//! or has a default, numbers are read leniently, unknown fields are ignored, and unknown
//! statuses are kept as `Other` rather than refused: a new value from Enrow must never make a
//! finished batch unreadable.

use std::cmp::Ordering;
use std::fmt;

use bytes::Bytes;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// One answer of `GET /phone/bulk`: a running, finished or failed batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Batch {
    pub general: General,
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub stats: Stats,
    /// Sorted by `index` once parsed with [`Batch::from_json`].
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub results: Vec<PhoneResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct General {
    #[serde(default, deserialize_with = "lenient::string")]
    pub id: String,
    #[serde(default)]
    pub status: BatchStatus,
    /// Whatever the submitter attached to the whole batch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom: Option<Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    #[serde(default, deserialize_with = "lenient::count")]
    pub requested: Option<u64>,
    /// Only sent while the batch is ongoing.
    #[serde(default, deserialize_with = "lenient::count")]
    pub finished: Option<u64>,
    #[serde(default, deserialize_with = "lenient::count")]
    pub found: Option<u64>,
    /// The older name of `found`. Kept apart rather than as a serde alias, because an answer
    /// carrying both would otherwise be refused as a duplicate field.
    #[serde(default, deserialize_with = "lenient::count")]
    pub valid: Option<u64>,
    #[serde(default, deserialize_with = "lenient::count")]
    pub credits_cost: Option<u64>,
    /// Missing in older answers, which means nothing was refunded.
    #[serde(default, deserialize_with = "lenient::count")]
    pub credits_to_refund: Option<u64>,
}

/// One searched person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhoneResult {
    /// Position in the submitted searches; rows arrive in any order.
    #[serde(default, deserialize_with = "lenient::count")]
    pub index: Option<u64>,
    #[serde(default)]
    pub qualification: Qualification,
    /// E.164, such as `+15705551234`, only when found.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub number: Option<String>,
    /// ISO 3166-1 alpha-2, only when found.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub country: Option<String>,
    /// The search as submitted: `linkedin_url`, or names and a company.
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub params: Params,
    /// What the submitter attached to this row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom: Option<Value>,
}

/// A row's search parameters, in the order Enrow sent them.
///
/// A boxed slice rather than a map or a vector: rows hold one to four parameters, and a
/// `BTreeMap` node per row costs over half a kilobyte; a vector's spare capacity was still a
/// fifth of a 100,000-row batch in memory. The names Enrow uses are not copied per row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Params(Box<[(ParamName, Value)]>);

/// A parameter's name: one of the usual ones without an allocation, or any other as sent.
type ParamName = std::borrow::Cow<'static, str>;

impl Params {
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value)
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(key, _)| key.as_ref())
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(key, value)| (key.as_ref(), value))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromIterator<(String, Value)> for Params {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Self {
        Self(
            iter.into_iter()
                .map(|(name, value)| (param_name(&name).unwrap_or(name.into()), value))
                .collect(),
        )
    }
}

impl Serialize for Params {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(key, value)| (key, value)))
    }
}

impl<'de> Deserialize<'de> for Params {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ParamsVisitor;

        impl<'de> serde::de::Visitor<'de> for ParamsVisitor {
            type Value = Params;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of search parameters")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Params, A::Error> {
                let mut entries = Vec::with_capacity(4);
                while let Some(name) = map.next_key_seed(NameSeed)? {
                    entries.push((name, map.next_value::<Value>()?));
                }
                Ok(Params(entries.into_boxed_slice()))
            }

            /// Anything but an object (a bare string, say) carries no named parameters.
            fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Params, E> {
                Ok(Params::default())
            }

            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Params, E> {
                Ok(Params::default())
            }

            fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Params, E> {
                Ok(Params::default())
            }

            fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Params, E> {
                Ok(Params::default())
            }

            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Params, E> {
                Ok(Params::default())
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Params, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(Params::default())
            }
        }

        deserializer.deserialize_any(ParamsVisitor)
    }
}

/// The one name of a search field that Enrow's pages, SDKs and endpoints spell differently
/// (`first_name` in the SDKs, `firstname` on the bulk pages), so a batch gets one column per
/// field whatever the spelling. Enrow's answer itself is kept as sent (`FetchedBatch::raw`).
///
/// `None` for a name that is none of the usual ones: it is then kept as sent.
fn param_name(name: &str) -> Option<ParamName> {
    Some(ParamName::Borrowed(match name {
        "firstname" | "first_name" | "firstName" => "firstname",
        "lastname" | "last_name" | "lastName" => "lastname",
        "company_name" | "companyName" => "company_name",
        "company_domain" | "companyDomain" => "company_domain",
        "linkedin_url" | "linkedinUrl" | "linkedInUrl" => "linkedin_url",
        _ => return None,
    }))
}

/// Reads a parameter's name without copying it when it is one of the usual ones.
struct NameSeed;

impl<'de> serde::de::DeserializeSeed<'de> for NameSeed {
    type Value = ParamName;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<ParamName, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl serde::de::Visitor<'_> for NameSeed {
    type Value = ParamName;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a parameter's name")
    }

    fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<ParamName, E> {
        Ok(param_name(name).unwrap_or_else(|| ParamName::Owned(name.to_owned())))
    }
}

/// A batch's state. Unknown states are kept, not refused.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum BatchStatus {
    Completed,
    #[default]
    Ongoing,
    Failed,
    Other(String),
}

/// Whether a row's number was found. Unknown values are kept, not refused.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Qualification {
    Found,
    NotFound,
    /// Empty when Enrow sent none; [`Batch::from_json`] then decides from the number.
    Other(String),
    #[default]
    Missing,
}

/// A batch as parsed, together with the exact bytes Enrow sent, so a JSON export and the local
/// cache hold the answer unchanged, unknown fields included.
#[derive(Debug, Clone)]
pub struct FetchedBatch {
    pub batch: Batch,
    pub raw: Bytes,
}

/// `GET /account/info`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountInfo {
    /// Remaining credit balance.
    #[serde(default, deserialize_with = "lenient::count")]
    pub credits: Option<u64>,
}

impl Batch {
    /// Parses an answer and puts it in the order people expect: rows by `index`.
    ///
    /// The whole answer must be UTF-8, as JSON is: parsing bytes alone would skip an unknown
    /// field without looking at its text, and accept an answer that the JSON export (which
    /// keeps every field) then cannot write (found by fuzzing, `export_roundtrip`).
    pub fn from_json(bytes: &[u8]) -> Result<Self, serde_json::Error> {
        // simdutf8 checks the 16 MB of a 100,000-row answer several times faster than the
        // standard library, whose shortcut for ASCII text names in many scripts defeat; only
        // the standard check says where the text goes wrong, so it says it.
        #[cfg(feature = "simdutf8")]
        let checked = simdutf8::basic::from_utf8(bytes).ok();
        #[cfg(not(feature = "simdutf8"))]
        let checked = None;
        let text = match checked {
            Some(text) => text,
            None => std::str::from_utf8(bytes).map_err(|error| {
                <serde_json::Error as serde::de::Error>::custom(format!(
                    "the answer is not UTF-8 text ({error})"
                ))
            })?,
        };
        let mut batch: Batch = serde_json::from_str(text)?;
        batch.normalise();
        Ok(batch)
    }

    fn normalise(&mut self) {
        for (position, row) in self.results.iter_mut().enumerate() {
            // A row without an index keeps its place in the answer.
            row.index.get_or_insert(position as u64);
            if row.qualification == Qualification::Missing {
                row.qualification = if row.number.is_some() {
                    Qualification::Found
                } else {
                    Qualification::NotFound
                };
            }
        }
        // Stable, so rows sharing an index keep the order Enrow sent them in.
        self.results.sort_by_key(|row| row.index);
    }

    pub fn id(&self) -> &str {
        &self.general.id
    }

    pub fn status(&self) -> &BatchStatus {
        &self.general.status
    }

    /// How many searches the batch holds.
    pub fn requested(&self) -> u64 {
        self.stats.requested.unwrap_or(self.results.len() as u64)
    }

    /// How many numbers were found: Enrow's figure (`found`, or `valid` in older answers), else
    /// counted from the rows.
    pub fn found(&self) -> u64 {
        self.stats
            .found
            .or(self.stats.valid)
            .unwrap_or_else(|| self.results.iter().filter(|r| r.is_found()).count() as u64)
    }

    /// Found ÷ requested, between 0 and 1; `None` for an empty batch.
    pub fn hit_rate(&self) -> Option<f64> {
        let requested = self.requested();
        (requested > 0).then(|| self.found() as f64 / requested as f64)
    }

    /// `(finished, requested)` while the batch runs.
    pub fn progress(&self) -> Option<(u64, u64)> {
        let requested = self.stats.requested?;
        let finished = match self.status() {
            BatchStatus::Completed | BatchStatus::Failed => requested,
            _ => self.stats.finished.unwrap_or(0).min(requested),
        };
        Some((finished, requested))
    }

    pub fn credits_charged(&self) -> Option<u64> {
        self.stats.credits_cost
    }

    pub fn credits_refunded(&self) -> u64 {
        self.stats.credits_to_refund.unwrap_or(0)
    }

    /// What the batch really cost: `credits_cost - credits_to_refund`.
    pub fn net_credits(&self) -> Option<u64> {
        self.stats
            .credits_cost
            .map(|cost| cost.saturating_sub(self.credits_refunded()))
    }

    pub fn is_finished(&self) -> bool {
        matches!(self.status(), BatchStatus::Completed | BatchStatus::Failed)
    }
}

impl PhoneResult {
    pub fn is_found(&self) -> bool {
        self.qualification == Qualification::Found
    }

    /// The number, when Enrow found one for this row.
    pub fn found_number(&self) -> Option<&str> {
        self.number.as_deref().filter(|_| self.is_found())
    }

    /// The zero-based position as a plain number for display and export.
    pub fn position(&self) -> u64 {
        self.index.unwrap_or(0)
    }

    /// For tests of work over many rows: `count` rows not found, each with its position as
    /// its index and nothing else.
    #[cfg(test)]
    pub(crate) fn numbered(count: u64) -> Vec<Self> {
        (0..count)
            .map(|index| Self {
                index: Some(index),
                qualification: Qualification::NotFound,
                number: None,
                country: None,
                params: Params::default(),
                custom: None,
            })
            .collect()
    }
}

impl BatchStatus {
    pub fn as_str(&self) -> &str {
        match self {
            Self::Completed => "completed",
            Self::Ongoing => "ongoing",
            Self::Failed => "failed",
            Self::Other(other) => other,
        }
    }
}

impl From<&str> for BatchStatus {
    fn from(value: &str) -> Self {
        let trimmed = value.trim();
        let is = |word: &str| trimmed.eq_ignore_ascii_case(word);
        if ["completed", "complete", "done", "finished"]
            .into_iter()
            .any(is)
        {
            Self::Completed
        } else if ["ongoing", "pending", "processing", "running", "in_progress"]
            .into_iter()
            .any(is)
        {
            Self::Ongoing
        } else if ["failed", "error"].into_iter().any(is) {
            Self::Failed
        } else {
            Self::Other(value.to_owned())
        }
    }
}

impl fmt::Display for BatchStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Qualification {
    pub fn as_str(&self) -> &str {
        match self {
            Self::Found => "found",
            Self::NotFound => "not_found",
            Self::Other(other) => other,
            Self::Missing => "",
        }
    }
}

impl From<&str> for Qualification {
    fn from(value: &str) -> Self {
        // Every row has one: Enrow's own spellings first, without any work.
        match value {
            "found" => return Self::Found,
            "not_found" => return Self::NotFound,
            _ => {}
        }
        let trimmed = value.trim();
        let is = |word: &str| trimmed.eq_ignore_ascii_case(word);
        if ["found", "valid"].into_iter().any(is) {
            Self::Found
        } else if ["not_found", "not found", "notfound", "invalid"]
            .into_iter()
            .any(is)
        {
            Self::NotFound
        } else if trimmed.is_empty() {
            Self::Missing
        } else {
            Self::Other(value.to_owned())
        }
    }
}

impl fmt::Display for Qualification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! string_enum_serde {
    ($ty:ty) => {
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_any(lenient::TextVisitor::<Self>::default())
            }
        }

        impl PartialOrd for $ty {
            fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
                Some(self.cmp(other))
            }
        }

        impl Ord for $ty {
            fn cmp(&self, other: &Self) -> Ordering {
                self.as_str().cmp(other.as_str())
            }
        }
    };
}

string_enum_serde!(BatchStatus);
string_enum_serde!(Qualification);

/// Deserializers that accept what a sloppy or older API version might send instead of failing
/// the whole answer.
pub(crate) mod lenient {
    use serde::{Deserialize, Deserializer};
    use serde_json::Value;

    pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
    where
        D: Deserializer<'de>,
        T: Default + Deserialize<'de>,
    {
        Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
    }

    /// A count or credit figure: an integer, an integral float, or a numeric string.
    /// Anything else counts as absent.
    pub fn count<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
        Ok(match Value::deserialize(deserializer)? {
            Value::Number(n) => n.as_u64().or_else(|| {
                n.as_f64()
                    .filter(|f| f.is_finite() && *f >= 0.0)
                    .map(|f| f.round() as u64)
            }),
            Value::String(s) => s
                .trim()
                .parse::<f64>()
                .ok()
                .and_then(|f| (f.is_finite() && f >= 0.0).then_some(f.round() as u64)),
            _ => None,
        })
    }

    /// Text that may arrive as a number (a phone number without its `+`, say) or be null.
    pub fn opt_string<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<String>, D::Error> {
        Ok(match Value::deserialize(deserializer)? {
            Value::String(s) if s.trim().is_empty() => None,
            Value::String(s) => Some(s),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        })
    }

    pub fn string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        Ok(opt_string(deserializer)?.unwrap_or_default())
    }

    /// Reads a status-like value from a string without allocating for the known ones (every
    /// row has one, and a 100,000-row batch should parse fast); anything that is not a string
    /// reads as empty text.
    pub struct TextVisitor<T>(std::marker::PhantomData<T>);

    impl<T> Default for TextVisitor<T> {
        fn default() -> Self {
            Self(std::marker::PhantomData)
        }
    }

    impl<'de, T: for<'a> From<&'a str>> serde::de::Visitor<'de> for TextVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<T, E> {
            Ok(T::from(text))
        }

        fn visit_unit<E: serde::de::Error>(self) -> Result<T, E> {
            Ok(T::from(""))
        }

        fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<T, E> {
            Ok(T::from(if b { "true" } else { "false" }))
        }

        fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<T, E> {
            Ok(T::from(n.to_string().as_str()))
        }

        fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<T, E> {
            Ok(T::from(n.to_string().as_str()))
        }

        fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<T, E> {
            Ok(T::from(n.to_string().as_str()))
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
            while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
            Ok(T::from(""))
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
            while map
                .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                .is_some()
            {}
            Ok(T::from(""))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Batch {
        Batch::from_json(json.as_bytes()).expect("parses")
    }

    #[test]
    fn documented_example() {
        let batch = parse(
            r#"{"general":{"id":"e3b61122-d6a6-4ea7-b331-9b734682a76a","status":"completed"},
            "results":[{"country":"US","index":0,"number":"+15705551234",
            "params":{"linkedin_url":"https://www.linkedin.com/in/michael-scott"},"qualification":"found"},
            {"country":"US","index":1,"number":"+15705555678",
            "params":{"linkedin_url":"https://www.linkedin.com/in/dwight-schrute"},"qualification":"found"}],
            "stats":{"credits_cost":80,"credits_to_refund":0,"found":2,"requested":2}}"#,
        );
        assert_eq!(batch.status(), &BatchStatus::Completed);
        assert_eq!(batch.results.len(), 2);
        assert_eq!(batch.found(), 2);
        assert_eq!(batch.requested(), 2);
        assert_eq!(batch.hit_rate(), Some(1.0));
        assert_eq!(batch.net_credits(), Some(80));
        assert_eq!(batch.results[1].number.as_deref(), Some("+15705555678"));
    }

    #[test]
    fn ongoing_has_progress_and_no_results() {
        let batch = parse(
            r#"{"general":{"id":"x","status":"ongoing"},"stats":{"requested":2,"finished":1}}"#,
        );
        assert_eq!(batch.status(), &BatchStatus::Ongoing);
        assert!(batch.results.is_empty());
        assert_eq!(batch.progress(), Some((1, 2)));
        assert!(!batch.is_finished());
    }

    #[test]
    fn older_valid_stats_and_missing_refund() {
        let batch = parse(
            r#"{"general":{"id":"x","status":"completed"},"results":[],
            "stats":{"credits_cost":150,"valid":3,"requested":5}}"#,
        );
        assert_eq!(batch.found(), 3);
        assert_eq!(batch.credits_refunded(), 0);
        assert_eq!(batch.net_credits(), Some(150));
        assert_eq!(batch.hit_rate(), Some(0.6));
    }

    #[test]
    fn found_and_valid_together_prefer_found() {
        let batch = parse(r#"{"general":{"status":"completed"},"stats":{"found":4,"valid":3}}"#);
        assert_eq!(batch.found(), 4);
    }

    #[test]
    fn net_credits_subtract_refund() {
        let batch = parse(
            r#"{"general":{"id":"x","status":"completed"},
            "stats":{"credits_cost":200,"credits_to_refund":120,"found":2,"requested":5}}"#,
        );
        assert_eq!(batch.net_credits(), Some(80));
    }

    #[test]
    fn rows_sorted_by_index_whatever_the_order() {
        let batch = parse(
            r#"{"general":{"status":"completed"},"results":[
            {"index":2,"qualification":"not_found","params":{}},
            {"index":0,"qualification":"found","number":"+33612345678","country":"FR"},
            {"index":1,"qualification":"not_found"}]}"#,
        );
        let order: Vec<u64> = batch.results.iter().map(PhoneResult::position).collect();
        assert_eq!(order, vec![0, 1, 2]);
        assert_eq!(batch.found(), 1, "counted from rows when stats say nothing");
        assert_eq!(batch.requested(), 3);
    }

    #[test]
    fn string_indexes_sort_as_numbers() {
        let batch = parse(
            r#"{"general":{"status":"completed"},"results":[
            {"index":"10","qualification":"not_found"},
            {"index":"2","qualification":"not_found"},
            {"index":" 1 ","qualification":"not_found"},
            {"index":"0","qualification":"not_found"}]}"#,
        );
        let order: Vec<u64> = batch.results.iter().map(PhoneResult::position).collect();
        assert_eq!(order, vec![0, 1, 2, 10]);
    }

    #[test]
    fn every_spelling_of_a_search_field_is_one_field() {
        let batch = parse(
            r#"{"general":{"status":"completed"},"results":[
            {"index":0,"params":{"first_name":"Ann","last_name":"Peeters","companyName":"Gans"}},
            {"index":1,"params":{"firstname":"Bram","lastname":"Vos","custom_field":"x"}}]}"#,
        );
        let keys: Vec<Vec<&str>> = batch
            .results
            .iter()
            .map(|row| row.params.keys().collect())
            .collect();
        assert_eq!(
            keys,
            [
                vec!["firstname", "lastname", "company_name"],
                vec!["firstname", "lastname", "custom_field"]
            ]
        );
    }

    #[test]
    fn unknown_status_and_fields_are_kept_or_ignored() {
        let batch = parse(
            r#"{"general":{"id":"x","status":"Queued","priority":"high","custom":{"campaign":"Q4"}},
            "results":[{"index":0,"qualification":"maybe","extra":{"deep":[1,2]},"custom":"row-7"}],
            "stats":{"requested":"1","credits_cost":40.0,"unknown":true},
            "trace_id":"abc"}"#,
        );
        assert_eq!(batch.status(), &BatchStatus::Other("Queued".into()));
        assert_eq!(
            batch.general.custom,
            Some(serde_json::json!({"campaign":"Q4"}))
        );
        assert_eq!(
            batch.results[0].qualification,
            Qualification::Other("maybe".into())
        );
        assert_eq!(batch.results[0].custom, Some(Value::from("row-7")));
        assert_eq!(batch.stats.requested, Some(1));
        assert_eq!(batch.credits_charged(), Some(40));
    }

    #[test]
    fn missing_qualification_is_decided_by_the_number() {
        let batch = parse(
            r#"{"general":{"status":"completed"},"results":[
            {"number":"+4915112345678"},{"number":null}]}"#,
        );
        assert!(batch.results[0].is_found());
        assert!(!batch.results[1].is_found());
        assert_eq!(batch.results[1].position(), 1);
    }

    /// Search parameters that are not an object carry none; the answer is still read (a
    /// number or a boolean there made the whole answer unreadable).
    #[test]
    fn params_of_any_shape_are_tolerated() {
        let batch = parse(
            r#"{"general":{"status":"completed"},"results":[
            {"index":0,"params":"x"},{"index":1,"params":[1]},{"index":2,"params":7},
            {"index":3,"params":-7},{"index":4,"params":1.5},{"index":5,"params":true},
            {"index":6,"params":null},{"index":7,"params":{"firstname":"Ann"}}]}"#,
        );
        let counts: Vec<usize> = batch
            .results
            .iter()
            .map(|row| row.params.keys().count())
            .collect();
        assert_eq!(counts, [0, 0, 0, 0, 0, 0, 0, 1]);
    }

    #[test]
    fn nulls_are_tolerated() {
        let batch =
            parse(r#"{"general":{"id":null,"status":"failed"},"results":null,"stats":null}"#);
        assert_eq!(batch.status(), &BatchStatus::Failed);
        assert!(batch.is_finished());
        assert_eq!(batch.hit_rate(), None);
        assert_eq!(batch.net_credits(), None);
    }

    #[test]
    fn a_number_sent_as_a_json_number_becomes_text() {
        let batch = parse(
            r#"{"general":{"status":"completed"},"results":[{"qualification":"found","number":15705551234}]}"#,
        );
        assert_eq!(batch.results[0].number.as_deref(), Some("15705551234"));
    }

    /// Found by fuzzing: bytes that are not UTF-8 in a field the engine does not read made an
    /// answer it accepted, and whose JSON export then failed.
    #[test]
    fn an_answer_that_is_not_utf8_is_refused() {
        let mut answer = br#"{"general":{"status":"completed"},"stats":{"fi"#.to_vec();
        answer.extend([0xFF, 0xFE]);
        answer.extend(br#"nished":3,"requested":10}}"#);
        let error = Batch::from_json(&answer).expect_err("not JSON");
        assert!(error.to_string().contains("UTF-8"), "{error}");
        assert!(Batch::from_json("{\"general\":{\"id\":\"Zoë\"}}".as_bytes()).is_ok());
    }

    /// A batch is saved as JSON and read again (the app's history); a float in its custom
    /// data (found by fuzzing, `answer` and `export_roundtrip`) must come back the same value.
    #[test]
    fn a_saved_batch_reads_back_equal() {
        let batch = parse(
            r#"{"general":{"status":"completed","custom":{"score":-8.1605436893524575e-53}},
            "results":[{"index":"2","number":15705551234,"params":{"first_name":0.1},
            "custom":[1e300,-0.0,12345678901234567890]}]}"#,
        );
        let saved = serde_json::to_vec(&batch).expect("serialises");
        assert_eq!(Batch::from_json(&saved).expect("reads back"), batch);
    }

    #[test]
    fn account_info() {
        let info: AccountInfo =
            serde_json::from_str(r#"{"credits": 36000, "webhooks": [{"url": "x"}]}"#).expect("ok");
        assert_eq!(info.credits, Some(36000));
    }

    #[test]
    fn status_serialises_as_the_wire_string() {
        assert_eq!(
            serde_json::to_string(&BatchStatus::Other("queued".into())).expect("ok"),
            "\"queued\""
        );
        assert_eq!(
            serde_json::to_string(&Qualification::NotFound).expect("ok"),
            "\"not_found\""
        );
    }
}
