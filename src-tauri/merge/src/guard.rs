//! Checks made on a workbook before calamine opens it. calamine unpacks the parts it reads into
//! memory whole, and for `.xls` and OpenDocument files builds every sheet's full grid as it
//! opens the file, from the first cell to the last: a sheet with one value in A1 and one in its
//! far corner is billions of cells. It has no limit of its own below 100 million cells, so the
//! few counts that decide how much it would hold are read here first, by hand: the zip's parts
//! as they unpack, OpenDocument's rows and cells with their repeat counts, and the cell records
//! of an `.xls` stream.

use std::io::{self, BufReader, Cursor, Read};
use std::path::Path;

use quick_xml::events::{BytesStart, Event};

use crate::error::MergeError;
use crate::limits::{Limit, MAX_CELLS, MAX_FILE_BYTES, MAX_INFLATED_BYTES};

/// Excel's largest sheet, which calamine's OpenDocument reader caps repeats at too.
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLUMNS: u64 = 16_384;

/// The parts of a zip container (`.xlsx`, `.xlsb`, `.ods`) unpack to at most
/// [`MAX_INFLATED_BYTES`], as declared and as they really unpack (a declared size can lie).
/// A container the zip reader cannot read is left for calamine to name.
pub fn check_zip(bytes: &[u8], path: &Path) -> Result<(), MergeError> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let mut unpacked = 0u64;
    for index in 0..archive.len() {
        let Ok(mut part) = archive.by_index(index) else {
            continue;
        };
        if unpacked.saturating_add(part.size()) > MAX_INFLATED_BYTES {
            return Err(Limit::Inflated.exceeded(path));
        }
        let room = MAX_INFLATED_BYTES - unpacked;
        // A part that breaks off is calamine's to report, with the rest of what it reads.
        let read = io::copy(&mut (&mut part).take(room + 1), &mut io::sink()).unwrap_or(0);
        unpacked += read;
        if unpacked > MAX_INFLATED_BYTES {
            return Err(Limit::Inflated.exceeded(path));
        }
    }
    Ok(())
}

/// Every cell reference in an `.xlsx` workbook's XML lies where calamine can count it: a cell's
/// or a row's `r`, and any `ref` (the sheet's dimension, a shared formula's, a merged area's),
/// each within 32 bits and a range's end not before its start. calamine 0.38 reads them into
/// 32-bit numbers without checking: `<c r="AAAAAAAAA1">` overflows there (found by fuzzing,
/// `sheet`), which stops a build with overflow checks and reads a wrong cell in one without.
/// Excel writes none of these, so such a file is named unreadable. Other oddities (a `$`, a
/// missing row) are left for calamine to report.
pub fn check_xlsx_references(bytes: &[u8], path: &Path) -> Result<(), MergeError> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    if archive.by_name("xl/workbook.xml").is_err() {
        // Not an .xlsx (an OpenDocument file, a binary .xlsb): nothing of this kind to read.
        return Ok(());
    }
    let mut buf = Vec::new();
    // Every part, not only those named like sheets: the workbook's relationships may point a
    // sheet at any name.
    for index in 0..archive.len() {
        let Ok(part) = archive.by_index(index) else {
            continue;
        };
        let mut reader =
            quick_xml::Reader::from_reader(BufReader::new(part.take(MAX_INFLATED_BYTES)));
        loop {
            match reader.read_event_into(&mut buf) {
                Ok(Event::Start(element) | Event::Empty(element)) => {
                    if !references_fit(&element) {
                        return Err(MergeError::Unreadable {
                            path: path.to_path_buf(),
                            detail: "a cell reference beyond any sheet Excel writes".to_owned(),
                        });
                    }
                }
                // Broken XML (or a picture) is calamine's to report.
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => {}
            }
            buf.clear();
        }
    }
    Ok(())
}

/// Whether `element`'s own `r` (on a cell or a row) and `ref` read without overflowing.
fn references_fit(element: &BytesStart<'_>) -> bool {
    let cell_or_row = matches!(element.local_name().as_ref(), "c" | "row");
    element.attributes().flatten().all(|attribute| {
        // The full name, as calamine matches them: `x:r` or `r:id` is not what it reads.
        match attribute.key.as_ref() {
            "r" if cell_or_row => reference_fits(attribute.value.as_bytes()),
            "ref" => reference_fits(attribute.value.as_bytes()),
            _ => true,
        }
    })
}

