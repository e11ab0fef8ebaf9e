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
use super::{ExportOptions, phone_types_of, rows};
use crate::model::FetchedBatch;
use crate::phone::PhoneType;

/// RFC 2426 §2.6 (via RFC 2425 §5.8.1): lines longer than 75 octets are folded.
const MAX_LINE_OCTETS: usize = 75;

/// Writes one card per found row whose number is E.164 and returns how many were written.
///
/// A found number in any other shape gets no card: Enrow sends E.164, so anything else is not
/// a number an address book should dial, and a `TEL` value cannot be escaped.
pub fn write_vcf<W: Write>(
    fetched: &FetchedBatch,
    mut out: W,
    options: &ExportOptions,
) -> io::Result<usize> {
    let phones = phone_types_of(fetched);
    let mut cards = 0;
    let mut skipped = 0usize;
    for row in rows(fetched, options, &phones) {
        let Some(number) = row.found_number() else {
            continue;
        };
        if !is_e164(number) {
            skipped += 1;
            continue;
        }
        write_card(&mut out, &Person::of(row), number, &phones)?;
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
    // only a profile link was searched, and the number itself when nothing else is known.
    let display = match person.display_name() {
        name if name.is_empty() => number.to_owned(),
        name => name,
    };
    let (family, given) = if person.has_names() {
        (person.last.as_str(), person.first.as_str())
    } else {
        ("", display.as_str())
    };
    line(out, "BEGIN:VCARD")?;
    line(out, "VERSION:3.0")?;
    line(out, "PRODID:-//Enrow Desk//EN")?;
    line(out, &format!("N:{};{};;;", escape(family), escape(given)))?;
    line(out, &format!("FN:{}", escape(&display)))?;
    if !person.company.is_empty() {
        line(out, &format!("ORG:{}", escape(&person.company)))?;
    }
    line(out, &format!("TEL;TYPE={}:{number}", tel_type(kind)))?;
    // A URI value, not text: it has no escapes, so only a profile's clean address goes there
    // (ASCII, percent-encoded), with a backslash encoded too for readers that unescape anyway.
    if let Some(url) = linkedin_profile_url(&person.linkedin) {
        line(out, &format!("URL:{}", url.as_str().replace('\\', "%5C")))?;
    }
    if !person.note.is_empty() {
        line(out, &format!("NOTE:{}", escape(&person.note)))?;
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
/// starts with a space, and a character is never split across lines.
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
