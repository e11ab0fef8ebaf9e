//! A person's spreadsheet read into memory: every sheet, every cell, every formula.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Sheets};

use crate::csv_text::{self, CsvShape};
use crate::error::MergeError;
use crate::guard;
use crate::limits::{CellBudget, Limit, MAX_FILE_BYTES};

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

/// Reads `path`: a workbook by its content (whatever its name says), else CSV or text. Every
/// limit of [`crate::limits`] is checked before the memory it guards is taken.
pub fn read(path: &Path) -> Result<Spreadsheet, MergeError> {
    let bytes = read_capped(path)?;
    let mut budget = CellBudget::new(path);
    if bytes.starts_with(ZIP) {
        guard::check_zip(&bytes, path)?;
        guard::check_ods(&bytes, path)?;
        guard::check_xlsx_references(&bytes, path)?;
        return read_workbook(path, &bytes, &mut budget);
    }
    if bytes.starts_with(OLE) {
        guard::check_xls(&bytes, path)?;
        return read_workbook(path, &bytes, &mut budget);
    }
    if looks_like_text(&bytes) {
        return read_csv(path, &bytes, &mut budget);
    }
    Err(MergeError::NotASpreadsheet {
        path: path.to_path_buf(),
    })
}

/// The file's bytes, or [`Limit::FileSize`] once it is larger than any list people keep.
fn read_capped(path: &Path) -> Result<Vec<u8>, MergeError> {
    enrow::atomic::read_at_most(path, MAX_FILE_BYTES).map_err(|error| {
        if error.kind() == std::io::ErrorKind::FileTooLarge {
            Limit::FileSize.exceeded(path)
        } else {
            MergeError::reading(&error, path)
        }
    })
}

fn read_workbook(
    path: &Path,
    bytes: &[u8],
    budget: &mut CellBudget<'_>,
) -> Result<Spreadsheet, MergeError> {
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
        let mut grid = Grid::new(budget);
        match &mut workbook {
            // Cell by cell, so a used range far beyond the cells costs nothing: only rows
            // that hold something have cells.
            Sheets::Xlsx(xlsx) => {
                let mut cells = xlsx
                    .worksheet_cells_reader(&name)
                    .map_err(|error| unreadable(error.to_string()))?;
                while let Some(cell) = cells
                    .next_cell_with_formula()
                    .map_err(|error| unreadable(error.to_string()))?
                {
                    let (row, column) = cell.pos;
                    grid.put(row, column, cell.value.into(), cell.formula)?;
                }
            }
            Sheets::Xlsb(xlsb) => {
                let mut cells = xlsb
                    .worksheet_cells_reader(&name)
                    .map_err(|error| unreadable(error.to_string()))?;
                while let Some(cell) = cells
                    .next_cell()
                    .map_err(|error| unreadable(error.to_string()))?
                {
                    let (row, column) = cell.get_position();
                    grid.put(row, column, cell.get_value().clone().into(), None)?;
                }
            }
            // `.xls` and OpenDocument: calamine has built the grids already, within the
            // bounds `guard` checked. Their formulas are not copied (see `write`).
            other => {
                let range = other
                    .worksheet_range(&name)
                    .map_err(|error| unreadable(error.to_string()))?;
                let (top, left) = range.start().unwrap_or((0, 0));
                for (r, c, value) in range.used_cells() {
                    grid.put(top + r as u32, left + c as u32, value.clone(), None)?;
                }
            }
        }
        sheets.push(grid.into_sheet(name));
    }
    Ok(Spreadsheet {
        path: path.to_path_buf(),
        kind,
        sheets,
    })
}

/// A sheet's rows as its cells arrive, in any order, each row only as long as its last cell.
struct Grid<'b, 'p> {
    cells: Vec<Vec<Data>>,
    formulas: Vec<(usize, usize, String)>,
    budget: &'b mut CellBudget<'p>,
}

impl<'b, 'p> Grid<'b, 'p> {
    fn new(budget: &'b mut CellBudget<'p>) -> Self {
        Self {
            cells: Vec::new(),
            formulas: Vec::new(),
            budget,
        }
    }

    fn put(
        &mut self,
        row: u32,
        column: u32,
        value: Data,
        formula: Option<String>,
    ) -> Result<(), MergeError> {
        let formula = formula.filter(|formula| !formula.is_empty());
        if value == Data::Empty && formula.is_none() {
            return Ok(());
        }
        let (row, column) = (row as usize, column as usize);
        if self.cells.len() <= row {
            // An empty row costs its place in the list: counted like a cell.
            self.budget.take(row + 1 - self.cells.len())?;
            self.cells.resize_with(row + 1, Vec::new);
        }
        let cells = &mut self.cells[row];
        if cells.len() <= column {
            self.budget.take(column + 1 - cells.len())?;
            cells.resize(column + 1, Data::Empty);
        }
        cells[column] = value;
        if let Some(formula) = formula {
            self.budget.take(1)?;
            self.formulas.push((row, column, formula));
        }
        Ok(())
    }

    fn into_sheet(self, name: String) -> Sheet {
        Sheet {
            name,
            cells: self.cells,
            formulas: self.formulas,
        }
    }
}

fn read_csv(
    path: &Path,
    bytes: &[u8],
    budget: &mut CellBudget<'_>,
) -> Result<Spreadsheet, MergeError> {
    let (text, shape) = csv_text::decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(shape.delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut cells = Vec::new();
    // A broken quote ends the readable part; what came before is kept.
    for record in reader.records().map_while(Result::ok) {
        budget.take(record.len().max(1))?;
        cells.push(
            record
                .iter()
                .map(|field| match field {
                    "" => Data::Empty,
                    text => Data::String(text.to_owned()),
                })
                .collect(),
        );
    }
    let name = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Spreadsheet {
        path: path.to_path_buf(),
        kind: SourceKind::Csv(shape),
        sheets: vec![Sheet {
            name,
            cells,
            formulas: Vec::new(),
        }],
    })
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