/// `A1` or `A1:B2` as calamine reads it (letters, then digits; anything else it refuses by
/// itself): each number within 32 bits, and a range's end not before its start.
fn reference_fits(reference: &[u8]) -> bool {
    let mut ends = reference.split(|&byte| byte == b':').map(position);
    match (ends.next(), ends.next(), ends.next()) {
        (Some(Some(only)), None, _) => only.fits(),
        (Some(Some(start)), Some(Some(end)), None) => {
            start.fits() && end.fits() && end.row >= start.row && end.column >= start.column
        }
        // Three parts, or a part calamine refuses by itself.
        _ => true,
    }
}

/// A reference's row and column as calamine would count them, in 64 bits.
#[derive(Debug, Clone, Copy)]
struct Position {
    row: u64,
    column: u64,
}

impl Position {
    fn fits(self) -> bool {
        self.row <= u64::from(u32::MAX) && self.column <= u64::from(u32::MAX)
    }
}

/// Letters, then digits, counted as calamine counts them (saturating: what is too large is too
/// large); `None` for anything else, which calamine refuses.
fn position(text: &[u8]) -> Option<Position> {
    let letters = text.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let (letters, digits) = text.split_at(letters);
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let column = letters.iter().fold(0u64, |column, letter| {
        column
            .saturating_mul(26)
            .saturating_add(u64::from(letter.to_ascii_uppercase() - b'A') + 1)
    });
    let row = digits.iter().fold(0u64, |row, digit| {
        row.saturating_mul(10)
            .saturating_add(u64::from(digit - b'0'))
    });
    Some(Position { row, column })
}

/// An OpenDocument spreadsheet's `content.xml` holds at most [`MAX_CELLS`] cells as calamine
/// will hold them: the cells each row element writes out (a cell repeated 16,384 times is
/// 16,384), and each table's grid from its first filled cell to its last.
pub fn check_ods(bytes: &[u8], path: &Path) -> Result<(), MergeError> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let Ok(content) = archive.by_name("content.xml") else {
        return Ok(());
    };
    let mut reader =
        quick_xml::Reader::from_reader(BufReader::new(content.take(MAX_INFLATED_BYTES)));
    let mut scan = OdsScan::default();
    let mut buf = Vec::new();
    loop {
        let counted = match reader.read_event_into(&mut buf) {
            Ok(Event::Start(element)) => scan.open(&element, false),
            Ok(Event::Empty(element)) => scan.open(&element, true),
            Ok(Event::End(element)) => scan.close(element.name().as_ref()),
            // Broken XML is calamine's to report.
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => true,
        };
        if !counted {
            return Err(Limit::Cells.exceeded(path));
        }
        buf.clear();
    }
    Ok(())
}

/// What calamine's OpenDocument reader would hold, counted as the XML goes by.
#[derive(Debug, Default)]
struct OdsScan {
    /// Cells every row element writes out, over all tables.
    written: u64,
    /// The grids of the tables read so far.
    grids: u64,
    /// This table: the next row's index, and its filled area.
    row: u64,
    first_filled_row: Option<u64>,
    end_filled_row: u64,
    first_filled_column: u64,
    end_filled_column: u64,
    /// This row: how many times it repeats, the next cell's column, where its filled cells
    /// start and end.
    in_row: bool,
    row_repeats: u64,
    column: u64,
    row_first: Option<u64>,
    row_end: u64,
}

impl OdsScan {
    /// An element opens; false once more cells would be held than allowed.
    fn open(&mut self, element: &BytesStart<'_>, empty: bool) -> bool {
        match element.name().as_ref() {
            "table:table" => {
                self.row = 0;
                self.first_filled_row = None;
                self.end_filled_row = 0;
                self.first_filled_column = u64::MAX;
                self.end_filled_column = 0;
                if empty {
                    return self.close("table:table");
                }
            }
            "table:table-row" => {
                let repeats = count_attribute(element, "table:number-rows-repeated");
                self.in_row = true;
                self.row_repeats = repeats.min(MAX_ROWS.saturating_sub(self.row));
                self.column = 0;
                self.row_first = None;
                self.row_end = 0;
                if empty {
                    return self.close("table:table-row");
                }
            }
            "table:table-cell" | "table:covered-table-cell" if self.in_row => {
                let repeats = count_attribute(element, "table:number-columns-repeated")
                    .min(MAX_COLUMNS.saturating_sub(self.column));
                // A cell with a value, a formula or any content counts as filled (more than
                // calamine keeps, never less).
                let filled = !empty
                    || has_attribute(element, "office:value-type")
                    || has_attribute(element, "table:formula");
                if filled && repeats > 0 {
                    self.row_first.get_or_insert(self.column);
                    self.row_end = self.column + repeats;
                }
                self.column += repeats;
            }
            _ => {}
        }
        true
    }

