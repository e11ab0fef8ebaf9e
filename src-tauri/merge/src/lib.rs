//! "Add to my spreadsheet": a batch's numbers put back into the sheet it was made from, each
//! on the row of the person it belongs to, in a new file beside the original.
//!
//! 1. [`open`] reads the file: Excel (`.xlsx`, `.xls`, `.xlsb`) and OpenDocument (`.ods`)
//!    through calamine, CSV with its encoding and separator found out.
//! 2. [`plan`] finds the header row and the searched columns, and lines rows up with the batch
//!    (see [`matching`]); [`Plan::preview`] says how many matched, which did not, and shows
//!    the first rows.
//! 3. [`write`] writes the copy with four new columns: Phone, Type, Country, Result.

mod csv_text;
mod error;
mod guard;
mod layout;
pub mod limits;
mod matching;
pub mod normalize;
mod sheet;
mod write;

use std::path::{Path, PathBuf};

use enrow::export::{ExportLabels, Person, Phones};
use enrow::phone::Forms;
use enrow::{FetchedBatch, PhoneResult};
use serde::Serialize;

pub use error::MergeError;
pub use layout::{ColumnChoice, Columns, Layout, Role};
pub use matching::{Alignment, Field, Unmatched};
pub use sheet::{Sheet, SourceKind, Spreadsheet, text_extension};

/// Reads the spreadsheet at `path`.
pub fn open(path: &Path) -> Result<Spreadsheet, MergeError> {
    sheet::read(path)
}

/// Where the header is and which columns hold what, in `sheet`: as its headers say, or as the
/// person's `choice` says. `None` when no column names a person (a LinkedIn link or a name).
pub fn layout_of(sheet: &Sheet, choice: &ColumnChoice) -> Option<Layout> {
    layout::find(sheet, choice)
}

/// How the batch lines up with one sheet of the file.
#[derive(Debug, Clone)]
pub struct Plan {
    pub sheet: usize,
    pub layout: Layout,
    pub alignment: Alignment,
}

/// Lines the batch up with the sheet called `sheet_name`, or else with the sheet where the
/// most rows match (the one the batch was made from), in the columns the headers name or the
/// person's `choice` of them.
pub fn plan(
    spreadsheet: &Spreadsheet,
    fetched: &FetchedBatch,
    sheet_name: Option<&str>,
    choice: &ColumnChoice,
) -> Result<Plan, MergeError> {
    let results = &fetched.batch.results;
    let plan_for = |index: usize| {
        let sheet = &spreadsheet.sheets[index];
        layout::find(sheet, choice).map(|layout| Plan {
            sheet: index,
            alignment: matching::align(sheet, &layout, results),
            layout,
        })
    };
    match sheet_name {
        Some(name) => {
            let index = spreadsheet
                .sheets
                .iter()
                .position(|sheet| sheet.name == name)
                .ok_or_else(|| MergeError::NoSuchSheet {
                    name: name.to_owned(),
                    available: spreadsheet.sheet_names(),
                })?;
            plan_for(index).ok_or(MergeError::NoColumns)
        }
        None => (0..spreadsheet.sheets.len())
            .filter_map(plan_for)
            // The most matches wins; on a tie, the first sheet.
            .max_by_key(|plan| (plan.matched(), std::cmp::Reverse(plan.sheet)))
            .ok_or(MergeError::NoColumns),
    }
}

