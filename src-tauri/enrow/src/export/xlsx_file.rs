//! An Excel workbook: the results on a first sheet, the batch's figures on a "Summary" sheet.
//!
//! Every phone number and id is a text cell, so Excel shows `+31612345678` and never
//! `3.16E+10`; the header row is bold, frozen and filterable; columns are wide enough to read.

use std::io::{self, Seek, Write};

use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook, Worksheet, XlsxError};

use super::columns::{Cell, Column, Phones, columns_for, value};
use super::{ExportOptions, KnownPhones, phones_needed, rows};
use crate::model::FetchedBatch;
use crate::phone::Forms;

const MIN_WIDTH: usize = 8;
/// The most a cell holds, in UTF-16 units (Excel's limit, which the writer enforces).
const MAX_CELL_UNITS: usize = 32_767;
const MAX_WIDTH: usize = 60;

/// Writes the workbook and returns the number of data rows.
pub fn write_xlsx<W: Write + Seek + Send>(
    fetched: &FetchedBatch,
    out: W,
    options: &ExportOptions,
) -> io::Result<usize> {
    write_xlsx_knowing(fetched, None, out, options)
}

/// As [`write_xlsx`], with the batch's numbers classified already if `known`.
pub(super) fn write_xlsx_knowing<W: Write + Seek + Send>(
    fetched: &FetchedBatch,
    known: Option<&KnownPhones<'_>>,
    out: W,
    options: &ExportOptions,
) -> io::Result<usize> {
    let mut workbook = Workbook::new();
    let count = write_results_sheet(&mut workbook, fetched, known, options).map_err(into_io)?;
    write_summary_sheet(&mut workbook, fetched, options, count).map_err(into_io)?;
    workbook.save_to_writer(out).map_err(into_io)?;
    Ok(count)
}

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xE8_EE_F7))
        .set_border_bottom(FormatBorder::Thin)
}

fn write_results_sheet(
    workbook: &mut Workbook,
    fetched: &FetchedBatch,
    known: Option<&KnownPhones<'_>>,
    options: &ExportOptions,
) -> Result<usize, XlsxError> {
    let labels = &options.labels;
    let columns = columns_for(&fetched.batch);
    let phones = phones_needed(fetched, known, Forms::National);
    let phones = &*phones;
    let widths = column_widths(fetched, options, &columns, phones);
    let header = header_format();
    // Text format, so a number typed over a phone cell later stays text too.
    let text = Format::new().set_num_format("@");

    // Constant-memory mode streams rows to disk: a 100,000-row batch stays small in memory.
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    set_name_or_keep(sheet, &labels.results_sheet);
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, *width as f64)?;
    }
    for (col, column) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, fit(column.header(labels)), &header)?;
    }
    sheet.set_freeze_panes(1, 0)?;

    let mut row_number = 0u32;
    for row in rows(fetched, options, phones) {
        row_number += 1;
        let phone = Cell::phone_of(row, phones);
        for (col, column) in columns.iter().enumerate() {
            let col = col as u16;
            match Cell::of_row(column, row, labels, phone) {
                Cell::Number(n) => {
                    sheet.write_number(row_number, col, n as f64)?;
                }
                // Numbers, in either form, are text: Excel must not drop a leading 0 or +.
                Cell::Text(value) if matches!(column, Column::Phone | Column::NationalFormat) => {
                    sheet.write_string_with_format(row_number, col, fit(&value), &text)?;
                }
                Cell::Text(value) => {
                    sheet.write_string(row_number, col, fit(&value))?;
                }
                Cell::Empty => {}
            }
        }
    }
    let last_col = columns.len().saturating_sub(1) as u16;
    sheet.autofilter(0, 0, row_number.max(1), last_col)?;
    Ok(row_number as usize)
}

/// `text` as a cell can hold it: whole, or cut between two characters with `…` at the end.
/// Enrow's answer may carry a value longer than any cell, and one such value must not fail
/// the whole export.
fn fit(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= MAX_CELL_UNITS || text.encode_utf16().count() <= MAX_CELL_UNITS {
        return text.into();
    }
    let mut units = 0;
    let mut cut: String = text
        .chars()
        .take_while(|c| {
            units += c.len_utf16();
            units < MAX_CELL_UNITS
        })
        .collect();
    cut.push('…');
    cut.into()
}

/// Width from the longest text in each column, within readable bounds.
fn column_widths(
    fetched: &FetchedBatch,
    options: &ExportOptions,
    columns: &[Column],
    phones: &Phones<'_>,
) -> Vec<usize> {
    let labels = &options.labels;
    let mut widths: Vec<usize> = columns
        .iter()
        .map(|c| c.header(labels).chars().count() + 3) // room for the filter button
        .collect();
    for row in rows(fetched, options, phones) {
        for (width, column) in widths.iter_mut().zip(columns) {
            if let Cell::Text(text) = Cell::of(column, row, labels, phones) {
                *width = (*width).max(display_width(&text));
            }
        }
    }
    widths
        .into_iter()
        .map(|w| (w + 1).clamp(MIN_WIDTH, MAX_WIDTH))
        .collect()
}

/// Characters, with East Asian wide characters counted twice, as Excel draws them.
fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFF00..=0xFF60 => 2,
            _ => 1,
        })
        .sum()
}