    /// An element closes; false once more cells would be held than allowed.
    fn close(&mut self, name: &str) -> bool {
        match name {
            "table:table-row" if self.in_row => {
                self.in_row = false;
                // The row element's cells up to its last filled one, written out once.
                self.written = self.written.saturating_add(self.row_end);
                if let Some(first) = self.row_first {
                    self.first_filled_row.get_or_insert(self.row);
                    self.end_filled_row = self.row + self.row_repeats;
                    self.first_filled_column = self.first_filled_column.min(first);
                    self.end_filled_column = self.end_filled_column.max(self.row_end);
                }
                self.row += self.row_repeats;
            }
            "table:table" => {
                if let Some(first) = self.first_filled_row {
                    let rows = self.end_filled_row - first;
                    let columns = self
                        .end_filled_column
                        .saturating_sub(self.first_filled_column);
                    self.grids = self.grids.saturating_add(rows.saturating_mul(columns));
                }
                self.first_filled_row = None;
            }
            _ => {}
        }
        self.written <= MAX_CELLS as u64 && self.grids <= MAX_CELLS as u64
    }
}

fn has_attribute(element: &BytesStart<'_>, key: &str) -> bool {
    element
        .attributes()
        .flatten()
        .any(|attribute| attribute.key.as_ref() == key)
}

/// A repeat count (1 when absent or unreadable; huge ones are capped by the caller).
fn count_attribute(element: &BytesStart<'_>, key: &str) -> u64 {
    element
        .attributes()
        .flatten()
        .find(|attribute| attribute.key.as_ref() == key)
        .and_then(|attribute| attribute.value.trim().parse().ok())
        .unwrap_or(1)
}

/// An Excel 97–2003 workbook's sheets span at most [`MAX_CELLS`] cells from each one's first
/// cell to its last, and none declares more (calamine sets memory aside for the declared
/// dimensions). A file that is not one is left for calamine to name.
pub fn check_xls(bytes: &[u8], path: &Path) -> Result<(), MergeError> {
    let Ok(mut file) = cfb::CompoundFile::open(Cursor::new(bytes)) else {
        return Ok(());
    };
    let stream = match file.open_stream("/Workbook") {
        Ok(stream) => Ok(stream),
        Err(_) => file.open_stream("/Book"),
    };
    let Ok(stream) = stream else {
        return Ok(());
    };
    let mut records = Vec::new();
    if stream
        .take(MAX_FILE_BYTES)
        .read_to_end(&mut records)
        .is_err()
    {
        return Ok(());
    }
    if biff_cells(&records) > MAX_CELLS as u64 {
        return Err(Limit::Cells.exceeded(path));
    }
    Ok(())
}

/// The cells calamine would hold for a BIFF record stream: each sheet's grid from its first
/// cell to its last, or its declared dimensions when larger.
fn biff_cells(records: &[u8]) -> u64 {
    let mut total = 0u64;
    let mut sheet = Extent::default();
    let mut at = 0;
    while let Some(header) = records.get(at..at + 4) {
        let kind = u16::from_le_bytes([header[0], header[1]]);
        let length = usize::from(u16::from_le_bytes([header[2], header[3]]));
        let Some(body) = records.get(at + 4..at + 4 + length) else {
            break;
        };
        at += 4 + length;
        let u16_at = |i: usize| {
            body.get(i..i + 2)
                .map(|b| u64::from(u16::from_le_bytes([b[0], b[1]])))
        };
        let u32_at = |i: usize| {
            body.get(i..i + 4)
                .map(|b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
        };
        match kind {
            // BOF and EOF: a sheet (or the workbook's globals) begins or ends.
            0x0809 | 0x000A => total = total.saturating_add(std::mem::take(&mut sheet).cells()),
            // DIMENSIONS, as BIFF5 (16-bit rows) or BIFF8 (32-bit rows) writes it.
            0x0200 => {
                let (first, last, first_column, last_column) = match length {
                    10 => (u16_at(0), u16_at(2), u16_at(4), u16_at(6)),
                    _ => (u32_at(0), u32_at(4), u16_at(8), u16_at(10)),
                };
                if let (Some(first), Some(last), Some(first_column), Some(last_column)) =
                    (first, last, first_column, last_column)
                {
                    let declared = last
                        .saturating_sub(first)
                        .saturating_mul(last_column.saturating_sub(first_column.min(0xFF)));
                    total = total.saturating_add(declared);
                }
            }
            // NUMBER, LABEL, RSTRING, BOOLERR, RK, LABELSST and FORMULA: one cell at (row, col).
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                if let (Some(row), Some(column)) = (u16_at(0), u16_at(2)) {
                    sheet.add(row, column, column);
                }
            }
            // MULRK: a run of cells on one row, the last column at the record's end.
            0x00BD => {
                if let (Some(row), Some(first), Some(last)) =
                    (u16_at(0), u16_at(2), length.checked_sub(2).and_then(u16_at))
                {
                    sheet.add(row, first, last.max(first));
                }
            }
            _ => {}
        }
    }
    total.saturating_add(sheet.cells())
}