/// One row of the preview: the sheet's row number, who it is, and what it gets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PreviewRow {
    /// As the spreadsheet program numbers it (the first row is 1).
    pub row: usize,
    pub person: String,
    /// A result goes on this row; else `result` says why not.
    pub matched: bool,
    pub phone: String,
    pub kind: String,
    pub result: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    pub sheet: String,
    pub sheets: Vec<String>,
    /// Rows holding a person.
    pub rows: usize,
    pub matched: usize,
    /// Matched rows that get a number.
    pub with_number: usize,
    /// The rows that could not be matched, as the spreadsheet numbers them.
    pub unmatched_rows: Vec<usize>,
    /// The same, written short: `12–25, 31`.
    pub unmatched_text: String,
    /// Results no row of the sheet matched.
    pub orphans: usize,
    /// Why the rows that stay empty do, each reason with its rows.
    pub reasons: Vec<ReasonGroup>,
    /// Each column role that matters to this batch's searches, and the column it is read from.
    pub choices: Vec<RoleColumn>,
    /// Searched fields no column of the sheet shows: no row can be checked against them until
    /// the person chooses their column.
    pub missing: Vec<Field>,
    /// The sheet's columns, to choose from.
    pub columns: Vec<SheetColumn>,
    /// The first rows, as they will be filled.
    pub sample: Vec<PreviewRow>,
    /// The file type of the copy (`xlsx` for an `.xls` or `.ods`, which cannot be written).
    pub extension: String,
}

/// Rows that stay empty for one reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReasonGroup {
    /// `ambiguous`, `noColumn`, `noPerson` or `notInBatch`.
    pub reason: &'static str,
    /// The field without a column (`noColumn`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<Field>,
    /// Who several rows could be (`ambiguous`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// As the spreadsheet numbers them.
    pub rows: Vec<usize>,
    /// The same, written short: `12–25, 31`.
    pub text: String,
}

/// A column role and the column it is read from (`None`: no column).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleColumn {
    pub role: Role,
    pub column: Option<usize>,
}

/// One column of the sheet, as the person can recognise it: `C · Current employer (2024)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SheetColumn {
    pub index: usize,
    pub label: String,
}

const SAMPLE_ROWS: usize = 8;
/// A sheet as wide as Excel allows has 16,384 columns; a person chooses among the first ones.
const MAX_COLUMNS_OFFERED: usize = 300;

impl Plan {
    pub fn matched(&self) -> usize {
        self.alignment.results.iter().flatten().count()
    }

    /// Why each row that stays empty does, grouped: one group per reason (per set of rows for
    /// the ambiguous ones), in the order the rows come.
    pub fn reasons(&self) -> Vec<ReasonGroup> {
        let mut groups: Vec<(Unmatched, Vec<usize>)> = Vec::new();
        for (row, reason) in self.layout.data_rows.iter().zip(&self.alignment.unmatched) {
            let Some(reason) = reason else { continue };
            match groups.iter_mut().find(|(seen, _)| seen == reason) {
                Some((_, rows)) => rows.push(row + 1),
                None => groups.push((reason.clone(), vec![row + 1])),
            }
        }
        groups
            .into_iter()
            .map(|(reason, rows)| {
                let (code, field, name) = match reason {
                    Unmatched::Ambiguous { name, .. } => ("ambiguous", None, Some(name)),
                    Unmatched::NoColumn { field } => ("noColumn", Some(field), None),
                    Unmatched::NoPerson => ("noPerson", None, None),
                    Unmatched::NotInBatch => ("notInBatch", None, None),
                    Unmatched::TooLittle => ("tooLittle", None, None),
                    Unmatched::NotAProfile => ("notAProfile", None, None),
                };
                ReasonGroup {
                    reason: code,
                    field,
                    name,
                    text: row_ranges(&rows),
                    rows,
                }
            })
            .collect()
    }

    /// The roles that matter to the searches of this batch, each with its column.
    fn choices(&self, fetched: &FetchedBatch) -> Vec<RoleColumn> {
        let searched = |param: &str| {
            fetched.batch.results.iter().any(|row| {
                !enrow::export::cell_value(row.params.get(param))
                    .as_text()
                    .trim()
                    .is_empty()
            })
        };
        let columns = &self.layout.columns;
        let names = searched("firstname") || searched("lastname");
        Role::ALL
            .into_iter()
            .filter(|role| match role {
                Role::Linkedin => searched("linkedin_url"),
                Role::First | Role::Last => names,
                // One cell for both names, offered where separate columns were not both found.
                Role::FullName => {
                    names
                        && (columns.full_name.is_some()
                            || columns.first.is_none()
                            || columns.last.is_none())
                }
                Role::Company => searched("company_name"),
                Role::Domain => searched("company_domain"),
            })
            .map(|role| RoleColumn {
                role,
                column: columns.get(role),
            })
            .collect()
    }

