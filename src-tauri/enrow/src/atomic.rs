//! Write-then-rename, so a file either appears whole or not at all: exports, and the desktop
//! app's history and saved results. A crash, a kill or a full disk at any moment leaves either
//! the old file or the new one, never half of one.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Who may read the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    /// An ordinary document (0644 on Unix), such as an export.
    Shared,
    /// Only this user (0600 on Unix), such as saved results and the history.
    Private,
}

/// What temporary files are called: `.<final name>.<random>.part`, hidden, and named after the
/// file they were becoming so anyone who spots one knows what it was.
pub const TEMP_SUFFIX: &str = ".part";

/// The folder a file is written into (`.` for a bare name).
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Runs `write` against a temporary file in `path`'s folder, flushes it to disk, then renames it
/// over `path`. On any failure the temporary file is removed and `path` is left as it was.
pub fn write_atomically<T>(
    path: &Path,
    visibility: Visibility,
    write: impl FnOnce(&mut File) -> io::Result<T>,
) -> io::Result<T> {
    let folder = folder_of(path);
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Hidden, and named after the real file so anyone who spots one knows what it was.
    let prefix = format!(".{file_name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(match visibility {
            Visibility::Shared => 0o644,
            Visibility::Private => 0o600,
        }));
    }
    #[cfg(not(unix))]
    let _ = visibility;
    let mut temp = builder.tempfile_in(folder)?;
    let written = write(temp.as_file_mut())?;
    temp.as_file_mut().flush()?;
    sync_file(temp.as_file())?;
    temp.persist(path)
        .map_err(|refused| held_or(refused.error, path))?;
    sync_folder(folder);
    Ok(written)
}

/// Flushes a file's content to the disk. On macOS `sync_all` asks for `F_FULLFSYNC`, which SMB,
/// AFP and some FUSE volumes refuse (`ENOTSUP`): a company share would refuse every export.
/// There, the plain `fsync` that every volume supports is the best the volume offers, and the
/// file is written as durably as it can be.
fn sync_file(file: &File) -> io::Result<()> {
    match file.sync_all() {
        #[cfg(target_os = "macos")]
        Err(error) if is_unsupported(&error) => file.sync_data().or_else(|error| {
            if is_unsupported(&error) {
                Ok(())
            } else {
                Err(error)
            }
        }),
        other => other,
    }
}

/// `ENOTSUP` (45 on macOS) or `ENOTTY`, as network volumes answer a flush they cannot do.
#[cfg(target_os = "macos")]
fn is_unsupported(error: &io::Error) -> bool {
    error.kind() == io::ErrorKind::Unsupported
        || matches!(error.raw_os_error(), Some(45 | 25 | 102))
}

/// Windows answers a rename over a file that another program holds open (Excel with the
/// person's earlier export, an antivirus reading `history.json`) with `ERROR_ACCESS_DENIED`,
/// the same as a real lack of permission. Opening that file tells the two apart: a sharing or
/// lock violation there is the error returned, which [`crate::export::held_by_another_program`]
/// names as such.
#[cfg(windows)]
fn held_or(error: io::Error, path: &Path) -> io::Error {
    const ACCESS_DENIED: i32 = 5;
    if error.raw_os_error() != Some(ACCESS_DENIED) {
        return error;
    }
    match std::fs::OpenOptions::new().write(true).open(path) {
        Err(probe) if crate::export::held_by_another_program(&probe) => probe,
        _ => error,
    }
}

#[cfg(not(windows))]
fn held_or(error: io::Error, _path: &Path) -> io::Error {
    error
}

/// Creates `folder` and any missing folder above it, readable by this user only (0700 on
/// Unix). Only the folders made here are: a folder that was already there (the system's
/// `Application Support`, a test's temporary folder, `/tmp` itself) keeps its permissions.
pub fn create_private_folder(folder: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(folder)
}

/// The largest saved answer read back: an answer is refused past this size when it arrives
/// (see [`crate::ClientConfig::max_body_bytes`]), so a larger file was not written by us.
pub const MAX_SAVED_ANSWER_BYTES: u64 = 64 * 1024 * 1024;

/// Reads `path` whole, unless it is larger than `max` bytes: then an error of kind
/// [`io::ErrorKind::FileTooLarge`], and no more than `max + 1` bytes are ever held.
pub fn read_at_most(path: &Path, max: u64) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let file = File::open(path)?;
    let size = file.metadata()?.len();
    let too_large = || {
        io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!("larger than {max} bytes"),
        )
    };
    if size > max {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    // One byte past the limit, for a file that grows while it is read.
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Writes `bytes` to `path` atomically.
pub fn write_bytes(path: &Path, visibility: Visibility, bytes: &[u8]) -> io::Result<()> {
    write_atomically(path, visibility, |file| file.write_all(bytes))
}

/// Removes the temporary files a killed process left in `folder` (those whose final name starts
/// with `name_prefix`), and returns what it removed. A write in progress in another process
/// would lose its temporary file too, so call it at start-up, before writing.
pub fn remove_leftovers(folder: &Path, name_prefix: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let hidden_prefix = format!(".{name_prefix}");
    entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with(&hidden_prefix) && name.ends_with(TEMP_SUFFIX))
        })
        .filter(|path| std::fs::remove_file(path).is_ok())
        .collect()
}