fn write_summary_sheet(
    workbook: &mut Workbook,
    fetched: &FetchedBatch,
    options: &ExportOptions,
    rows_written: usize,
) -> Result<(), XlsxError> {
    let labels = &options.labels;
    let batch = &fetched.batch;
    let bold = Format::new().set_bold();
    let percent = Format::new().set_num_format("0.0%");
    let sheet = workbook.add_worksheet();
    set_name_or_keep(sheet, &labels.summary_sheet);
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(1, 44)?;

    let mut line = 0u32;
    let mut label = |sheet: &mut Worksheet, text: &str| -> Result<u32, XlsxError> {
        sheet.write_string_with_format(line, 0, fit(text), &bold)?;
        line += 1;
        Ok(line - 1)
    };
    let at = label(sheet, &labels.batch_id)?;
    sheet.write_string(at, 1, fit(batch.id()))?;
    let at = label(sheet, &labels.status)?;
    sheet.write_string(at, 1, fit(batch.status().as_str()))?;
    let at = label(sheet, &labels.requested)?;
    sheet.write_number(at, 1, batch.requested() as f64)?;
    let at = label(sheet, &labels.found_count)?;
    sheet.write_number(at, 1, batch.found() as f64)?;
    let at = label(sheet, &labels.hit_rate)?;
    if let Some(rate) = batch.hit_rate() {
        sheet.write_number_with_format(at, 1, rate, &percent)?;
    }
    for (text, figure) in [
        (&labels.credits_charged, batch.credits_charged()),
        (&labels.credits_refunded, Some(batch.credits_refunded())),
        (&labels.credits_net, batch.net_credits()),
    ] {
        let at = label(sheet, text)?;
        if let Some(figure) = figure {
            sheet.write_number(at, 1, figure as f64)?;
        }
    }
    let at = label(sheet, &labels.rows_exported)?;
    let rows_text = if options.mobiles_only {
        format!("{rows_written} ({})", labels.mobiles_only_note)
    } else if options.found_only {
        format!("{rows_written} ({})", labels.found_only_note)
    } else {
        rows_written.to_string()
    };
    sheet.write_string(at, 1, rows_text)?;
    let at = label(sheet, &labels.exported_at)?;
    sheet.write_string(at, 1, exported_at_text(options))?;

    // The batch's custom data, one line per field, so it reads without knowing JSON.
    match &batch.general.custom {
        Some(serde_json::Value::Object(fields)) => {
            for (name, field) in fields {
                let at = label(sheet, &format!("{} – {name}", labels.batch_custom))?;
                sheet.write_string(at, 1, fit(&value(Some(field)).as_text()))?;
            }
        }
        Some(other) if !other.is_null() => {
            let at = label(sheet, &labels.batch_custom)?;
            sheet.write_string(at, 1, fit(&value(Some(other)).as_text()))?;
        }
        _ => {}
    }
    Ok(())
}

fn exported_at_text(options: &ExportOptions) -> String {
    let format = time::macros::format_description!(
        "[year]-[month]-[day] [hour]:[minute]:[second] UTC[offset_hour sign:mandatory]:[offset_minute]"
    );
    options
        .exported_at
        .format(&format)
        .unwrap_or_else(|_| options.exported_at.to_string())
}

/// Sheet names have rules (31 characters, no `[]:*?/\`); a translation breaking them keeps the
/// default name rather than failing the export.
fn set_name_or_keep(sheet: &mut Worksheet, name: &str) {
    let _ = sheet.set_name(name);
}

/// Keeps the I/O error kind inside an Excel writer error, so a full disk is still recognised.
fn into_io(error: XlsxError) -> io::Error {
    if let XlsxError::IoError(e) = error {
        return e;
    }
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<io::Error>() {
            return io::Error::new(io.kind(), error.to_string());
        }
        source = cause.source();
    }
    io::Error::other(error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Excel holds at most 32,767 UTF-16 units in a cell, and the writer refuses more: one long
    /// value from Enrow (a custom field, a parameter's name, the batch's id) failed the whole
    /// export. It is cut instead, and the cut shown.
    #[test]
    fn a_value_too_long_for_a_cell_is_cut_not_the_export_failed() {
        use calamine::{Data, Reader, Xlsx};
        let long = format!("{}📞{}", "é".repeat(32_765), "x".repeat(10_000));
        let raw = serde_json::json!({
            "general": {"id": long, "status": long, "custom": {long.clone(): long}},
            "results": [{"index": 0, "qualification": "found", "number": "+33612345678",
                         "params": {long.clone(): long}, "custom": long}],
        });
        let raw = serde_json::to_vec(&raw).expect("JSON");
        let fetched = FetchedBatch {
            batch: crate::Batch::from_json(&raw).expect("an answer"),
            raw: raw.into(),
        };
        let mut out = io::Cursor::new(Vec::new());
        let options = ExportOptions::new(super::super::Format::Xlsx);
        assert_eq!(
            write_xlsx(&fetched, &mut out, &options).expect("written"),
            1
        );
        out.set_position(0);
        let mut workbook = Xlsx::new(out).expect("opens");
        let sheet = workbook.worksheet_range("Phone numbers").expect("sheet");
        let cells: Vec<&Data> = sheet.used_cells().map(|(_, _, cell)| cell).collect();
        let cut: Vec<&String> = cells
            .iter()
            .filter_map(|cell| match cell {
                Data::String(text) if text.len() > 1000 => Some(text),
                _ => None,
            })
            .collect();
        assert_eq!(
            cut.len(),
            3,
            "the header, the parameter and the custom value"
        );
        for text in cut {
            assert!(text.encode_utf16().count() <= 32_767);
            assert!(text.starts_with("éé") && text.ends_with('…'));
            assert!(!text.contains('📞'), "a character is never split");
        }
        let summary = workbook.worksheet_range("Summary").expect("summary");
        assert!(summary.used_cells().any(|(_, _, cell)| matches!(cell,
            Data::String(text) if text.ends_with('…') && text.starts_with("éé"))));
    }

    #[test]
    fn wide_characters_count_double() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("東京"), 4);
        assert_eq!(display_width("Zoë"), 3);
    }
}
