//! Contact cards: one `.vcf` file that Google Contacts, an iPhone, a Mac and Outlook import.
//!
//! vCard 3.0 (RFC 2426), not 4.0: Outlook for Windows reads 2.1 and 3.0 only, and Google
//! Contacts and iOS read 3.0 as well as 4.0, so 3.0 is the version every one of them takes.
//! Written by hand rather than with a crate: a card here is a dozen lines, and the rules that
//! matter (escaping and folding at 75 octets without splitting a character) are below and
//! tested against a parser written by others.
//!
//! Everything on a card but its fixed words comes from Enrow's answer, which may hold anything:
//! a line break in a name or a number written as is would end the property there and let the
//! rest of the value write lines of its own, a whole second card included. So text values are
//! escaped (RFC 2426 §4, RFC 6350 §3.4), control characters never reach the file, the number
//! is written only when it is E.164 (`TEL` values are not text and have no escapes) and the
//! link only when it is a LinkedIn profile's address.

use std::io::{self, Write};

use super::columns::Phones;
use super::csv_file::is_e164;
use super::person::{Person, is_control, linkedin_profile_url};
use super::{ExportOptions, KnownPhones, phones_needed, rows};
use crate::model::FetchedBatch;
use crate::phone::{Forms, PhoneType};

/// RFC 2426 §2.6 (via RFC 2425 §5.8.1): lines longer than 75 octets are folded.
const MAX_LINE_OCTETS: usize = 75;

/// Writes one card per found row whose number is E.164 and returns how many were written.
///
/// A found number in any other shape gets no card: Enrow sends E.164, so anything else is not
/// a number an address book should dial, and a `TEL` value cannot be escaped.
pub fn write_vcf<W: Write>(
    fetched: &FetchedBatch,
    out: W,
    options: &ExportOptions,
) -> io::Result<usize> {
    write_vcf_knowing(fetched, None, out, options)
}

/// As [`write_vcf`], with the batch's numbers classified already if `known`.
pub(super) fn write_vcf_knowing<W: Write>(
    fetched: &FetchedBatch,
    known: Option<&KnownPhones<'_>>,
    mut out: W,
    options: &ExportOptions,
) -> io::Result<usize> {
    let phones = phones_needed(fetched, known, Forms::Neither);
    let phones = &*phones;
    let mut cards = 0;
    let mut skipped = 0usize;
    for row in rows(fetched, options, phones) {
        let Some(number) = row.found_number() else {
            continue;
        };
        if !is_e164(number) {
            skipped += 1;
            continue;
        }
        write_card(&mut out, &Person::of(row), number, phones)?;
        cards += 1;
    }
    out.flush()?;
    if skipped > 0 {
        tracing::warn!(
            skipped,
            "found numbers that are not E.164 got no contact card"
        );
    }
    Ok(cards)
}

/// One card; `number` is E.164, so it is written as is.
fn write_card<W: Write>(
    out: &mut W,
    person: &Person,
    number: &str,
    phones: &Phones<'_>,
) -> io::Result<()> {
    debug_assert!(is_e164(number));
    let kind = phones
        .get(number)
        .map_or(PhoneType::Invalid, |info| info.kind);
    // A card needs a name (FN and N are required in 3.0): the LinkedIn handle stands in when
    // only a profile link was searched, and the number itself when nothing else is known
    // (or when the name held only characters that are left out).
    let display = match text(&person.display_name()) {
        name if name.is_empty() => number.to_owned(),
        name => name,
    };
    let (family, given) = if person.has_names() {
        (text(&person.last), text(&person.first))
    } else {
        (String::new(), display.clone())
    };
    line(out, "BEGIN:VCARD")?;
    line(out, "VERSION:3.0")?;
    line(out, "PRODID:-//Enrow Desk//EN")?;
    line(out, &format!("N:{family};{given};;;"))?;
    line(out, &format!("FN:{display}"))?;
    let company = text(&person.company);
    if !company.is_empty() {
        line(out, &format!("ORG:{company}"))?;
    }
    line(out, &format!("TEL;TYPE={}:{number}", tel_type(kind)))?;
    // A URI value, not text: it has no escapes, so only a profile's clean address goes there
    // (ASCII, percent-encoded), with a backslash encoded too for readers that unescape anyway.
    if let Some(url) = linkedin_profile_url(&person.linkedin) {
        line(out, &format!("URL:{}", url.as_str().replace('\\', "%5C")))?;
    }
    let note = text(&person.note);
    if !note.is_empty() {
        line(out, &format!("NOTE:{note}"))?;
    }
    line(out, "END:VCARD")
}

/// Mobiles ring a phone, landlines a desk; the rest (and the numbers whose plan cannot tell)
/// are plain voice lines.
fn tel_type(kind: PhoneType) -> &'static str {
    match kind {
        PhoneType::Mobile => "CELL",
        PhoneType::Landline => "WORK",
        _ => "VOICE",
    }
}

/// A text value as written: escaped, and without spaces at either end, which a control
/// character left out may have uncovered (the person's values are trimmed already) and which
/// readers that trim lines would lose anyway.
fn text(value: &str) -> String {
    escape(value).trim_matches(' ').to_owned()
}