    /// The rows that could not be matched, numbered as the spreadsheet numbers them.
    pub fn unmatched_rows(&self) -> Vec<usize> {
        self.layout
            .data_rows
            .iter()
            .zip(&self.alignment.results)
            .filter(|(_, result)| result.is_none())
            .map(|(row, _)| row + 1)
            .collect()
    }

    pub fn preview(
        &self,
        spreadsheet: &Spreadsheet,
        fetched: &FetchedBatch,
        labels: &ExportLabels,
    ) -> Preview {
        let results = &fetched.batch.results;
        let shown = || {
            self.layout
                .data_rows
                .iter()
                .zip(&self.alignment.results)
                .take(SAMPLE_ROWS)
        };
        // Only the rows shown are classified: the whole batch waits for the save.
        let phones = enrow::export::phones_for(
            shown().filter_map(|(_, result)| result.map(|r| &results[r])),
            Forms::Neither,
        );
        let unmatched_rows = self.unmatched_rows();
        let sheet = &spreadsheet.sheets[self.sheet];
        let sample = shown()
            .zip(&self.alignment.unmatched)
            .map(|((&row, result), unmatched)| {
                let result = result.map(|r| &results[r]);
                let values = new_cells(result, unmatched.as_ref(), labels, &phones);
                let at = |i: usize| values.get(i).cloned().unwrap_or_default();
                PreviewRow {
                    row: row + 1,
                    person: who(sheet, row, &self.layout, result),
                    matched: result.is_some(),
                    phone: at(0),
                    kind: at(1),
                    result: at(3),
                }
            })
            .collect();
        Preview {
            sheet: spreadsheet.sheets[self.sheet].name.clone(),
            sheets: spreadsheet.sheet_names(),
            rows: self.layout.data_rows.len(),
            matched: self.matched(),
            with_number: self
                .alignment
                .results
                .iter()
                .flatten()
                .filter(|&&r| results[r].is_found())
                .count(),
            unmatched_text: row_ranges(&unmatched_rows),
            unmatched_rows,
            orphans: self.alignment.orphans,
            reasons: self.reasons(),
            choices: self.choices(fetched),
            missing: self.alignment.missing.clone(),
            columns: sheet_columns(sheet, self.layout.header),
            sample,
            extension: output_extension(spreadsheet).to_owned(),
        }
    }
}

/// What the person wrote, for the preview: the names, else the LinkedIn link's handle.
fn who(sheet: &sheet::Sheet, row: usize, layout: &Layout, result: Option<&PhoneResult>) -> String {
    if let Some(result) = result {
        return Person::of(result).display_name();
    }
    let columns = &layout.columns;
    let cell = |column: Option<usize>| column.map(|c| sheet.text(row, c)).unwrap_or_default();
    let names = format!("{} {}", cell(columns.first), cell(columns.last));
    [
        names.trim().to_owned(),
        cell(columns.full_name),
        enrow::export::linkedin_handle(&cell(columns.linkedin)),
        cell(columns.company),
    ]
    .into_iter()
    .find(|name| !name.trim().is_empty())
    .unwrap_or_default()
}

/// The new cells of one row: Phone (as Enrow sent it), Type, Country, Result. A row without a
/// result gets no number (last time's is cleared) and a Result that says why.
fn new_cells(
    result: Option<&PhoneResult>,
    unmatched: Option<&Unmatched>,
    labels: &ExportLabels,
    phones: &Phones<'_>,
) -> Vec<String> {
    match result {
        Some(result) => new_values(result, labels, phones),
        None => vec![
            String::new(),
            String::new(),
            String::new(),
            unmatched
                .map(|reason| why_empty(reason, labels))
                .unwrap_or_default(),
        ],
    }
}

