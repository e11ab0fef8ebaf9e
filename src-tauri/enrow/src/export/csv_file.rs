//! CSV that opens right in Excel, Numbers, LibreOffice and Google Sheets.

use std::borrow::Cow;
use std::io::{self, Write};
use std::sync::mpsc;

use super::columns::{Cell, Column, Phones, columns_for};
use super::{ExportOptions, KnownPhones, phones_needed, rows};
use crate::model::{FetchedBatch, PhoneResult};
use crate::phone::{Forms, PhoneInfo};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Batches at least this large are formatted on several threads.
const PARALLEL_FROM_ROWS: usize = 20_000;

/// How many rows a thread formats at a time: a few hundred kilobytes of text.
const ROWS_PER_BLOCK: usize = 2_048;

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
        let mut out = writer
            .into_inner()
            .map_err(|e| io::Error::new(e.error().kind(), e.error().to_string()))?;
        write_formatted_on_threads(&rows, threads, &mut out, |block, buffer| {
            let mut writer = csv_writer(options, buffer);
            write_records(&mut writer, block, &columns, options, phones)?;
            writer.flush()
        })?;
        out.flush()?;
    }
    Ok(rows.len())
}

/// Formatting is most of the work for a large batch: `threads` threads each format every
/// `threads`-th block of rows into a buffer of their own, and this thread writes the buffers to
/// `out` in the rows' order while the formatters go on with their next block. The threads are
/// started once for the whole file, and each holds at most three blocks' text at a time (one
/// being formatted, one handed over, one being written), whatever the batch's size.
fn write_formatted_on_threads<W: Write>(
    rows: &[&PhoneResult],
    threads: usize,
    out: &mut W,
    format: impl Fn(&[&PhoneResult], &mut Vec<u8>) -> io::Result<()> + Sync,
) -> io::Result<()> {
    let blocks: Vec<&[&PhoneResult]> = rows.chunks(ROWS_PER_BLOCK).collect();
    std::thread::scope(|scope| {
        let mut handoffs = Vec::with_capacity(threads);
        let mut workers = Vec::with_capacity(threads);
        for first in 0..threads {
            let (formatted, formatted_here) = mpsc::sync_channel::<io::Result<Vec<u8>>>(1);
            let (written, written_here) = mpsc::channel::<Vec<u8>>();
            let (blocks, format) = (&blocks, &format);
            // A thread that cannot be started fails the file; those started see the writer gone.
            workers.push(std::thread::Builder::new().spawn_scoped(scope, move || {
                for block in blocks.iter().skip(first).step_by(threads) {
                    let mut buffer = written_here.try_recv().unwrap_or_default();
                    buffer.clear();
                    let result = format(block, &mut buffer).map(|()| buffer);
                    let failed = result.is_err();
                    // The writer has stopped (a full disk) or this block failed: no more.
                    if formatted.send(result).is_err() || failed {
                        return;
                    }
                }
            })?);
            handoffs.push((formatted_here, written));
        }
        let written = (0..blocks.len()).try_for_each(|block| {
            let (formatted_here, written) = &handoffs[block % threads];
            let buffer = formatted_here
                .recv()
                .map_err(|_| io::Error::other("CSV formatting stopped"))??;
            out.write_all(&buffer)?;
            // The formatter reuses the buffer; if it has finished, the buffer is just freed.
            let _ = written.send(buffer);
            Ok(())
        });
        // Formatters still waiting to hand a block over see the writer gone and stop.
        drop(handoffs);
        let joined = workers.into_iter().all(|worker| worker.join().is_ok());
        match written {
            Ok(()) if !joined => Err(io::Error::other("CSV formatting stopped")),
            other => other,
        }
    })
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
    // Each look-up waits on memory (the map of a large batch's numbers is megabytes): made one
    // after the other for the whole block, the processor overlaps their waits, which it cannot
    // do with a row's formatting between two.
    let phones_of_rows: Vec<Option<&PhoneInfo>> =
        rows.iter().map(|row| Cell::phone_of(row, phones)).collect();
    for (row, phone) in rows.iter().zip(phones_of_rows) {
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

    /// Each row as its index on a line of its own.
    fn index_lines(block: &[&PhoneResult], buffer: &mut Vec<u8>) -> io::Result<()> {
        for row in block {
            writeln!(buffer, "{}", row.position())?;
        }
        Ok(())
    }

    /// A file that takes `room` bytes, then answers as a full disk does.
    struct FillingDisk {
        room: usize,
    }

    impl Write for FillingDisk {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            if self.room == 0 {
                return Err(io::Error::from(io::ErrorKind::StorageFull));
            }
            let taken = bytes.len().min(self.room);
            self.room -= taken;
            Ok(taken)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn blocks_formatted_on_threads_are_written_in_the_rows_order() {
        let rows = PhoneResult::numbered(10 * ROWS_PER_BLOCK as u64 + 17);
        let rows: Vec<&PhoneResult> = rows.iter().collect();
        for threads in [2, 3, 4] {
            let mut out = Vec::new();
            write_formatted_on_threads(&rows, threads, &mut out, index_lines).expect("written");
            let expected: String = (0..rows.len()).map(|index| format!("{index}\n")).collect();
            assert!(out == expected.as_bytes(), "{threads} threads");
        }
    }

    #[test]
    fn a_disk_that_fills_up_stops_the_formatting_threads_with_its_error() {
        let rows = PhoneResult::numbered(20 * ROWS_PER_BLOCK as u64);
        let rows: Vec<&PhoneResult> = rows.iter().collect();
        let mut disk = FillingDisk { room: 50_000 };
        let error = write_formatted_on_threads(&rows, 2, &mut disk, index_lines)
            .expect_err("the disk is full");
        assert_eq!(error.kind(), io::ErrorKind::StorageFull);
    }

    #[test]
    fn a_block_that_cannot_be_formatted_stops_the_file_with_its_error() {
        let rows = PhoneResult::numbered(12 * ROWS_PER_BLOCK as u64);
        let rows: Vec<&PhoneResult> = rows.iter().collect();
        let mut out = Vec::new();
        let error = write_formatted_on_threads(&rows, 3, &mut out, |block, buffer| {
            if block[0].position() == 7 * ROWS_PER_BLOCK as u64 {
                return Err(io::Error::new(io::ErrorKind::InvalidData, "block 7"));
            }
            index_lines(block, buffer)
        })
        .expect_err("block 7 fails");
        assert_eq!(error.to_string(), "block 7");
        // What came before the failed block is all there, in order, and nothing after it.
        let expected: String = (0..7 * ROWS_PER_BLOCK)
            .map(|index| format!("{index}\n"))
            .collect();
        assert!(out == expected.as_bytes());
    }

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
