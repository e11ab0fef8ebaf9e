//! The copy of the person's file with the new columns: every sheet and cell kept, the
//! original never touched (the copy is written beside its destination, then renamed).

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

use calamine::Data;
use rust_xlsxwriter::{Format, Formula, Workbook, XlsxError};

use crate::csv_text::{self, CsvShape};
use crate::sheet::{SourceKind, Spreadsheet, cell_text};

/// The new cells of one sheet: a header (when the sheet has a header row) and the values of
/// each matched row, from column `first_column` on.
#[derive(Debug, Clone)]
pub struct NewColumns {
    pub sheet: usize,
    pub first_column: usize,
    pub header: Option<(usize, Vec<String>)>,
    pub rows: Vec<(usize, Vec<String>)>,
    /// Which of the new columns hold phone numbers (kept as text).
    pub phone_columns: Vec<usize>,
}

impl NewColumns {
    /// The new cells by the row they go on, the header's included.
    fn by_row(&self) -> HashMap<usize, &[String]> {
        let mut rows: HashMap<usize, &[String]> = self
            .rows
            .iter()
            .map(|(row, values)| (*row, values.as_slice()))
            .collect();
        if let Some((row, labels)) = &self.header {
            rows.insert(*row, labels.as_slice());
        }
        rows
    }
}

pub fn write(
    spreadsheet: &Spreadsheet,
    added: &NewColumns,
    output: &Path,
) -> Result<(), enrow::export::ExportError> {
    enrow::atomic::write_atomically(output, enrow::atomic::Visibility::Shared, |file| {
        match spreadsheet.kind {
            SourceKind::Csv(shape) => write_csv(spreadsheet, added, &shape, file),
            SourceKind::Xlsx | SourceKind::OtherWorkbook => {
                write_xlsx(spreadsheet, added, io::BufWriter::new(file))
            }
        }
    })
    .map_err(|error| enrow::export::ExportError::from_io(&error, enrow::atomic::folder_of(output)))
}

fn write_csv(
    spreadsheet: &Spreadsheet,
    added: &NewColumns,
    shape: &CsvShape,
    out: &mut impl Write,
) -> io::Result<()> {
    let Some(sheet) = spreadsheet.sheets.first() else {
        return Ok(());
    };
    let extra = added.by_row();
    let mut writer = csv::WriterBuilder::new()
        .delimiter(shape.delimiter)
        .flexible(true)
        .terminator(if shape.crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .from_writer(Vec::new());
    for (r, cells) in sheet.cells.iter().enumerate() {
        let mut record: Vec<String> = cells.iter().map(cell_text).collect();
        if let Some(values) = extra.get(&r) {
            // In place: columns the person added after ours (on an earlier copy) stay.
            let columns = added.first_column..added.first_column + values.len();
            if record.len() < columns.end {
                record.resize(columns.end, String::new());
            }
            // What we add comes from Enrow's answer: a value a spreadsheet would run as a
            // formula gets a leading `'`, as in every export; a number as Enrow sends it
            // (`+33…`) stays as it is.
            let safe = values.iter().enumerate().map(|(i, value)| {
                if added.phone_columns.contains(&i) && enrow::export::is_e164(value) {
                    value.clone()
                } else {
                    enrow::export::neutralise_formula(value).into_owned()
                }
            });
            record.splice(columns, safe);
        }
        if record.is_empty() {
            // An empty line stays an empty line (the csv crate would write `""`).
            writer
                .write_record(None::<&[u8]>)
                .map_err(io::Error::other)?;
        } else {
            writer.write_record(&record).map_err(io::Error::other)?;
        }
    }
    let bytes = writer
        .into_inner()
        .map_err(|error| io::Error::other(error.to_string()))?;
    let text = String::from_utf8(bytes).map_err(io::Error::other)?;
    out.write_all(&csv_text::encode(&text, shape))
}

fn write_xlsx<W: Write + io::Seek + Send>(
    spreadsheet: &Spreadsheet,
    added: &NewColumns,
    out: W,
) -> io::Result<()> {
    build_workbook(spreadsheet, added)
        .and_then(|mut workbook| workbook.save_to_writer(out))
        .map_err(|error| match error {
            XlsxError::IoError(error) => error,
            other => io::Error::other(other.to_string()),
        })
}

fn build_workbook(spreadsheet: &Spreadsheet, added: &NewColumns) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let date_time = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let text = Format::new().set_num_format("@");
    let bold = Format::new().set_bold();
    let extra = added.by_row();
    for (index, sheet) in spreadsheet.sheets.iter().enumerate() {
        // On a copy made before, the cells of our columns are last time's: they are replaced,
        // and left empty where a row no longer matches.
        let replaced = |row: usize, column: usize| {
            index == added.sheet
                && extra.get(&row).is_some_and(|values| {
                    (added.first_column..added.first_column + values.len()).contains(&column)
                })
        };
        let worksheet = workbook.add_worksheet();
        if worksheet.set_name(&sheet.name).is_err() {
            // An OpenDocument sheet name Excel refuses (too long, or with `[]:*?/\`).
            worksheet.set_name(format!("Sheet{}", index + 1))?;
        }
        for (r, cells) in sheet.cells.iter().enumerate() {
            let row = r as u32;
            for (c, cell) in cells.iter().enumerate() {
                if replaced(r, c) {
                    continue;
                }
                let column = c as u16;
                match cell {
                    Data::String(value) => worksheet.write_string(row, column, value)?,
                    Data::Int(n) => worksheet.write_number(row, column, *n as f64)?,
                    Data::Float(f) => worksheet.write_number(row, column, *f)?,
                    Data::Bool(b) => worksheet.write_boolean(row, column, *b)?,
                    Data::DateTime(moment) => {
                        let serial = moment.as_f64();
                        let format = if serial.fract() == 0.0 {
                            &date
                        } else {
                            &date_time
                        };
                        worksheet.write_number_with_format(row, column, serial, format)?
                    }
                    Data::DateTimeIso(value) | Data::DurationIso(value) => {
                        worksheet.write_string(row, column, value)?
                    }
                    Data::Error(error) => worksheet.write_string(row, column, error.to_string())?,
                    Data::Empty => continue,
                };
            }
        }
        // Formulas over their values, with the last result Excel computed, so the copy shows
        // the same numbers before Excel recalculates.
        for (r, c, formula) in sheet.formulas.iter().filter(|(r, c, _)| !replaced(*r, *c)) {
            let result = sheet
                .cells
                .get(*r)
                .and_then(|cells| cells.get(*c))
                .map(cell_text)
                .unwrap_or_default();
            worksheet.write_formula(
                *r as u32,
                *c as u16,
                Formula::new(formula).set_result(result),
            )?;
        }
        if index != added.sheet {
            continue;
        }
        if let Some((row, labels)) = &added.header {
            for (i, label) in labels.iter().enumerate() {
                let column = (added.first_column + i) as u16;
                worksheet.write_string_with_format(*row as u32, column, label, &bold)?;
                worksheet.set_column_width(column, 18)?;
            }
        }
        for (row, values) in &added.rows {
            for (i, value) in values.iter().enumerate() {
                let column = (added.first_column + i) as u16;
                if value.is_empty() {
                    continue;
                }
                if added.phone_columns.contains(&i) {
                    // Text, so Excel keeps the + and every digit.
                    worksheet.write_string_with_format(*row as u32, column, value, &text)?;
                } else {
                    worksheet.write_string(*row as u32, column, value)?;
                }
            }
        }
    }
    Ok(workbook)
}
