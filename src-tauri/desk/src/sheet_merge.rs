//! "Add to my spreadsheet" as the page is shown it: the preview of the file the person picked,
//! and the copy saved. Matching and writing are `enrow-merge`'s; this is what the window asks
//! of it, in the shapes `docs/ipc.md` describes.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use enrow::FetchedBatch;
use enrow::export::ExportLabels;
use merge::ColumnChoice;
use serde::Serialize;

use crate::error::PageError;

/// What the preview shows: the file, then `enrow-merge`'s counts and first rows.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MergePreview {
    pub path: String,
    pub file_name: String,
    #[serde(flatten)]
    pub preview: merge::Preview,
}

/// What the page says once the copy is saved.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MergeSaved {
    pub path: String,
    pub matched: usize,
    pub unmatched_rows: Vec<usize>,
    pub orphans: usize,
}

/// Reads `path` and previews the merge of `fetched` into it (on `sheet`, else the sheet where
/// most rows match; in the columns the headers name, or the person's `columns`). Blocking:
/// reads the file.
pub fn preview(
    fetched: &FetchedBatch,
    path: &Path,
    sheet: Option<&str>,
    columns: &ColumnChoice,
    labels: &ExportLabels,
) -> Result<MergePreview, PageError> {
    let spreadsheet = merge::open(path)?;
    let plan = merge::plan(&spreadsheet, fetched, sheet, columns)?;
    Ok(MergePreview {
        file_name: file_name(path),
        path: path.to_string_lossy().into_owned(),
        preview: plan.preview(&spreadsheet, fetched, labels),
    })
}

/// A batch and the spreadsheet it goes back into, read and waiting for the save dialog.
pub struct MergeSource {
    fetched: Arc<FetchedBatch>,
    spreadsheet: merge::Spreadsheet,
}

impl MergeSource {
    /// Reads the spreadsheet. Blocking.
    pub fn open(fetched: Arc<FetchedBatch>, path: &Path) -> Result<Self, PageError> {
        Ok(Self {
            fetched,
            spreadsheet: merge::open(path)?,
        })
    }

    /// Where the copy is offered: beside the original, its name followed by `suffix`
    /// ("with phones", in the app's language).
    pub fn suggested_output(&self, suffix: &str) -> PathBuf {
        merge::suggested_output(&self.spreadsheet, suffix)
    }

    /// Writes the copy to `output` (never the original). Blocking.
    pub fn save(
        &self,
        sheet: Option<&str>,
        columns: &ColumnChoice,
        labels: &ExportLabels,
        output: &Path,
    ) -> Result<MergeSaved, PageError> {
        let plan = merge::plan(&self.spreadsheet, &self.fetched, sheet, columns)?;
        let written = merge::write(&self.spreadsheet, &plan, &self.fetched, labels, output)?;
        Ok(MergeSaved {
            path: output.to_string_lossy().into_owned(),
            matched: written.matched,
            unmatched_rows: written.unmatched_rows,
            orphans: written.orphans,
        })
    }
}

/// The file's name as the person knows it, for the page and the save dialog.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fetched() -> Arc<FetchedBatch> {
        let json = r#"{"general":{"id":"b","status":"completed"},"results":[
            {"index":0,"qualification":"found","number":"+33612345678","country":"FR",
             "params":{"linkedin_url":"https://www.linkedin.com/in/ann"}}]}"#;
        Arc::new(FetchedBatch {
            batch: enrow::Batch::from_json(json.as_bytes()).expect("valid"),
            raw: json.to_owned().into(),
        })
    }

    #[test]
    fn the_preview_names_the_file_and_the_copy_is_saved_beside_it() {
        let dir = tempfile::tempdir().expect("dir");
        let sheet = dir.path().join("Leads.csv");
        std::fs::write(&sheet, "LinkedIn\nlinkedin.com/in/ann\n").expect("write");
        let labels = ExportLabels::default();

        let as_found = ColumnChoice::default();
        let shown = preview(&fetched(), &sheet, None, &as_found, &labels).expect("preview");
        assert_eq!(shown.file_name, "Leads.csv");
        assert_eq!(shown.preview.matched, 1);

        let source = MergeSource::open(fetched(), &sheet).expect("open");
        let output = source.suggested_output("with phones");
        assert_eq!(output, dir.path().join("Leads with phones.csv"));
        let saved = source
            .save(None, &as_found, &labels, &output)
            .expect("saved");
        assert_eq!((saved.matched, saved.unmatched_rows.len()), (1, 0));
        let copy = std::fs::read_to_string(&output).expect("copy");
        assert!(copy.contains("+33612345678"), "{copy}");
        let refused = source
            .save(None, &as_found, &labels, &sheet)
            .expect_err("the original");
        assert_eq!(refused.code, crate::Code::SameFile);
    }
}
