//! What Enrow Desk keeps on this computer, read with the app's own code (the `desk` crate): the
//! history it lists, and the results it saved, exported with no network and no key. Read only,
//! so it is safe while the app runs.

use std::path::PathBuf;

use desk::library::Library;
use desk::paths::{DATA_DIR_ENV, data_dir};
use enrow::{BatchId, FetchedBatch};

use crate::Failure;
use crate::exit::Exit;
use crate::format::thousands;

fn folder() -> Result<PathBuf, Failure> {
    data_dir().ok_or_else(|| {
        Failure::other(format!(
            "This computer has no data folder for Enrow Desk; set {DATA_DIR_ENV} to it."
        ))
    })
}

/// `enrow-batch saved`: one line per batch on stdout, newest first.
pub fn list() -> Result<Exit, Failure> {
    let folder = folder()?;
    let entries = Library::read_only(folder.clone()).entries();
    if entries.is_empty() {
        eprintln!(
            "Enrow Desk has no batches saved on this computer (looked in {}).",
            folder.display()
        );
        return Ok(Exit::Done);
    }
    for entry in &entries {
        let figures = match (entry.found, entry.requested, entry.finished) {
            (Some(found), Some(requested), _) if entry.status == "completed" => {
                format!("{} of {} found", thousands(found), thousands(requested))
            }
            (_, Some(requested), Some(finished)) => format!(
                "{} of {} searched",
                thousands(finished),
                thousands(requested)
            ),
            _ => String::new(),
        };
        let saved = if entry.cached { "saved" } else { "not saved" };
        let label = entry.label.as_deref().unwrap_or_default();
        println!(
            "{}\t{}\t{figures}\t{saved}\t{label}",
            entry.id, entry.status
        );
    }
    eprintln!(
        "{} batches. Export one with: enrow-batch fetch <ID> --saved -o FILE",
        entries.len()
    );
    Ok(Exit::Done)
}

/// The results Enrow Desk saved for `id`.
pub fn results(id: &BatchId) -> Result<FetchedBatch, Failure> {
    let library = Library::read_only(folder()?);
    library.cached(id.as_str()).ok_or_else(|| Failure {
        exit: Exit::NotFound,
        message: format!(
            "Enrow Desk has no saved results for batch {id} on this computer. Open it in Enrow \
             Desk once it is completed, or fetch it from Enrow without --saved."
        ),
    })
}