/// Removes the temporary files that writes of `path` cut short by a crash or a kill left beside
/// it (`.<name>.<random>.part`), and returns what it removed. Only that file's: a file called
/// `<name>.bak` has temporaries of its own, which stay.
pub fn remove_leftovers_of(path: &Path) -> Vec<PathBuf> {
    let Some(name) = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
    else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(folder_of(path)) else {
        return Vec::new();
    };
    let prefix = format!(".{name}.");
    entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|candidate| {
            candidate
                .file_name()
                .and_then(|file| file.to_str())
                .and_then(|file| file.strip_prefix(&prefix))
                .and_then(|rest| rest.strip_suffix(TEMP_SUFFIX))
                // The random part tempfile adds: letters and digits, no dot.
                .is_some_and(|random| !random.is_empty() && !random.contains('.'))
        })
        .filter(|leftover| std::fs::remove_file(leftover).is_ok())
        .collect()
}

/// Makes the rename itself durable. Best effort: not every platform or file system allows
/// opening a folder, and the file is complete either way.
fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}

#[cfg(test)]
mod tests {
    use std::io;

    use super::*;

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("readable")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_complete_write_appears_under_its_name_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("out.csv");
        let n = write_atomically(&path, Visibility::Shared, |file| {
            file.write_all(b"a,b\n")?;
            Ok(7)
        })
        .expect("written");
        assert_eq!(n, 7);
        assert_eq!(std::fs::read(&path).expect("read"), b"a,b\n");
        assert_eq!(entries(dir.path()), vec!["out.csv"]);
    }

    #[test]
    fn a_failed_write_leaves_nothing_and_keeps_an_older_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("out.csv");
        std::fs::write(&path, b"previous export").expect("seed");
        let outcome = write_atomically(&path, Visibility::Shared, |file| -> io::Result<()> {
            file.write_all(&[b'x'; 10_000])?;
            // What a full disk looks like half-way through.
            Err(io::Error::from(io::ErrorKind::StorageFull))
        });
        assert_eq!(
            outcome.map_err(|e| e.kind()),
            Err(io::ErrorKind::StorageFull)
        );
        assert_eq!(std::fs::read(&path).expect("read"), b"previous export");
        assert_eq!(entries(dir.path()), vec!["out.csv"]);
    }

    #[test]
    fn a_missing_folder_is_not_found() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("no-such-folder").join("out.csv");
        let outcome = write_atomically(&path, Visibility::Shared, |_| Ok(()));
        assert_eq!(outcome.map_err(|e| e.kind()), Err(io::ErrorKind::NotFound));
    }

    #[cfg(unix)]
    #[test]
    fn private_files_are_for_their_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let private = dir.path().join("history.json");
        write_bytes(&private, Visibility::Private, b"{}").expect("written");
        let shared = dir.path().join("export.csv");
        write_bytes(&shared, Visibility::Shared, b"a").expect("written");
        let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode(&private), 0o600);
        assert_eq!(mode(&shared), 0o644);
    }

    #[test]
    fn a_file_past_the_limit_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("saved.json");
        std::fs::write(&path, b"12345").expect("seed");
        assert_eq!(read_at_most(&path, 5).expect("read"), b"12345");
        let refused = read_at_most(&path, 4).expect_err("too large");
        assert_eq!(refused.kind(), io::ErrorKind::FileTooLarge);
    }

    /// Excel keeps the workbook it shows open without letting others write it: a save over it
    /// says the file is in use, not that permission is lacking.
    #[cfg(windows)]
    #[test]
    fn a_file_another_program_holds_open_is_named_as_such() {
        use std::os::windows::fs::OpenOptionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("export.xlsx");
        std::fs::write(&path, b"the person's earlier export").expect("seed");
        // Read-sharing only, as Excel opens a workbook.
        let held = std::fs::OpenOptions::new()
            .read(true)
            .share_mode(1)
            .open(&path)
            .expect("held");
        let refused = write_bytes(&path, Visibility::Shared, b"new").expect_err("held open");
        assert!(
            crate::export::held_by_another_program(&refused),
            "{refused:?}"
        );
        assert!(matches!(
            crate::export::ExportError::from_io(&refused, dir.path()),
            crate::export::ExportError::FileInUse
        ));
        drop(held);
        write_bytes(&path, Visibility::Shared, b"new").expect("free again");
        assert_eq!(
            entries(dir.path()),
            vec!["export.xlsx"],
            "no temporary file left"
        );
    }

    #[test]
    fn only_the_leftovers_of_the_file_named_are_swept() {
        let dir = tempfile::tempdir().expect("temp dir");
        for name in [
            ".Leads with phones.xlsx.Ab12Cd.part",
            ".Leads with phones.xlsx.bak.Zz99.part",
            "Leads with phones.xlsx",
        ] {
            std::fs::write(dir.path().join(name), b"x").expect("seed");
        }
        let removed = remove_leftovers_of(&dir.path().join("Leads with phones.xlsx"));
        assert_eq!(removed.len(), 1);
        assert_eq!(
            entries(dir.path()),
            vec![
                ".Leads with phones.xlsx.bak.Zz99.part",
                "Leads with phones.xlsx"
            ]
        );
    }

    #[test]
    fn leftovers_of_a_killed_write_are_swept() {
        let dir = tempfile::tempdir().expect("temp dir");
        for name in [
            ".enrow-phones-x.csv.Ab12Cd.part",
            ".history.json.Zz99.part",
            "keep.csv",
            ".enrow-phones-y.csv",
        ] {
            std::fs::write(dir.path().join(name), b"x").expect("seed");
        }
        let removed = remove_leftovers(dir.path(), "enrow-phones-");
        assert_eq!(removed.len(), 1);
        assert_eq!(
            entries(dir.path()),
            vec![".enrow-phones-y.csv", ".history.json.Zz99.part", "keep.csv"]
        );
    }
}