/// The new cells for one result: Phone (as Enrow sent it), Type, Country, Result.
fn new_values(result: &PhoneResult, labels: &ExportLabels, phones: &Phones<'_>) -> Vec<String> {
    let number = result.found_number().unwrap_or_default();
    let kind = phones
        .get(number)
        .map(|info| labels.phone_type(info.kind).to_owned())
        .unwrap_or_default();
    let outcome = if result.is_found() {
        labels.found.clone()
    } else {
        labels.not_found.clone()
    };
    vec![
        number.to_owned(),
        kind,
        result.country.clone().unwrap_or_default(),
        outcome,
    ]
}

/// The Result cell of a row left empty, in the copy's language.
fn why_empty(reason: &Unmatched, labels: &ExportLabels) -> String {
    match reason {
        Unmatched::Ambiguous { rows, .. } => labels.merge_ambiguous.replace(
            "{rows}",
            &rows
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Unmatched::NoColumn { field } => labels
            .merge_no_column
            .replace("{field}", labels.param(field.param())),
        Unmatched::NoPerson => labels.merge_no_person.clone(),
        Unmatched::NotInBatch => labels.merge_not_in_batch.clone(),
        Unmatched::TooLittle => labels.merge_too_little.clone(),
        Unmatched::NotAProfile => labels.merge_not_a_profile.clone(),
    }
}

/// The sheet's columns with their header (or, without one, their first value), for choosing.
pub fn sheet_columns(sheet: &sheet::Sheet, header: Option<usize>) -> Vec<SheetColumn> {
    let first_filled = |column: usize| {
        (header.map_or(0, |row| row + 1)..sheet.cells.len())
            .map(|row| sheet.text(row, column))
            .find(|text| !text.trim().is_empty())
            .unwrap_or_default()
    };
    (0..sheet.width().min(MAX_COLUMNS_OFFERED))
        .map(|index| {
            let title = header
                .map(|row| sheet.text(row, index))
                .filter(|text| !text.trim().is_empty())
                .unwrap_or_else(|| first_filled(index));
            let title: String = title.split_whitespace().collect::<Vec<_>>().join(" ");
            let short: String = title.chars().take(40).collect();
            let ellipsis = if short.len() < title.len() { "…" } else { "" };
            SheetColumn {
                index,
                label: format!("{} · {short}{ellipsis}", column_letter(index))
                    .trim_end_matches([' ', '·'])
                    .to_owned(),
            }
        })
        .collect()
}

/// `A` for the first column, `Z`, then `AA`, as spreadsheets name them.
pub fn column_letter(index: usize) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(char::from(b'A' + rest as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// The column a person names as `D`, `AB` or `4` (counting from 1), as its index.
pub fn parse_column(text: &str) -> Option<usize> {
    let text = text.trim();
    if let Ok(number) = text.parse::<usize>() {
        return number.checked_sub(1);
    }
    if text.is_empty() || text.len() > 3 || !text.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let index = text
        .to_ascii_uppercase()
        .bytes()
        .fold(0usize, |n, b| n * 26 + usize::from(b - b'A' + 1));
    // Excel's last column is XFD (16,384).
    (index <= 16_384).then(|| index - 1)
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Written {
    pub path: PathBuf,
    pub matched: usize,
    pub unmatched_rows: Vec<usize>,
    pub orphans: usize,
}

/// Writes the copy to `output` (never over the original).
pub fn write(
    spreadsheet: &Spreadsheet,
    plan: &Plan,
    fetched: &FetchedBatch,
    labels: &ExportLabels,
    output: &Path,
) -> Result<Written, MergeError> {
    if is_same_file(&spreadsheet.path, output) {
        return Err(MergeError::SameFile);
    }
    // The copy holds the number as Enrow sent it and its type: no written form is needed.
    let phones = enrow::export::phone_types_of(fetched);
    let results = &fetched.batch.results;
    let sheet = &spreadsheet.sheets[plan.sheet];
    let headers = [
        labels.phone.clone(),
        labels.phone_type.clone(),
        labels.country.clone(),
        labels.qualification.clone(),
    ];
    // Run again on its own copy, the columns added last time are filled again, not repeated.
    let first_column = plan
        .layout
        .header
        .and_then(|row| {
            (0..sheet.width()).find(|&c| {
                headers
                    .iter()
                    .enumerate()
                    .all(|(i, header)| sheet.text(row, c + i) == *header)
            })
        })
        .unwrap_or_else(|| sheet.width());
    // Excel's last column is XFD (16,384 columns): a workbook copy cannot grow past it.
    if !matches!(spreadsheet.kind, SourceKind::Csv(_)) && first_column + headers.len() > 16_384 {
        return Err(MergeError::NoRoom {
            sheet: sheet.name.clone(),
        });
    }
    let rows = plan
        .layout
        .data_rows
        .iter()
        .zip(&plan.alignment.results)
        .zip(&plan.alignment.unmatched)
        .map(|((&row, result), unmatched)| {
            let result = result.map(|r| &results[r]);
            (row, new_cells(result, unmatched.as_ref(), labels, &phones))
        })
        .collect();
    let added = write::NewColumns {
        sheet: plan.sheet,
        first_column,
        header: plan.layout.header.map(|row| (row, headers.to_vec())),
        rows,
        phone_columns: vec![0],
    };
    write::write(spreadsheet, &added, output)?;
    Ok(Written {
        path: output.to_path_buf(),
        matched: plan.matched(),
        unmatched_rows: plan.unmatched_rows(),
        orphans: plan.alignment.orphans,
    })
}

/// The copy's extension: a CSV stays CSV (under its own extension), a workbook becomes xlsx.
pub fn output_extension(spreadsheet: &Spreadsheet) -> &str {
    match spreadsheet.kind {
        SourceKind::Csv(_) => text_extension(&spreadsheet.path).unwrap_or("csv"),
        SourceKind::Xlsx | SourceKind::OtherWorkbook => "xlsx",
    }
}

/// `Leads.xlsx` → `Leads with phones.xlsx` beside it (`suffix` in the app's language).
pub fn suggested_output(spreadsheet: &Spreadsheet, suffix: &str) -> PathBuf {
    let stem = spreadsheet
        .path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    spreadsheet
        .path
        .with_file_name(format!("{stem} {suffix}.{}", output_extension(spreadsheet)))
}

/// Whether `output` names the `original` file, also when spelled differently (`./a.csv` and
/// `a.csv`, a link to it).
pub fn is_same_file(original: &Path, output: &Path) -> bool {
    original == output
        || match (original.canonicalize(), output.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            // The output does not exist yet: it is another file.
            _ => false,
        }
}

/// `12–25, 31, 40–41` for rows 12 to 25, 31, 40 and 41.
pub fn row_ranges(rows: &[usize]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut iter = rows.iter().copied().peekable();
    while let Some(start) = iter.next() {
        let mut end = start;
        while iter.peek() == Some(&(end + 1)) {
            end += 1;
            iter.next();
        }
        parts.push(if end == start {
            start.to_string()
        } else {
            format!("{start}–{end}")
        });
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_as_spreadsheets_name_them() {
        for (index, letters) in [
            (0, "A"),
            (25, "Z"),
            (26, "AA"),
            (701, "ZZ"),
            (16_383, "XFD"),
        ] {
            assert_eq!(column_letter(index), letters);
            assert_eq!(parse_column(letters), Some(index));
        }
        assert_eq!(parse_column("d"), Some(3));
        assert_eq!(parse_column("4"), Some(3));
        for wrong in ["", "0", "XFE", "A1", "ZZZZ"] {
            assert_eq!(parse_column(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn rows_are_listed_as_short_ranges() {
        assert_eq!(
            row_ranges(&[12, 13, 14, 25, 31, 40, 41]),
            "12–14, 25, 31, 40–41"
        );
        assert_eq!(row_ranges(&[]), "");
        assert_eq!(row_ranges(&[7]), "7");
    }
}
