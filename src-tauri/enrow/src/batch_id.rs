//! Batch ids, and the forgiving parser that turns whatever people paste into one.
//!
//! People get a batch id from a colleague, a CRM automation or Enrow's own tools, so what lands
//! in the paste box is rarely just the id: it may carry spaces, line breaks, quotes (straight or
//! typographic), be upper case, be the whole API URL, or be a JSON snippet. We dig the id out of
//! all of those, and refuse anything else before a request is ever sent.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// An example shown to people whose paste was not a batch id.
pub const EXAMPLE_BATCH_ID: &str = "e3b61122-d6a6-4ea7-b331-9b734682a76a";

/// A validated Enrow batch id, always in the lower-case hyphenated form Enrow issues.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct BatchId(String);

/// What was wrong with a paste that is not a batch id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "“{preview}” is not a batch id. A batch id looks like {EXAMPLE_BATCH_ID}: \
     32 letters and digits in groups separated by dashes. Copy it again from where you got it \
     and paste it here."
)]
pub struct InvalidBatchId {
    /// The start of what was pasted, shortened so a whole document pasted by mistake stays
    /// readable in a message.
    pub preview: String,
}

impl BatchId {
    /// Finds the batch id in what a person pasted.
    ///
    /// Accepts the bare id (any case, with or without dashes or braces), surrounded by
    /// whitespace or quotes, a URL with `?id=…`, or a JSON snippet holding `"id": "…"`.
    pub fn parse_forgiving(pasted: &str) -> Result<Self, InvalidBatchId> {
        let cleaned = strip_wrapping(pasted);
        // JSON needs its quotes, so it is looked for in the paste before stripping them.
        let extracted = candidate_from_url(cleaned).or_else(|| candidate_from_json(pasted.trim()));
        let candidate = extracted.as_deref().map_or(cleaned, strip_wrapping);
        uuid_from(candidate)
            .map(|uuid| Self(uuid.hyphenated().to_string()))
            .ok_or_else(|| InvalidBatchId {
                preview: preview_of(pasted),
            })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The first block of the id, which is enough for people to tell batches apart in file
    /// names and lists.
    pub fn short(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }
}

impl fmt::Display for BatchId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for BatchId {
    type Err = InvalidBatchId;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse_forgiving(s)
    }
}

impl TryFrom<String> for BatchId {
    type Error = InvalidBatchId;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse_forgiving(&value)
    }
}

impl From<BatchId> for String {
    fn from(id: BatchId) -> Self {
        id.0
    }
}

impl AsRef<str> for BatchId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Characters that wrap an id when it is copied from chat, mail, documents or code.
fn is_wrapping(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '\'' | '`' | '“' | '”' | '„' | '‘' | '’' | '«' | '»' | '<' | '>' | ',' | ';' | '.'
        )
        // Zero-width characters that rich-text editors slip in around copied text.
        || matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

fn strip_wrapping(s: &str) -> &str {
    s.trim_matches(is_wrapping)
}

fn uuid_from(candidate: &str) -> Option<Uuid> {
    // `Uuid::parse_str` also takes the 32-digit simple form, `{…}` and `urn:uuid:…`, which are
    // all forms an id can be copied in. The nil id is never a real batch.
    Uuid::parse_str(candidate)
        .ok()
        .filter(|uuid| !uuid.is_nil())
}

/// The app's own link scheme: `enrow-desk://batch/<id>` opens that batch.
pub const LINK_SCHEME: &str = "enrow-desk";

