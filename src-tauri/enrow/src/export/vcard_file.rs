//! Contact cards: one `.vcf` file that Google Contacts, an iPhone, a Mac and Outlook import.
//!
//! vCard 3.0 (RFC 2426), not 4.0: Outlook for Windows reads 2.1 and 3.0 only, and Google
//! Contacts and iOS read 3.0 as well as 4.0, so 3.0 is the version every one of them takes.
//! Written by hand rather than with a crate: a card here is a dozen lines, and the two rules
//! that matter (escaping and folding at 75 octets without splitting a character) are below
//! and tested against a parser written by others.

use std::io::{self, Write};

use super::columns::Phones;
use super::person::Person;
use super::{ExportOptions, phone_types_of, rows};
use crate::model::FetchedBatch;
use crate::phone::PhoneType;

/// RFC 2426 §2.6 (via RFC 2425 §5.8.1): lines longer than 75 octets are folded.
const MAX_LINE_OCTETS: usize = 75;

/// Writes one card per found row and returns how many were written.
pub fn write_vcf<W: Write>(
    fetched: &FetchedBatch,
    mut out: W,
    options: &ExportOptions,
) -> io::Result<usize> {
    let phones = phone_types_of(fetched);
    let mut cards = 0;
    for row in rows(fetched, options, &phones) {
        let Some(number) = row.found_number() else {
            continue;
        };
        write_card(&mut out, &Person::of(row), number, &phones)?;
        cards += 1;
    }
    out.flush()?;
    Ok(cards)
}

fn write_card<W: Write>(
    out: &mut W,
    person: &Person,
    number: &str,
    phones: &Phones<'_>,
) -> io::Result<()> {
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
    if !person.linkedin.is_empty() {
        line(out, &format!("URL:{}", person.linkedin))?;
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

/// RFC 2426 §4: backslash, comma, semicolon and line breaks are escaped in text values.
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
            '\n' => escaped.push_str("\\n"),
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
