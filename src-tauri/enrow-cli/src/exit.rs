//! Exit codes, so scripts can tell what happened without reading messages.

use std::process::ExitCode;

use enrow::ErrorCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Done = 0,
    Other = 1,
    Usage = 2,
    Key = 3,
    NotFound = 4,
    BatchFailed = 5,
    Credits = 6,
    Unavailable = 7,
    /// `merge` wrote its file, but some rows of the sheet matched no result.
    Unmatched = 8,
    /// `submit` sent some parts of the list, and not the rest.
    PartlySent = 9,
    /// `submit`: Enrow may or may not have received a part.
    Unknown = 10,
    /// `EX_TEMPFAIL` from sysexits.h: try again later.
    Ongoing = 75,
}

impl Exit {
    pub fn for_error(code: ErrorCode) -> Self {
        match code {
            ErrorCode::InvalidBatchId => Self::Usage,
            ErrorCode::MissingKey | ErrorCode::InvalidKey | ErrorCode::PhoneNotAllowed => Self::Key,
            ErrorCode::BatchNotFound => Self::NotFound,
            ErrorCode::BatchFailed => Self::BatchFailed,
            ErrorCode::InsufficientCredits => Self::Credits,
            ErrorCode::RateLimited
            | ErrorCode::ServerError
            | ErrorCode::Network
            | ErrorCode::Timeout
            | ErrorCode::UnexpectedResponse => Self::Unavailable,
            _ => Self::Other,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit as u8)
    }
}
