//! A person's spreadsheet read into memory: every sheet, every cell, every formula.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Sheets};

use crate::csv_text::{self, CsvShape};
use crate::error::MergeError;

/// What the file was, which decides what the copy is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Csv(CsvShape),
    Xlsx,
    /// Excel 97–2003 (`.xls`), Excel binary (`.xlsb`) or OpenDocument (`.ods`): read, and
    /// written back as `.xlsx`, since no maintained Rust library writes these.
    OtherWorkbook,
}

#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    /// Rows from the sheet's first row (row 1 in Excel is `cells[0]`).
    pub cells: Vec<Vec<Data>>,
    /// The formula of each cell that has one (without `=`), by row and column.
    pub formulas: Vec<(usize, usize, String)>,
}

impl Sheet {
    pub fn text(&self, row: usize, column: usize) -> String {
        self.cells
            .get(row)
            .and_then(|cells| cells.get(column))
            .map(cell_text)
            .unwrap_or_default()
    }

    pub fn width(&self) -> usize {
        self.cells.iter().map(Vec::len).max().unwrap_or(0)
    }

    pub fn row_is_empty(&self, row: usize) -> bool {
        self.cells
            .get(row)
            .is_none_or(|cells| cells.iter().all(|cell| cell_text(cell).trim().is_empty()))
    }
}

#[derive(Debug, Clone)]
pub struct Spreadsheet {
    pub path: PathBuf,
    pub kind: SourceKind,
    pub sheets: Vec<Sheet>,
}

impl Spreadsheet {
    pub fn sheet_names(&self) -> Vec<String> {
        self.sheets.iter().map(|sheet| sheet.name.clone()).collect()
    }
}

/// The text a cell shows, for matching: numbers as written, no formatting.
pub fn cell_text(cell: &Data) -> String {
    match cell {
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(_) | Data::Error(_) | Data::Empty => String::new(),
    }
}

const ZIP: &[u8] = b"PK\x03\x04";
/// Compound File Binary: `.xls`, and also a password-protected `.xlsx`.
const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Reads `path`: a workbook by its content (whatever its name says), else CSV or text.
pub fn read(path: &Path) -> Result<Spreadsheet, MergeError> {
    let bytes = std::fs::read(path).map_err(|error| MergeError::reading(&error, path))?;
    if bytes.starts_with(ZIP) || bytes.starts_with(OLE) {
        return read_workbook(path, &bytes);
    }
    if looks_like_text(&bytes) {
        return Ok(read_csv(path, &bytes));
    }
    Err(MergeError::NotASpreadsheet {
        path: path.to_path_buf(),
    })
}

fn read_workbook(path: &Path, bytes: &[u8]) -> Result<Spreadsheet, MergeError> {
    let unreadable = |detail: String| MergeError::Unreadable {
        path: path.to_path_buf(),
        detail,
    };
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|_| {
        if bytes.starts_with(OLE) {
            // Not an .xls calamine reads: most often an Excel file with a password.
            unreadable("it may be protected with a password".to_owned())
        } else {
            MergeError::NotASpreadsheet {
                path: path.to_path_buf(),
            }
        }
    })?;
    let kind = match workbook {
        Sheets::Xlsx(_) => SourceKind::Xlsx,
        _ => SourceKind::OtherWorkbook,
    };
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|error| unreadable(error.to_string()))?;
        let (top, left) = range.start().unwrap_or((0, 0));
        let (top, left) = (top as usize, left as usize);
        let mut cells: Vec<Vec<Data>> = vec![Vec::new(); top];
        for row in range.rows() {
            let mut padded = vec![Data::Empty; left];
            padded.extend(row.iter().cloned());
            // Trailing empty cells add nothing and would widen the sheet.
            while padded.last() == Some(&Data::Empty) {
                padded.pop();
            }
            cells.push(padded);
        }
        while cells.last().is_some_and(Vec::is_empty) {
            cells.pop();
        }
        // Formulas only from an .xlsx: OpenDocument writes them in its own syntax and calamine
        // gives .xls/.xlsb ones as best it can read them, either of which Excel would "repair"
        // away with their values. Their last values are copied instead.
        let formulas = match workbook.worksheet_formula(&name) {
            _ if kind != SourceKind::Xlsx => Vec::new(),
            Ok(range) => {
                let (top, left) = range.start().unwrap_or((0, 0));
                range
                    .used_cells()
                    .filter(|(_, _, formula)| !formula.is_empty())
                    .map(|(r, c, formula)| (top as usize + r, left as usize + c, formula.clone()))
                    .collect()
            }
            // Values without their formulas still make a faithful copy of what is shown.
            Err(_) => Vec::new(),
        };
        sheets.push(Sheet {
            name,
            cells,
            formulas,
        });
    }
    Ok(Spreadsheet {
        path: path.to_path_buf(),
        kind,
        sheets,
    })
}

fn read_csv(path: &Path, bytes: &[u8]) -> Spreadsheet {
    let (text, shape) = csv_text::decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(shape.delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let cells = reader
        .records()
        // A broken quote ends the readable part; what came before is kept.
        .map_while(Result::ok)
        .map(|record| {
            record
                .iter()
                .map(|field| match field {
                    "" => Data::Empty,
                    text => Data::String(text.to_owned()),
                })
                .collect()
        })
        .collect();
    let name = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    Spreadsheet {
        path: path.to_path_buf(),
        kind: SourceKind::Csv(shape),
        sheets: vec![Sheet {
            name,
            cells,
            formulas: Vec::new(),
        }],
    }
}

/// Text has no NUL bytes (except UTF-16, which starts with its byte order mark) and few
/// control characters; a PDF, an image or a program has many.
fn looks_like_text(bytes: &[u8]) -> bool {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return true;
    }
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.is_empty() || sample.contains(&0) || sample.starts_with(b"%PDF") {
        return false;
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    controls * 100 < sample.len()
}

/// The extension of a text file's name (`csv`, `tsv`, `txt`), which its copy keeps.
pub fn text_extension(path: &Path) -> Option<&'static str> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "csv" => Some("csv"),
        "tsv" => Some("tsv"),
        "txt" => Some("txt"),
        _ => None,
    }
}
