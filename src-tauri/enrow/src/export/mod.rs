//! Excel, CSV and JSON files from a fetched batch.
//!
//! Every file is written next to its destination under a temporary name and renamed into place
//! only once complete, so a full disk, a pulled USB stick or a crash never leaves a half file
//! that someone might open and trust.

mod columns;
mod crm;
mod csv_file;
mod json_file;
mod labels;
mod person;
mod vcard_file;
mod xlsx_file;

use std::borrow::Cow;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::atomic::{Visibility, folder_of, write_atomically};
use crate::model::{FetchedBatch, PhoneResult};
use crate::phone::Forms;

pub use columns::{Cell, Column, KNOWN_PARAMS, Phones, columns_for, value as cell_value};
pub use crm::{Preset, write_preset_csv};
pub use csv_file::{is_e164, neutralise_formula, write_csv};
pub use json_file::write_json;
pub use labels::ExportLabels;
pub use person::{
    LinkedinPage, Person, is_control, linkedin_handle, linkedin_page, linkedin_profile_key,
    linkedin_profile_url,
};
pub use vcard_file::write_vcf;
pub use xlsx_file::write_xlsx;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Xlsx,
    Csv,
    Json,
    /// Contact cards (vCard 3.0), one per found number.
    Vcf,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Self::Xlsx => "xlsx",
            Self::Csv => "csv",
            Self::Json => "json",
            Self::Vcf => "vcf",
        }
    }
}

/// The CSV field separator. Excel in Dutch, French or German settings expects a semicolon.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Delimiter {
    #[default]
    Comma,
    Semicolon,
    Tab,
}

impl Delimiter {
    pub fn byte(self) -> u8 {
        match self {
            Self::Comma => b',',
            Self::Semicolon => b';',
            Self::Tab => b'\t',
        }
    }
}

#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub format: Format,
    /// Only the rows whose number was found.
    pub found_only: bool,
    /// Only the rows whose number is a mobile (or may be one, where the plan cannot tell).
    pub mobiles_only: bool,
    /// A CSV laid out for a CRM's importer instead of the full table.
    pub preset: Option<Preset>,
    pub delimiter: Delimiter,
    /// A UTF-8 byte order mark at the start of a CSV, so Excel on Windows reads accents right.
    pub bom: bool,
    pub labels: ExportLabels,
    /// Shown on the summary sheet.
    pub exported_at: OffsetDateTime,
}

impl ExportOptions {
    pub fn new(format: Format) -> Self {
        Self {
            format,
            found_only: false,
            mobiles_only: false,
            preset: None,
            delimiter: Delimiter::Comma,
            bom: true,
            labels: ExportLabels::default(),
            exported_at: OffsetDateTime::now_local().unwrap_or_else(|_| OffsetDateTime::now_utc()),
        }
    }
}

/// Whether another program holds the file without sharing it (Excel with the file open).
/// Windows says so with a sharing or lock violation (errors 32 and 33); elsewhere a file is
/// never held that way, and those numbers mean something else.
pub fn held_by_another_program(error: &io::Error) -> bool {
    cfg!(windows) && matches!(error.raw_os_error(), Some(32 | 33))
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportReport {
    pub path: PathBuf,
    pub rows: usize,
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    #[error("The folder {} does not exist. Choose another folder and export again.", .folder.display())]
    FolderMissing { folder: PathBuf },
    #[error(
        "You do not have permission to save files in {}. Choose another folder, such as your \
         Documents folder, and export again.", .folder.display()
    )]
    PermissionDenied { folder: PathBuf },
    #[error(
        "{} is read-only (a locked drive or a read-only share). Choose another folder and export \
         again.", .folder.display()
    )]
    ReadOnly { folder: PathBuf },
    #[error(
        "The disk holding {} is full. Free some space or choose another drive, then export \
         again. Nothing was written.", .folder.display()
    )]
    DiskFull { folder: PathBuf },
    #[error(
        "That file is open in another program, such as Excel. Close it there, or save under \
         another name, then export again. Nothing was written."
    )]
    FileInUse,
    #[error("The file could not be saved ({detail}). Choose another folder and export again.")]
    WriteFailed { detail: String },
}

