//! CSV that opens right in Excel, Numbers, LibreOffice and Google Sheets.

use std::borrow::Cow;
use std::io::{self, Write};

use super::columns::{Cell, Column, Phones, columns_for};
use super::{ExportOptions, KnownPhones, phones_needed, rows};
use crate::model::{FetchedBatch, PhoneResult};
use crate::phone::Forms;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Batches at least this large are formatted on several threads.
const PARALLEL_FROM_ROWS: usize = 20_000;

/// How many rows a thread formats at a time: a few hundred kilobytes of text.
const ROWS_PER_THREAD_AND_ROUND: usize = 2_048;

/// Writes the batch as CSV (laid out for a CRM when `options.preset` names one) and returns
/// the number of data rows.
pub fn write_csv<W: Write>(
    fetched: &FetchedBatch,
    out: W,
    options: &ExportOptions,
) -> io::Result<usize> {
    write_csv_knowing(fetched, None, out, options)
}

/// As [`write_csv`], with the batch's numbers classified already if `known`.
pub(super) fn write_csv_knowing<W: Write>(
    fetched: &FetchedBatch,
    known: Option<&KnownPhones<'_>>,
    mut out: W,
    options: &ExportOptions,
) -> io::Result<usize> {
    if let Some(preset) = options.preset {
        return super::crm::write_preset_csv_knowing(fetched, known, out, options, preset);
    }
    if options.bom {
        out.write_all(UTF8_BOM)?;
    }
    let columns = columns_for(&fetched.batch);
    let labels = &options.labels;
    let mut writer = csv_writer(options, out);
    writer
        .write_record(
            columns
                .iter()
                .map(|c| neutralise_formula(c.header(labels)).into_owned()),
        )
        .map_err(into_io)?;
    let phones = phones_needed(fetched, known, Forms::National);
    let phones = &*phones;
    let rows: Vec<&PhoneResult> = rows(fetched, options, phones).collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    if rows.len() < PARALLEL_FROM_ROWS || threads < 2 {
        write_records(&mut writer, &rows, &columns, options, phones)?;
        writer.flush()?;
    } else {
        // Formatting is most of the work for a large batch: each core formats a slice of a
        // round of rows into its own buffer, and the buffers are written in order. Rounds keep
        // what is held in memory to a few hundred kilobytes whatever the batch's size.
        let mut out = writer
            .into_inner()
            .map_err(|e| io::Error::new(e.error().kind(), e.error().to_string()))?;
        let mut buffers: Vec<Vec<u8>> = vec![Vec::new(); threads];
        for round in rows.chunks(threads * ROWS_PER_THREAD_AND_ROUND) {
            let slices = round.chunks(round.len().div_ceil(threads));
            // The last round may need fewer threads: no buffer keeps an earlier round's rows.
            buffers.iter_mut().for_each(Vec::clear);
            std::thread::scope(|scope| {
                let workers: Vec<_> = slices
                    .zip(buffers.iter_mut())
                    .map(|(slice, buffer)| {
                        scope.spawn(|| {
                            let mut writer = csv_writer(options, buffer);
                            write_records(&mut writer, slice, &columns, options, phones)?;
                            writer.flush()
                        })
                    })
                    .collect();
                workers.into_iter().try_for_each(|worker| {
                    worker
                        .join()
                        .unwrap_or_else(|_| Err(io::Error::other("CSV formatting stopped")))
                })
            })?;
            for buffer in &buffers {
                out.write_all(buffer)?;
            }
        }
        out.flush()?;
    }
    Ok(rows.len())
}

fn csv_writer<W: Write>(options: &ExportOptions, out: W) -> ::csv::Writer<W> {
    ::csv::WriterBuilder::new()
        .delimiter(options.delimiter.byte())
        .buffer_capacity(64 * 1024)
        .from_writer(out)
}

fn write_records<W: Write>(
    writer: &mut ::csv::Writer<W>,
    rows: &[&PhoneResult],
    columns: &[Column],
    options: &ExportOptions,
    phones: &Phones<'_>,
) -> io::Result<()> {
    let mut digits = itoa::Buffer::new();
    for row in rows {
        let phone = Cell::phone_of(row, phones);
        for column in columns {
            let field: Cow<'_, str> = match Cell::of_row(column, row, &options.labels, phone) {
                Cell::Number(n) => Cow::Borrowed(digits.format(n)),
                // Enrow's E.164 numbers start with `+`; they must stay exactly as sent.
                Cell::Text(text) if *column == Column::Phone && is_e164(&text) => text,
                Cell::Text(text) => match neutralise_formula(&text) {
                    Cow::Borrowed(_) => text,
                    Cow::Owned(safe) => Cow::Owned(safe),
                },
                Cell::Empty => Cow::Borrowed(""),
            };
            writer.write_field(field.as_bytes()).map_err(into_io)?;
        }
        writer.write_record(None::<&[u8]>).map_err(into_io)?;
    }
    Ok(())
}

/// Keeps the I/O error kind, so a full disk is still recognised as one.
pub(super) fn into_io(error: ::csv::Error) -> io::Error {
    match error.into_kind() {
        ::csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` as a formula (and tab or CR
/// can smuggle one in), so text from the people who submitted the batch gets a leading
/// apostrophe, the OWASP-recommended neutraliser, which spreadsheets hide.
pub fn neutralise_formula(text: &str) -> Cow<'_, str> {
    match text.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

/// `+` then 7 to 15 digits, the first not zero: an international number as Enrow sends it.
pub fn is_e164(text: &str) -> bool {
    let Some(digits) = text.strip_prefix('+') else {
        return false;
    };
    (7..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        for dangerous in ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=x"] {
            assert_eq!(neutralise_formula(dangerous), format!("'{dangerous}"));
        }
        for safe in ["Ann", "", "1+1", "https://x", "'quoted"] {
            assert_eq!(neutralise_formula(safe), safe);
        }
    }

    #[test]
    fn e164_numbers_are_recognised() {
        for ok in ["+15705551234", "+31612345678", "+4915112345678", "+3361234"] {
            assert!(is_e164(ok), "{ok}");
        }
        for not in [
            "15705551234",
            "+1 570 555",
            "+",
            "+0123456789",
            "+1234567890123456",
            "=+1",
        ] {
            assert!(!is_e164(not), "{not}");
        }
    }
}
