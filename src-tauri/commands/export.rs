//! Exports: a native save dialog, then the engine's atomic writers, off the UI thread.

use std::path::PathBuf;

use desk::words::{Lang, text};
use desk::{Code, PageError};
use enrow::BatchId;
use enrow::export::{
    Delimiter, ExportLabels, ExportOptions, Format, Preset, default_file_name, export_to_path_then,
};
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use super::file_dialog::{self, Ask};
use crate::state::{AppState, off_main, test_hook};

#[derive(Debug, Serialize)]
pub struct Exported {
    path: String,
    rows: usize,
}

/// Asks where to save (unless the test folder is set), writes the file, and returns where it
/// went; `None` when the person cancelled the dialog.
// Tauri hands the page's arguments over one by one, by name: they are the command's contract.
#[allow(clippy::too_many_arguments)]
#[tauri::command]
pub async fn export_batch<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
    format: Format,
    delimiter: Delimiter,
    found_only: bool,
    mobiles_only: Option<bool>,
    preset: Option<Preset>,
    labels: ExportLabels,
) -> Result<Option<Exported>, PageError> {
    let options = ExportOptions {
        found_only,
        mobiles_only: mobiles_only.unwrap_or(false),
        // A CRM layout is a CSV; with another format the choice means nothing.
        preset: preset.filter(|_| format == Format::Csv),
        delimiter,
        labels,
        ..ExportOptions::new(format)
    };
    let desk = state.desk.clone();
    let batch = BatchId::parse_forgiving(&id).map_err(|_| PageError::unknown_batch(&id))?;
    let reading = id.clone();
    let fetched = off_main("Reading the results", move || desk.fetched(&reading)).await?;
    let today = time::OffsetDateTime::now_local()
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc())
        .date();
    let file_name = default_file_name(&batch, today, &options);
    let path = match &state.export_dir_override {
        Some(dir) => dir.join(&file_name),
        None => {
            let last_dir = state.desk.settings().last_export_dir;
            match ask_where(&app, &file_name, format, state.desk.lang(), last_dir).await {
                Some(path) => path,
                None => return Ok(None),
            }
        }
    };
    let desk = state.desk.clone();
    let target = path.clone();
    let report = off_main("The export", move || {
        // Noted before writing (see `Desk::writing`). A convenience only: the export goes
        // ahead without.
        let _ = desk.writing(&target);
        let written = export_to_path_then(&fetched, &target, &options, hold_for_tests);
        desk.written(&target);
        Ok(written?)
    })
    .await?;
    log::info!("exported {} rows as {}", report.rows, format.extension());
    state.exported.remember(path.clone());
    Ok(Some(Exported {
        path: path.to_string_lossy().into_owned(),
        rows: report.rows,
    }))
}

/// Holds a finished export under its temporary name while the file this names exists, so an
/// end-to-end test can kill the app at that exact moment. For tests only (debug builds, see
/// [`test_hook`]); unset, it does nothing.
pub const HOLD_EXPORT_ENV: &str = "ENROW_DESK_TEST_HOLD_EXPORT";

fn hold_for_tests() {
    if let Some(flag) = test_hook(HOLD_EXPORT_ENV).map(PathBuf::from) {
        while flag.exists() {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

async fn ask_where<R: Runtime>(
    app: &AppHandle<R>,
    file_name: &str,
    format: Format,
    lang: Lang,
    last_dir: Option<PathBuf>,
) -> Option<PathBuf> {
    let kind = match format {
        Format::Xlsx => "export.filterXlsx",
        Format::Csv => "export.filterCsv",
        Format::Json => "export.filterJson",
        Format::Vcf => "export.filterVcf",
    };
    let mut dialog = app
        .dialog()
        .file()
        .set_file_name(file_name)
        .add_filter(text(lang, kind, &[]), &[format.extension()]);
    // An unreachable network folder must not stall the dialog: checked off the UI thread.
    let last_dir = off_main("Looking up the last folder", move || {
        Ok(last_dir.filter(|dir| dir.is_dir()))
    })
    .await
    .ok()
    .flatten();
    if let Some(folder) = last_dir.or_else(|| app.path().document_dir().ok()) {
        dialog = dialog.set_directory(folder);
    }
    file_dialog::ask(app, dialog, Ask::Save).await
}

/// "Show in folder", only for files this app wrote.
#[tauri::command]
pub fn reveal_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: String,
) -> Result<(), PageError> {
    let path = PathBuf::from(path);
    if !state.exported.contains(&path) {
        return Err(PageError::new(
            Code::UnknownFile,
            "This file was not exported by Enrow Desk.",
        ));
    }
    app.opener()
        .reveal_item_in_dir(&path)
        .map_err(|e| PageError::new(Code::OpenFailed, e.to_string()))
}