/// RFC 2426 §4: backslash, comma, semicolon and line breaks are escaped in text values. Every
/// way of breaking a line (CR, LF, CRLF, NEL, the Unicode line and paragraph separators) becomes
/// the escaped `\n`, a tab a space, and any other control character is left out: none of them
/// may appear raw in a text value, and a reader could take one for the end of the line.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            ',' => escaped.push_str("\\,"),
            ';' => escaped.push_str("\\;"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                escaped.push_str("\\n");
            }
            '\n' | '\u{0085}' | '\u{2028}' | '\u{2029}' => escaped.push_str("\\n"),
            '\t' => escaped.push(' '),
            c if is_control(c) => {}
            c => escaped.push(c),
        }
    }
    escaped
}

/// Writes `content` with CRLF, folded into lines of at most 75 octets; a continuation line
/// starts with a space, and a character is never split across lines. A line is not cut right
/// after a space, where it would end in one: readers that trim lines (ical among them) would
/// lose it. Only a run of spaces longer than a whole line cannot avoid that.
fn line<W: Write>(out: &mut W, content: &str) -> io::Result<()> {
    let mut rest = content;
    let mut limit = MAX_LINE_OCTETS;
    loop {
        if rest.len() <= limit {
            out.write_all(rest.as_bytes())?;
            return out.write_all(b"\r\n");
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let last_word_end = rest[..cut].trim_end_matches(' ').len();
        if last_word_end > 0 {
            cut = last_word_end;
        }
        out.write_all(&rest.as_bytes()[..cut])?;
        out.write_all(b"\r\n ")?;
        rest = &rest[cut..];
        // The leading space counts towards the continuation line's 75 octets.
        limit = MAX_LINE_OCTETS - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::Format;

    /// The cards written for rows of `(first name, company, custom)`, each with its own number,
    /// and the file.
    fn cards(
        people: &[(&str, &str, &str)],
    ) -> (String, Vec<ical::parser::vcard::component::VcardContact>) {
        let results: Vec<serde_json::Value> = people
            .iter()
            .enumerate()
            .map(|(index, (first, company, custom))| {
                serde_json::json!({"index": index, "qualification": "found",
                    "number": format!("+3361234567{index}"),
                    "params": {"firstname": first, "company_name": company}, "custom": custom})
            })
            .collect();
        let raw = serde_json::json!({"general": {"status": "completed"}, "results": results});
        let raw = serde_json::to_vec(&raw).expect("JSON");
        let fetched = FetchedBatch {
            batch: crate::Batch::from_json(&raw).expect("an answer"),
            raw: raw.into(),
        };
        let mut out = Vec::new();
        write_vcf(&fetched, &mut out, &ExportOptions::new(Format::Vcf)).expect("in memory");
        let text = String::from_utf8(out).expect("UTF-8");
        let cards = ical::VcardParser::new(text.as_bytes())
            .collect::<Result<Vec<_>, _>>()
            .expect("cards");
        (text, cards)
    }

    fn value(card: &ical::parser::vcard::component::VcardContact, name: &str) -> String {
        card.properties
            .iter()
            .find(|property| property.name == name)
            .and_then(|property| property.value.clone())
            .unwrap_or_default()
    }

    /// Found by fuzzing (export_roundtrip): a name of control characters alone was written as
    /// an empty name, and one ending in a space, once its control characters were left out,
    /// lost that space in readers that trim lines (ical does; the file said otherwise).
    #[test]
    fn a_name_is_never_empty_nor_ends_in_a_space() {
        let (text, cards) = cards(&[("\u{1}\u{7f}", "", ""), ("Ann \u{1b}", "\u{1b} Acme", "")]);
        assert_eq!(value(&cards[0], "FN"), "+33612345670");
        assert_eq!(value(&cards[1], "FN"), "Ann");
        assert_eq!(value(&cards[1], "N"), ";Ann;;;");
        assert_eq!(value(&cards[1], "ORG"), "Acme");
        assert!(!text.contains(" \r\n"), "{text:?}");
    }

    /// Found by fuzzing: a fold right after a space left the space at the end of a line,
    /// where readers that trim lines lose it.
    #[test]
    fn no_line_is_folded_after_a_space() {
        let note = format!(
            "{} {}",
            "a".repeat(69),
            "b c d e f g h i j k l m n o p ".repeat(6)
        );
        let (text, cards) = cards(&[("Ann", "", &note)]);
        assert!(text.contains("\r\n "), "folded: {text:?}");
        assert!(!text.contains(" \r\n"), "{text:?}");
        assert_eq!(value(&cards[0], "NOTE"), note.trim_end());
    }

    #[test]
    fn text_values_are_escaped() {
        assert_eq!(
            escape("Smith, Jones; Co\\\r\nNext\nline"),
            "Smith\\, Jones\\; Co\\\\\\nNext\\nline"
        );
    }

    #[test]
    fn no_control_character_survives_escaping() {
        assert_eq!(
            escape("a\rb\u{2028}c\u{2029}d\u{85}e\tf\u{0}g\u{7f}h\u{1b}i\u{9f}j"),
            "a\\nb\\nc\\nd\\ne fghij"
        );
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        let escaped = escape(&all);
        assert!(!escaped.chars().any(is_control), "{escaped:?}");
    }

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let content = format!("NOTE:{}", "é".repeat(100));
        let mut out = Vec::new();
        line(&mut out, &content).expect("in memory");
        let text = String::from_utf8(out).expect("folding keeps UTF-8 whole");
        let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert!(lines.len() > 2, "{lines:?}");
        assert!(
            lines.iter().all(|l| l.len() <= MAX_LINE_OCTETS),
            "{lines:?}"
        );
        assert!(lines[1..].iter().all(|l| l.starts_with(' ')));
        let unfolded: String = text.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end(), content);
    }
}
