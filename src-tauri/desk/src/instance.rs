//! One app at a time on a data folder. The shell's single-instance plugin raises the running
//! window when the app is launched again, but it needs a session bus on Linux and goes on
//! without one; this lock file is the real guard: a process that cannot take it never writes
//! the history (see `Desk::open`).

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::Path;

pub const LOCK_FILE: &str = "enrow-desk.lock";

/// Held for as long as the app runs; the operating system releases it when the process ends,
/// even when it is killed, so a crash never leaves the folder locked.
#[derive(Debug)]
pub struct InstanceLock {
    _file: File,
}

#[derive(Debug, thiserror::Error)]
pub enum InstanceError {
    #[error("another Enrow Desk holds {0}")]
    Held(String),
    #[error("the lock file could not be opened: {0}")]
    Io(#[from] io::Error),
}

impl InstanceLock {
    pub fn acquire(folder: &Path) -> Result<Self, InstanceError> {
        crate::library::create_private_folder(folder)?;
        let path = folder.join(LOCK_FILE);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)?;
        match file.try_lock() {
            Ok(()) => Ok(Self { _file: file }),
            Err(TryLockError::WouldBlock) => Err(InstanceError::Held(path.display().to_string())),
            Err(TryLockError::Error(error)) => Err(error.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_refused_until_the_first_lets_go() {
        let dir = tempfile::tempdir().expect("temp");
        let first = InstanceLock::acquire(dir.path()).expect("first");
        assert!(matches!(
            InstanceLock::acquire(dir.path()),
            Err(InstanceError::Held(_))
        ));
        drop(first);
        assert!(InstanceLock::acquire(dir.path()).is_ok());
    }
}