impl ExportError {
    /// A stable machine code, as for [`crate::EnrowError`].
    pub fn code(&self) -> &'static str {
        match self {
            Self::FolderMissing { .. } => "folder_missing",
            Self::PermissionDenied { .. } => "permission_denied",
            Self::ReadOnly { .. } => "read_only",
            Self::DiskFull { .. } => "disk_full",
            Self::FileInUse => "file_in_use",
            Self::WriteFailed { .. } => "write_failed",
        }
    }

    /// Names an I/O failure while writing into `folder` in terms a person can act on.
    pub fn from_io(error: &io::Error, folder: &Path) -> Self {
        if held_by_another_program(error) {
            return Self::FileInUse;
        }
        let folder = folder.to_path_buf();
        match error.kind() {
            io::ErrorKind::NotFound | io::ErrorKind::NotADirectory => {
                Self::FolderMissing { folder }
            }
            io::ErrorKind::PermissionDenied => Self::PermissionDenied { folder },
            io::ErrorKind::ReadOnlyFilesystem => Self::ReadOnly { folder },
            io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => Self::DiskFull { folder },
            _ => Self::WriteFailed {
                detail: error.to_string(),
            },
        }
    }
}

/// What a table export needs to know of every found number of the batch (its type and national
/// form), each distinct number classified once.
pub fn phones_of(fetched: &FetchedBatch) -> Phones<'_> {
    phones_with(fetched, crate::phone::Forms::National)
}

/// The type of every found number of the batch, without written forms: what contact cards,
/// CRM files, "Mobiles only" in JSON and a merged spreadsheet need.
pub fn phone_types_of(fetched: &FetchedBatch) -> Phones<'_> {
    phones_with(fetched, crate::phone::Forms::Neither)
}

/// As [`phones_of`], with the written `forms` asked for (the app's grid shows the
/// international one).
pub fn phones_with(fetched: &FetchedBatch, forms: crate::phone::Forms) -> Phones<'_> {
    phones_for(&fetched.batch.results, forms)
}

/// As [`phones_with`], for these `rows` alone (a preview's first rows).
pub fn phones_for<'a>(
    rows: impl IntoIterator<Item = &'a PhoneResult>,
    forms: crate::phone::Forms,
) -> Phones<'a> {
    crate::phone::classify_all_with(
        rows.into_iter().filter_map(|row| {
            row.number
                .as_deref()
                .map(|number| (number, row.country.as_deref()))
        }),
        forms,
    )
}

/// What the files made with `options` need to know of the batch's numbers: their type and
/// national form (a table), their type alone (contact cards, CRM files, "Mobiles only" in
/// JSON), or nothing (Enrow's answer as it came).
pub fn forms_needed(options: &ExportOptions) -> Option<Forms> {
    match (options.format, options.preset) {
        (Format::Csv, None) | (Format::Xlsx, _) => Some(Forms::National),
        (Format::Csv, Some(_)) | (Format::Vcf, _) => Some(Forms::Neither),
        (Format::Json, _) => options.mobiles_only.then_some(Forms::Neither),
    }
}

/// Every number of a batch, classified before its export began, with the written forms it was
/// classified with. Made only by [`KnownPhones::complete`] from the batch's own rows, so no row
/// of that batch is missing; hand it only to an export of that batch.
pub struct KnownPhones<'a> {
    phones: Phones<'a>,
    forms: Forms,
}

impl<'a> KnownPhones<'a> {
    /// `early` (what [`crate::answer_numbers::parse_classifying`] found in the answer's bytes,
    /// classified with `forms`) with every number of `rows` it lacks classified now, each with
    /// its row's country, as [`phones_for`] would.
    pub fn complete(mut early: Phones<'a>, forms: Forms, rows: &'a [PhoneResult]) -> Self {
        let lacking = crate::row_parts::on_parts(rows, |part| {
            part.iter()
                .filter(|row| {
                    row.number
                        .as_deref()
                        .is_some_and(|number| !early.contains_key(number))
                })
                .collect::<Vec<_>>()
        });
        let missing = phones_for(lacking.into_iter().flatten(), forms);
        early.extend(missing);
        Self {
            phones: early,
            forms,
        }
    }
}