/// A sheet's cells from the first to the last.
#[derive(Debug, Default)]
struct Extent {
    rows: Option<(u64, u64)>,
    columns: Option<(u64, u64)>,
}

impl Extent {
    fn add(&mut self, row: u64, first_column: u64, last_column: u64) {
        let (top, bottom) = self.rows.unwrap_or((row, row));
        self.rows = Some((top.min(row), bottom.max(row)));
        let (left, right) = self.columns.unwrap_or((first_column, last_column));
        self.columns = Some((left.min(first_column), right.max(last_column)));
    }

    fn cells(&self) -> u64 {
        match (self.rows, self.columns) {
            (Some((top, bottom)), Some((left, right))) => (bottom - top + 1) * (right - left + 1),
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, body: &[u8]) -> Vec<u8> {
        let mut out = kind.to_le_bytes().to_vec();
        out.extend((body.len() as u16).to_le_bytes());
        out.extend(body);
        out
    }

    fn cell(row: u16, column: u16) -> Vec<u8> {
        let mut body = row.to_le_bytes().to_vec();
        body.extend(column.to_le_bytes());
        body.extend([0; 10]);
        record(0x0203, &body)
    }

    #[test]
    fn cell_references_beyond_32_bits_or_backwards_are_refused() {
        for fits in [
            &b"A1"[..],
            b"XFD1048576",
            b"A1:XFD1048576",
            b"c107",
            b"$A$1",
            b"A",
            b"1",
            b"A1:B2:C3",
            b"",
        ] {
            assert!(reference_fits(fits), "{}", String::from_utf8_lossy(fits));
        }
        for overflows in [
            &b"AAAAAAAAA1"[..],
            b"FRRNDPELINE1",
            b"A99999999999",
            b"B2:A1",
            b"A2:B1",
            b"A1:ZZZZZZZZ9",
        ] {
            assert!(
                !reference_fits(overflows),
                "{}",
                String::from_utf8_lossy(overflows)
            );
        }
    }

    #[test]
    fn an_xlsx_part_with_a_reference_too_large_is_unreadable_and_a_prefixed_attribute_is_not_one() {
        use std::io::Write;

        let workbook = |sheet: &str| {
            let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
            let options = zip::write::SimpleFileOptions::default();
            zip.start_file("xl/workbook.xml", options).unwrap();
            zip.write_all(b"<workbook/>").unwrap();
            zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
            zip.write_all(sheet.as_bytes()).unwrap();
            zip.finish().unwrap().into_inner()
        };
        let path = Path::new("Leads.xlsx");
        // calamine reads the unprefixed `r` alone (by its full name): `x:r` is not a reference
        // it counts, so it refuses nothing.
        let fine = workbook(
            r#"<worksheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><dimension ref="A1:B2"/><sheetData><row r="1"><c r="A1" r:id="x" x:r="AAAAAAAAA1"/></row></sheetData></worksheet>"#,
        );
        assert!(check_xlsx_references(&fine, path).is_ok());
        let hostile = workbook(
            r#"<worksheet><sheetData><row r="1"><c r="AAAAAAAAA1"/></row></sheetData></worksheet>"#,
        );
        assert!(matches!(
            check_xlsx_references(&hostile, path),
            Err(MergeError::Unreadable { .. })
        ));
        let backwards = workbook(r#"<worksheet><dimension ref="B9:A1"/></worksheet>"#);
        assert!(check_xlsx_references(&backwards, path).is_err());
    }

    #[test]
    fn an_xls_sheet_counts_from_its_first_cell_to_its_last() {
        let sheet = [
            record(0x0809, &[0; 16]),
            cell(0, 0),
            cell(9, 3),
            record(0x000A, &[]),
        ]
        .concat();
        assert_eq!(biff_cells(&sheet), 40);
        let corners = [
            record(0x0809, &[0; 16]),
            cell(0, 0),
            cell(65_535, 255),
            record(0x000A, &[]),
        ]
        .concat();
        assert_eq!(biff_cells(&corners), 65_536 * 256);
        // Declared dimensions far beyond the cells count too: calamine sets room aside for them.
        let mut dimensions = 0u32.to_le_bytes().to_vec();
        dimensions.extend(u32::MAX.to_le_bytes());
        dimensions.extend([0, 0, 0xFF, 0, 0, 0]);
        assert!(biff_cells(&record(0x0200, &dimensions)) > MAX_CELLS as u64);
        // A record cut short ends the count without reading past it.
        assert_eq!(biff_cells(&[0x03, 0x02, 0xFF]), 0);
    }
}
