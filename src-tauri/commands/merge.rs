//! "Add to my spreadsheet": the system's open dialog, a preview, the save dialog, then the
//! copy, all reading and writing off the UI thread. The work is `desk::sheet_merge`'s.

use std::path::{Path, PathBuf};

use desk::sheet_merge::{self, MergePreview, MergeSaved, MergeSource};
use desk::words::{Lang, text};
use desk::{Code, PageError};
use enrow::export::ExportLabels;
use merge::ColumnChoice;
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use super::file_dialog::{self, Ask};
use crate::state::{AppState, off_main};

/// Every kind of file `enrow-merge` reads.
const SHEET_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "xlsb", "ods", "csv", "tsv", "txt"];

/// Asks which spreadsheet the batch was made from, and previews the merge.
#[tauri::command]
pub async fn pick_merge_sheet<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
    labels: ExportLabels,
) -> Result<Option<MergePreview>, PageError> {
    let Some(path) = ask_which_sheet(&app, state.desk.lang()).await else {
        return Ok(None);
    };
    state.picked_sheets.remember(path.clone());
    preview(&state, id, path, None, ColumnChoice::default(), labels)
        .await
        .map(Some)
}

/// The preview for another sheet of a file picked before, or other columns the person chose.
#[tauri::command]
pub async fn preview_merge(
    state: State<'_, AppState>,
    id: String,
    path: String,
    sheet: Option<String>,
    columns: Option<ColumnChoice>,
    labels: ExportLabels,
) -> Result<MergePreview, PageError> {
    let path = picked(&state, path)?;
    preview(&state, id, path, sheet, columns.unwrap_or_default(), labels).await
}

/// Asks where to save the copy, and writes it.
#[tauri::command]
pub async fn save_merge<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
    path: String,
    sheet: Option<String>,
    columns: Option<ColumnChoice>,
    labels: ExportLabels,
) -> Result<Option<MergeSaved>, PageError> {
    let path = picked(&state, path)?;
    let columns = columns.unwrap_or_default();
    let desk = state.desk.clone();
    let source = off_main("Reading the spreadsheet", move || {
        MergeSource::open(desk.fetched(&id)?, &path)
    })
    .await?;
    let lang = state.desk.lang();
    let suggested = source.suggested_output(&text(lang, "merge.fileSuffix", &[]));
    let Some(output) = ask_where_to_save(&app, &suggested, lang).await else {
        return Ok(None);
    };
    let target = output.clone();
    let desk = state.desk.clone();
    let saved = off_main("Saving the copy", move || {
        // Noted before writing, as an export is (see `Desk::writing`).
        let _ = desk.writing(&target);
        let saved = source.save(sheet.as_deref(), &columns, &labels, &target);
        desk.written(&target);
        saved
    })
    .await?;
    log::info!(
        "merged {} rows into a copy of a spreadsheet ({} not matched)",
        saved.matched,
        saved.unmatched_rows.len()
    );
    state.exported.remember(output);
    Ok(Some(saved))
}

/// Only a file the person picked in the dialog is read: the page cannot name another.
pub(super) fn picked(state: &AppState, path: String) -> Result<PathBuf, PageError> {
    let path = PathBuf::from(path);
    if state.picked_sheets.contains(&path) {
        Ok(path)
    } else {
        Err(PageError::new(
            Code::UnknownFile,
            "This file was not chosen in Enrow Desk. Choose it with “Add to my spreadsheet”.",
        ))
    }
}

async fn preview(
    state: &AppState,
    id: String,
    path: PathBuf,
    sheet: Option<String>,
    columns: ColumnChoice,
    labels: ExportLabels,
) -> Result<MergePreview, PageError> {
    let desk = state.desk.clone();
    off_main("Reading the spreadsheet", move || {
        let fetched = desk.fetched(&id)?;
        sheet_merge::preview(&fetched, &path, sheet.as_deref(), &columns, &labels)
    })
    .await
}

pub(super) async fn ask_which_sheet<R: Runtime>(app: &AppHandle<R>, lang: Lang) -> Option<PathBuf> {
    let mut dialog = app
        .dialog()
        .file()
        .add_filter(text(lang, "merge.filterSheets", &[]), SHEET_EXTENSIONS);
    if let Ok(folder) = app.path().document_dir() {
        dialog = dialog.set_directory(folder);
    }
    file_dialog::ask(app, dialog, Ask::Open).await
}

pub(super) async fn ask_where_to_save<R: Runtime>(
    app: &AppHandle<R>,
    suggested: &Path,
    lang: Lang,
) -> Option<PathBuf> {
    let extension = suggested
        .extension()
        .map(|ext| ext.to_string_lossy().into_owned())
        .unwrap_or_default();
    let kind = if extension == "xlsx" {
        "export.filterXlsx"
    } else {
        "export.filterCsv"
    };
    let mut dialog = app
        .dialog()
        .file()
        .set_file_name(sheet_merge::file_name(suggested))
        .add_filter(text(lang, kind, &[]), &[extension.as_str()]);
    // Beside the original, where the person will look for it.
    if let Some(folder) = suggested.parent() {
        dialog = dialog.set_directory(folder);
    }
    file_dialog::ask(app, dialog, Ask::Save).await
}