/// The batch's numbers with the written `forms` an export needs: those `known` if they were
/// classified with those forms, else classified now.
fn phones_needed<'p>(
    fetched: &'p FetchedBatch,
    known: Option<&'p KnownPhones<'_>>,
    forms: Forms,
) -> Cow<'p, Phones<'p>> {
    match known {
        Some(known) if known.forms.covers(forms) => Cow::Borrowed(&known.phones),
        _ => Cow::Owned(phones_with(fetched, forms)),
    }
}

/// The rows an export holds, in index order.
pub fn rows<'a>(
    fetched: &'a FetchedBatch,
    options: &'a ExportOptions,
    phones: &'a Phones<'a>,
) -> impl Iterator<Item = &'a PhoneResult> + 'a {
    fetched
        .batch
        .results
        .iter()
        .filter(move |row| keeps(options, phones, row))
}

/// Whether `row` belongs in an export made with `options`.
pub fn keeps(options: &ExportOptions, phones: &Phones<'_>, row: &PhoneResult) -> bool {
    (!options.found_only || row.is_found())
        && (!options.mobiles_only
            || row
                .found_number()
                .and_then(|number| phones.get(number))
                .is_some_and(|info| info.kind.may_be_mobile()))
}

/// Writes `fetched` to `path` in the chosen format, atomically.
pub fn export_to_path(
    fetched: &FetchedBatch,
    path: &Path,
    options: &ExportOptions,
) -> Result<ExportReport, ExportError> {
    export_to_path_then(fetched, path, options, || {})
}

/// As [`export_to_path`], with the batch's numbers classified already if `known`.
pub fn export_to_path_knowing(
    fetched: &FetchedBatch,
    known: Option<&KnownPhones<'_>>,
    path: &Path,
    options: &ExportOptions,
) -> Result<ExportReport, ExportError> {
    export_atomically(fetched, known, path, options, || {})
}

/// As [`export_to_path`], calling `before_rename` once the whole file is written under its
/// temporary name and before it gets its real one. The desktop app's end-to-end tests hold an
/// export there, to kill the app at that exact moment.
pub fn export_to_path_then(
    fetched: &FetchedBatch,
    path: &Path,
    options: &ExportOptions,
    before_rename: impl FnOnce(),
) -> Result<ExportReport, ExportError> {
    export_atomically(fetched, None, path, options, before_rename)
}

fn export_atomically(
    fetched: &FetchedBatch,
    known: Option<&KnownPhones<'_>>,
    path: &Path,
    options: &ExportOptions,
    before_rename: impl FnOnce(),
) -> Result<ExportReport, ExportError> {
    let rows = write_atomically(path, Visibility::Shared, |file| {
        let rows = match options.format {
            Format::Xlsx => xlsx_file::write_xlsx_knowing(
                fetched,
                known,
                io::BufWriter::new(&mut *file),
                options,
            ),
            Format::Csv => csv_file::write_csv_knowing(fetched, known, &mut *file, options),
            Format::Vcf => vcard_file::write_vcf_knowing(
                fetched,
                known,
                io::BufWriter::new(&mut *file),
                options,
            ),
            Format::Json => json_file::write_json_knowing(
                fetched,
                known,
                io::BufWriter::new(&mut *file),
                options,
            ),
        }?;
        before_rename();
        Ok(rows)
    })
    .map_err(|error| ExportError::from_io(&error, folder_of(path)))?;
    Ok(ExportReport {
        path: path.to_path_buf(),
        rows,
    })
}

