//! What can go wrong, in words a person can act on.

use std::io;
use std::path::{Path, PathBuf};

use enrow::export::held_by_another_program;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MergeError {
    #[error("{} was not found. Choose the file again.", .path.display())]
    Missing { path: PathBuf },
    #[error(
        "{} is open in another program (such as Excel) that keeps others from reading it. \
         Close it there and try again.", .path.display()
    )]
    InUse { path: PathBuf },
    #[error("Enrow Desk may not read {}. Copy the file to your Documents folder and choose it there.", .path.display())]
    NotAllowed { path: PathBuf },
    #[error(
        "{} is not a spreadsheet Enrow Desk can read. Choose the Excel (.xlsx, .xls), \
         OpenDocument (.ods) or CSV file the batch was made from.", .path.display()
    )]
    NotASpreadsheet { path: PathBuf },
    #[error(
        "{} could not be read ({detail}). If it opens in Excel, save it again as .xlsx or CSV \
         and choose that copy.", .path.display()
    )]
    Unreadable { path: PathBuf, detail: String },
    #[error(
        "{} {limit}, more than Enrow Desk reads. Save only the sheet and the columns the batch \
         was made from (as .xlsx or CSV), and choose that copy.", .path.display()
    )]
    TooLarge {
        path: PathBuf,
        limit: crate::limits::Limit,
    },
    #[error(
        "The sheet “{sheet}” already reaches Excel's last column, so there is no room for the \
         four new columns. Delete the columns you do not need (or a stray value far to the \
         right), save, and choose the file again; or save it as CSV."
    )]
    NoRoom { sheet: String },
    #[error("The file has no sheet named “{name}”. Its sheets: {}.", .available.join(", "))]
    NoSuchSheet {
        name: String,
        available: Vec<String>,
    },
    #[error(
        "No column of this sheet says who each person is: a column of LinkedIn links, or of \
         names (a header such as “LinkedIn”, “First name”, “Last name” or “Name”), is needed. \
         Choose the sheet or file the batch was made from."
    )]
    NoColumns,
    #[error(
        "The result would replace the file it was made from. Choose another name: the original \
         is never changed."
    )]
    SameFile,
    #[error(transparent)]
    Write(#[from] enrow::export::ExportError),
}

impl MergeError {
    pub(crate) fn reading(error: &io::Error, path: &Path) -> Self {
        let path = path.to_path_buf();
        match error.kind() {
            io::ErrorKind::NotFound => Self::Missing { path },
            io::ErrorKind::PermissionDenied if held_by_another_program(error) => {
                Self::InUse { path }
            }
            io::ErrorKind::PermissionDenied => Self::NotAllowed { path },
            _ if held_by_another_program(error) => Self::InUse { path },
            _ => Self::Unreadable {
                path,
                detail: error.to_string(),
            },
        }
    }
}
