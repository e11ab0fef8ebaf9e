//! How much of a spreadsheet is read, at most. A person's list is far below every limit; a
//! hostile or broken file (a used range of the whole sheet, a zip bomb, a million one-cell
//! columns) meets one with a clear message instead of taking the computer's memory.

use std::path::Path;

use crate::error::MergeError;

/// The file itself. A 100,000-row export with 60 columns (Apollo's) is about 40 MB as CSV and
/// 15 MB as `.xlsx`; the whole file is held in memory while it is read.
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;

/// What a workbook's zip container unpacks to, all parts together. Its XML is about ten times
/// the file (40 MB of CSV is some 150 MB of sheet XML), and calamine holds the shared strings
/// part in memory whole.
pub const MAX_INFLATED_BYTES: u64 = 512 * 1024 * 1024;

/// Cells held in memory, over every sheet: 100,000 rows of 80 columns. Each takes 32 bytes
/// besides its text, so the cells of the largest file read stay under about 300 MB.
pub const MAX_CELLS: usize = 8_000_000;

/// What a limit is about, for the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    FileSize,
    Inflated,
    Cells,
}

impl Limit {
    pub(crate) fn exceeded(self, path: &Path) -> MergeError {
        MergeError::TooLarge {
            path: path.to_path_buf(),
            limit: self,
        }
    }
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::FileSize => write!(f, "is larger than {} MB", MAX_FILE_BYTES / (1024 * 1024)),
            Self::Inflated => write!(
                f,
                "unpacks to more than {} MB",
                MAX_INFLATED_BYTES / (1024 * 1024)
            ),
            Self::Cells => write!(
                f,
                "holds more than {} million cells (rows times columns in use)",
                MAX_CELLS / 1_000_000
            ),
        }
    }
}

/// The cells still allowed, drawn on as a file is read.
#[derive(Debug)]
pub struct CellBudget<'a> {
    left: usize,
    path: &'a Path,
}

impl<'a> CellBudget<'a> {
    pub fn new(path: &'a Path) -> Self {
        Self {
            left: MAX_CELLS,
            path,
        }
    }

    /// Takes `cells` from the budget, or says the file is too large.
    pub fn take(&mut self, cells: usize) -> Result<(), MergeError> {
        match self.left.checked_sub(cells) {
            Some(left) => {
                self.left = left;
                Ok(())
            }
            None => Err(Limit::Cells.exceeded(self.path)),
        }
    }
}