/// Writes `fetched` to a stream (a pipe, a terminal) in the chosen format and returns the
/// number of rows (contact cards for vCard); `known`: its numbers, if classified already. An
/// Excel file needs seeking, which a pipe cannot do: it is built in memory first.
pub fn write_to_stream<W: Write>(
    fetched: &FetchedBatch,
    known: Option<&KnownPhones<'_>>,
    mut out: W,
    options: &ExportOptions,
) -> io::Result<usize> {
    match options.format {
        Format::Csv => {
            csv_file::write_csv_knowing(fetched, known, io::BufWriter::new(out), options)
        }
        Format::Json => {
            json_file::write_json_knowing(fetched, known, io::BufWriter::new(out), options)
        }
        Format::Vcf => {
            vcard_file::write_vcf_knowing(fetched, known, io::BufWriter::new(out), options)
        }
        Format::Xlsx => {
            let mut buffer = io::Cursor::new(Vec::new());
            let rows = xlsx_file::write_xlsx_knowing(fetched, known, &mut buffer, options)?;
            out.write_all(buffer.get_ref())?;
            out.flush()?;
            Ok(rows)
        }
    }
}

/// How every default export file name starts.
pub const FILE_NAME_PREFIX: &str = "enrow-phones-";

/// A file name people recognise later, such as `enrow-phones-e3b61122-2026-11-28.xlsx`, or
/// `…-mobiles-hubspot.csv` for the mobiles laid out for HubSpot.
pub fn default_file_name(
    batch_id: &crate::BatchId,
    date: time::Date,
    options: &ExportOptions,
) -> String {
    let rows = if options.mobiles_only {
        "-mobiles"
    } else if options.found_only {
        "-found"
    } else {
        ""
    };
    let preset = options
        .preset
        .filter(|_| options.format == Format::Csv)
        .map(|preset| format!("-{}", preset.as_str()))
        .unwrap_or_default();
    format!(
        "{FILE_NAME_PREFIX}{}-{date}{rows}{preset}.{}",
        batch_id.short(),
        options.format.extension()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_become_actionable_messages() {
        let folder = Path::new("/exports");
        let cases = [
            (io::ErrorKind::NotFound, "folder_missing"),
            (io::ErrorKind::PermissionDenied, "permission_denied"),
            (io::ErrorKind::ReadOnlyFilesystem, "read_only"),
            (io::ErrorKind::StorageFull, "disk_full"),
            (io::ErrorKind::QuotaExceeded, "disk_full"),
            (io::ErrorKind::Other, "write_failed"),
        ];
        for (kind, code) in cases {
            let error = ExportError::from_io(&io::Error::from(kind), folder);
            assert_eq!(error.code(), code, "{kind:?}");
            assert!(error.to_string().contains("again"), "{error}");
        }
    }

    /// Excel on Windows holds the file it shows: replacing it fails with a sharing violation.
    #[cfg(windows)]
    #[test]
    fn a_file_open_in_excel_is_named_as_such() {
        for raw in [32, 33] {
            let error = ExportError::from_io(&io::Error::from_raw_os_error(raw), Path::new("C:\\"));
            assert_eq!(error.code(), "file_in_use", "{raw}");
            assert!(error.to_string().contains("Excel"), "{error}");
        }
    }

    #[test]
    fn default_file_name_has_id_and_date() {
        let id =
            crate::BatchId::parse_forgiving("e3b61122-d6a6-4ea7-b331-9b734682a76a").expect("valid");
        let date = time::macros::date!(2026 - 11 - 28);
        let name = |options: ExportOptions| default_file_name(&id, date, &options);
        assert_eq!(
            name(ExportOptions::new(Format::Xlsx)),
            "enrow-phones-e3b61122-2026-11-28.xlsx"
        );
        assert_eq!(
            name(ExportOptions {
                found_only: true,
                ..ExportOptions::new(Format::Csv)
            }),
            "enrow-phones-e3b61122-2026-11-28-found.csv"
        );
        assert_eq!(
            name(ExportOptions {
                mobiles_only: true,
                preset: Some(Preset::Hubspot),
                ..ExportOptions::new(Format::Csv)
            }),
            "enrow-phones-e3b61122-2026-11-28-mobiles-hubspot.csv"
        );
        assert_eq!(
            name(ExportOptions::new(Format::Vcf)),
            "enrow-phones-e3b61122-2026-11-28.vcf"
        );
    }
}
