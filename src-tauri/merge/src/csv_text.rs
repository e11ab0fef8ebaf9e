//! A CSV file as Excel, Numbers or a CRM saved it: its encoding, separator and line ends,
//! found out so the copy is written back the same way.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// How a CSV file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvShape {
    pub encoding: &'static Encoding,
    /// A byte order mark at the start (Excel's "CSV UTF-8" writes one).
    pub bom: bool,
    pub delimiter: u8,
    /// `\r\n` line ends (Excel on Windows) rather than `\n`.
    pub crlf: bool,
}

/// The text of `bytes` and how it was written. Encoding: a byte order mark if there is one,
/// else UTF-8 if the bytes are valid UTF-8, else what chardetng guesses (Excel on Windows saves
/// "CSV" in the system's code page, Windows-1252 in Western Europe).
pub fn decode(bytes: &[u8]) -> (String, CsvShape) {
    let (encoding, bom) = match Encoding::for_bom(bytes) {
        Some((encoding, length)) => (encoding, length > 0),
        None if std::str::from_utf8(bytes).is_ok() => (UTF_8, false),
        None => {
            let mut detector = chardetng::EncodingDetector::new();
            detector.feed(bytes, true);
            (detector.guess(None, true), false)
        }
    };
    // `decode` strips the BOM itself; invalid sequences become U+FFFD rather than failing.
    let (text, _, _) = encoding.decode(bytes);
    let text = text.into_owned();
    let shape = CsvShape {
        encoding,
        bom,
        delimiter: stated_delimiter(&text).unwrap_or_else(|| sniff_delimiter(&text)),
        crlf: text.contains("\r\n"),
    };
    (text, shape)
}

/// `text` in the file's own encoding. encoding_rs writes no UTF-16, so a UTF-16 file (Excel's
/// "Unicode text") is written as UTF-16 by hand here.
pub fn encode(text: &str, shape: &CsvShape) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + 3);
    if shape.encoding == UTF_16LE || shape.encoding == UTF_16BE {
        let little = shape.encoding == UTF_16LE;
        let unit = |u: u16| {
            if little {
                u.to_le_bytes()
            } else {
                u.to_be_bytes()
            }
        };
        if shape.bom {
            out.extend_from_slice(&unit(0xFEFF));
        }
        for u in text.encode_utf16() {
            out.extend_from_slice(&unit(u));
        }
        return out;
    }
    if shape.bom && shape.encoding == UTF_8 {
        out.extend_from_slice(b"\xEF\xBB\xBF");
    }
    // Everything in the file came from this encoding, and what is added (numbers, words of
    // the app's languages) exists in every Western code page; anything else would be written
    // as an HTML character reference by encoding_rs, never dropped.
    let (bytes, _, _) = shape.encoding.encode(text);
    out.extend_from_slice(&bytes);
    out
}

/// The separator a first line such as `sep=;` states: Excel reads it (and some tools write it)
/// so that a file opens the same whatever the computer's list separator.
fn stated_delimiter(text: &str) -> Option<u8> {
    let first = text.lines().next()?.trim_end_matches('\r');
    let stated = first
        .strip_prefix("sep=")
        .or_else(|| first.strip_prefix("SEP="))?;
    match stated.as_bytes() {
        [byte] if byte.is_ascii_punctuation() || *byte == b'\t' => Some(*byte),
        _ => None,
    }
}

/// The separator used the same number of times on most of the first lines, outside quotes.
///
/// Written here: the `csv` crate reads a known separator but does not guess one, and the one
/// sniffing crate (csv-sniffer) has not been maintained for years. Comma, semicolon, tab and
/// pipe are the separators spreadsheets write.
pub fn sniff_delimiter(text: &str) -> u8 {
    const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
    let lines: Vec<[usize; 4]> = logical_lines(text)
        .filter(|line| !line.trim().is_empty())
        .take(30)
        .map(|line| {
            let mut counts = [0; 4];
            let mut quoted = false;
            for byte in line.bytes() {
                if byte == b'"' {
                    quoted = !quoted;
                } else if !quoted && let Some(i) = CANDIDATES.iter().position(|c| *c == byte) {
                    counts[i] += 1;
                }
            }
            counts
        })
        .collect();
    let score = |i: usize| -> (usize, usize) {
        // Lines agreeing with the most common non-zero count, then how often it appears.
        let mut tally = std::collections::HashMap::new();
        for counts in &lines {
            if counts[i] > 0 {
                *tally.entry(counts[i]).or_insert(0usize) += 1;
            }
        }
        let agreeing = tally.values().copied().max().unwrap_or(0);
        let total = lines.iter().map(|counts| counts[i]).sum();
        (agreeing, total)
    };
    (0..CANDIDATES.len())
        .max_by_key(|&i| (score(i), std::cmp::Reverse(i)))
        .filter(|&i| score(i).0 > 0)
        .map_or(b',', |i| CANDIDATES[i])
}

/// Lines, with a line break inside quotes kept inside its line.
fn logical_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut quoted = false;
        for (i, byte) in rest.bytes().enumerate() {
            match byte {
                b'"' => quoted = !quoted,
                b'\n' if !quoted => {
                    let line = &rest[..i];
                    rest = &rest[i + 1..];
                    return Some(line);
                }
                _ => {}
            }
        }
        let line = rest;
        rest = "";
        Some(line)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_with_semicolons_as_excel_saves_it() {
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1252.encode("Prénom;Nom;Société\r\nFrançois;Lefèvre;Études\r\n");
        let (text, shape) = decode(&bytes);
        assert_eq!(shape.encoding, encoding_rs::WINDOWS_1252);
        assert_eq!(
            (shape.delimiter, shape.crlf, shape.bom),
            (b';', true, false)
        );
        assert!(text.starts_with("Prénom;Nom;Société"));
        assert_eq!(encode(&text, &shape), bytes.into_owned());
    }

    #[test]
    fn utf8_with_a_bom_and_utf16_keep_their_shape() {
        let (text, shape) = decode(b"\xEF\xBB\xBFname,company\nZo\xC3\xAB,\"A, B\"\n");
        assert_eq!(
            (shape.encoding, shape.bom, shape.delimiter),
            (UTF_8, true, b',')
        );
        assert_eq!(text, "name,company\nZoë,\"A, B\"\n");
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in "a\tb\r\nc\td\r\n".encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        let (text, shape) = decode(&utf16);
        assert_eq!((shape.encoding, shape.delimiter), (UTF_16LE, b'\t'));
        assert_eq!(encode(&text, &shape), utf16);
    }

    #[test]
    fn the_separator_outside_quotes_wins() {
        assert_eq!(sniff_delimiter("a;b;c\n\"x, y, z\";2;3\n"), b';');
        assert_eq!(sniff_delimiter("a,b\n1,2\n"), b',');
        assert_eq!(sniff_delimiter("a|b|c\n1|2|3"), b'|');
        assert_eq!(sniff_delimiter("just one column\nvalue\n"), b',');
    }

    #[test]
    fn a_stated_separator_is_believed() {
        // One column of names with commas: guessed alone, the comma would look like the one.
        let text = "sep=;\r\nname\r\nPeeters, Ann\r\nVos, Bram\r\n";
        assert_eq!(sniff_delimiter(text), b',');
        let (_, shape) = decode(text.as_bytes());
        assert_eq!(shape.delimiter, b';');
        assert_eq!(stated_delimiter("sep=\t\na\tb"), Some(b'\t'));
        assert_eq!(stated_delimiter("separator\na,b"), None);
    }
}