/// `https://api.enrow.io/phone/bulk?id=…` or any other URL whose query carries `id`, or the
/// app's own link, `enrow-desk://batch/<id>`.
fn candidate_from_url(s: &str) -> Option<String> {
    if !s.contains("://") && !s.contains("?id=") && !s.contains("&id=") {
        return None;
    }
    if let Ok(url) = url::Url::parse(s)
        && url.scheme().eq_ignore_ascii_case(LINK_SCHEME)
        && url
            .host_str()
            .is_some_and(|host| host.eq_ignore_ascii_case("batch"))
    {
        let id = url.path().trim_matches('/');
        return (!id.is_empty() && !id.contains('/')).then(|| id.to_owned());
    }
    let with_scheme = if s.contains("://") {
        s.to_owned()
    } else {
        // A URL copied without its scheme, e.g. `api.enrow.io/phone/bulk?id=…`.
        format!("https://{s}")
    };
    let url = url::Url::parse(&with_scheme).ok()?;
    url.query_pairs()
        .find(|(key, _)| key.eq_ignore_ascii_case("id"))
        .map(|(_, value)| value.into_owned())
}

/// A JSON document or fragment carrying `"id": "…"`, at the top or under `general`
/// (the shape of Enrow's own answers).
fn candidate_from_json(s: &str) -> Option<String> {
    if !s.contains("id") || !s.contains(':') {
        return None;
    }
    let value = serde_json::from_str::<serde_json::Value>(s)
        .ok()
        // A fragment such as `"id": "…",` copied out of a larger document.
        .or_else(|| {
            let fragment = s.trim_end_matches(|c: char| c == ',' || c.is_whitespace());
            serde_json::from_str(&format!("{{{fragment}}}")).ok()
        })?;
    let id_of = |v: &serde_json::Value| v.get("id").and_then(|id| id.as_str()).map(str::to_owned);
    id_of(&value).or_else(|| value.get("general").and_then(id_of))
}

