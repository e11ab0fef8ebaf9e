//! Write-then-rename, so a file either appears whole or not at all.

use std::fs::File;
use std::io::Write;
use std::path::Path;

use super::ExportError;

/// Runs `write` against a temporary file in `path`'s folder, flushes it to disk, then renames it
/// over `path`. On any failure the temporary file is removed and `path` is left as it was.
pub(crate) fn write_atomically<T>(
    path: &Path,
    write: impl FnOnce(&mut File) -> std::io::Result<T>,
) -> Result<T, ExportError> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let io_error = |error: &std::io::Error| ExportError::from_io(error, folder);
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Hidden, and named after the real file so anyone who spots one knows what it was.
    let prefix = format!(".{file_name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".part");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // An export is an ordinary document; tempfile's default owner-only mode would surprise.
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let mut temp = builder.tempfile_in(folder).map_err(|e| io_error(&e))?;
    let written = write(temp.as_file_mut()).map_err(|e| io_error(&e))?;
    temp.as_file_mut().flush().map_err(|e| io_error(&e))?;
    temp.as_file().sync_all().map_err(|e| io_error(&e))?;
    temp.persist(path).map_err(|e| io_error(&e.error))?;
    sync_folder(folder);
    Ok(written)
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
        let n = write_atomically(&path, |file| {
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
        let outcome = write_atomically(&path, |file| -> io::Result<()> {
            file.write_all(&[b'x'; 10_000])?;
            // What a full disk looks like half-way through.
            Err(io::Error::from(io::ErrorKind::StorageFull))
        });
        assert!(matches!(outcome, Err(ExportError::DiskFull { .. })));
        assert_eq!(std::fs::read(&path).expect("read"), b"previous export");
        assert_eq!(entries(dir.path()), vec!["out.csv"]);
    }

    #[test]
    fn a_missing_folder_is_named() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("no-such-folder").join("out.csv");
        let outcome = write_atomically(&path, |_| Ok(()));
        match outcome {
            Err(ExportError::FolderMissing { folder }) => {
                assert!(folder.ends_with("no-such-folder"));
            }
            other => panic!("expected FolderMissing, got {other:?}"),
        }
    }
}