fn preview_of(pasted: &str) -> String {
    const MAX_CHARS: usize = 60;
    let trimmed = pasted.trim();
    let mut preview: String = trimmed.chars().take(MAX_CHARS).collect();
    if trimmed.chars().count() > MAX_CHARS {
        preview.push('…');
    }
    preview
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "e3b61122-d6a6-4ea7-b331-9b734682a76a";

    #[test]
    fn accepts_what_people_paste() {
        let accepted: &[(&str, &str)] = &[
            ("bare id", ID),
            ("spaces around", "   e3b61122-d6a6-4ea7-b331-9b734682a76a  "),
            (
                "line breaks",
                "\r\ne3b61122-d6a6-4ea7-b331-9b734682a76a\n\n",
            ),
            ("tab", "\te3b61122-d6a6-4ea7-b331-9b734682a76a"),
            ("double quotes", "\"e3b61122-d6a6-4ea7-b331-9b734682a76a\""),
            ("single quotes", "'e3b61122-d6a6-4ea7-b331-9b734682a76a'"),
            (
                "typographic quotes",
                "“e3b61122-d6a6-4ea7-b331-9b734682a76a”",
            ),
            ("backticks", "`e3b61122-d6a6-4ea7-b331-9b734682a76a`"),
            ("upper case", "E3B61122-D6A6-4EA7-B331-9B734682A76A"),
            ("no dashes", "e3b61122d6a64ea7b3319b734682a76a"),
            ("braces", "{e3b61122-d6a6-4ea7-b331-9b734682a76a}"),
            (
                "zero-width space",
                "\u{200B}e3b61122-d6a6-4ea7-b331-9b734682a76a\u{FEFF}",
            ),
            (
                "non-breaking space",
                "\u{A0}e3b61122-d6a6-4ea7-b331-9b734682a76a\u{A0}",
            ),
            (
                "whole API URL",
                "https://api.enrow.io/phone/bulk?id=e3b61122-d6a6-4ea7-b331-9b734682a76a",
            ),
            (
                "URL without scheme",
                "api.enrow.io/phone/bulk?id=e3b61122-d6a6-4ea7-b331-9b734682a76a",
            ),
            (
                "URL with other parameters",
                "https://example.com/x?foo=1&ID=E3B61122-D6A6-4EA7-B331-9B734682A76A&bar=2",
            ),
            (
                "URL-encoded id in quotes",
                "'https://api.enrow.io/phone/bulk?id=%20e3b61122-d6a6-4ea7-b331-9b734682a76a'",
            ),
            (
                "JSON object",
                r#"{"id": "e3b61122-d6a6-4ea7-b331-9b734682a76a", "credits_used": 80}"#,
            ),
            (
                "JSON fragment",
                r#""id": "e3b61122-d6a6-4ea7-b331-9b734682a76a","#,
            ),
            (
                "Enrow answer",
                r#"{"general":{"id":"e3b61122-d6a6-4ea7-b331-9b734682a76a","status":"ongoing"}}"#,
            ),
            (
                "the app's own link",
                "enrow-desk://batch/e3b61122-d6a6-4ea7-b331-9b734682a76a",
            ),
            (
                "the app's own link, written otherwise",
                "ENROW-DESK://Batch/E3B61122-D6A6-4EA7-B331-9B734682A76A/",
            ),
            (
                "pretty JSON with line breaks",
                "{\n  \"id\": \"E3B61122-D6A6-4EA7-B331-9B734682A76A\"\n}\n",
            ),
        ];
        for (case, pasted) in accepted {
            let parsed = BatchId::parse_forgiving(pasted);
            assert_eq!(
                parsed.as_ref().map(BatchId::as_str),
                Ok(ID),
                "case {case}: {pasted:?}"
            );
        }
    }

    #[test]
    fn refuses_everything_else_with_an_example() {
        let refused: &[(&str, &str)] = &[
            ("empty", ""),
            ("only spaces", "   \n "),
            ("a word", "hello"),
            ("a number", "12345"),
            ("truncated id", "e3b61122-d6a6-4ea7-b331"),
            (
                "one digit too many",
                "e3b61122-d6a6-4ea7-b331-9b734682a76a0",
            ),
            ("not hexadecimal", "g3b61122-d6a6-4ea7-b331-9b734682a76a"),
            ("nil id", "00000000-0000-0000-0000-000000000000"),
            ("URL without id", "https://app.enrow.io/dashboard"),
            ("URL with bad id", "https://api.enrow.io/phone/bulk?id=abc"),
            (
                "the app's link to something else",
                "enrow-desk://settings/e3b61122-d6a6-4ea7-b331-9b734682a76a",
            ),
            (
                "the app's link with a path after the id",
                "enrow-desk://batch/e3b61122-d6a6-4ea7-b331-9b734682a76a/export",
            ),
            ("JSON without id", r#"{"status": "completed"}"#),
            ("JSON with bad id", r#"{"id": "42"}"#),
            ("an API key", "sk_live_8f14e45fceea167a5a36dedd4bea2543"),
            (
                "two ids",
                "e3b61122-d6a6-4ea7-b331-9b734682a76a e3b61122-d6a6-4ea7-b331-9b734682a76a",
            ),
        ];
        for (case, pasted) in refused {
            let error = BatchId::parse_forgiving(pasted).expect_err(case);
            let message = error.to_string();
            assert!(message.contains(EXAMPLE_BATCH_ID), "case {case}: {message}");
        }
    }

    #[test]
    fn long_pastes_are_shortened_in_the_message() {
        let essay = "lorem ipsum ".repeat(100);
        let error = BatchId::parse_forgiving(&essay).expect_err("not an id");
        assert!(error.preview.chars().count() <= 61, "{}", error.preview);
        assert!(error.preview.ends_with('…'));
    }

    #[test]
    fn short_form_is_the_first_block() {
        let id = BatchId::parse_forgiving(ID).expect("valid");
        assert_eq!(id.short(), "e3b61122");
    }

    #[test]
    fn serde_round_trip_validates() {
        let id: BatchId = serde_json::from_str(&format!("\"{ID}\"")).expect("valid");
        assert_eq!(
            serde_json::to_string(&id).expect("serialise"),
            format!("\"{ID}\"")
        );
        assert!(serde_json::from_str::<BatchId>("\"nope\"").is_err());
    }
}
