//! Exports: a native save dialog, then the engine's atomic writers, off the UI thread.

use std::path::PathBuf;

use enrow::export::{
    Delimiter, ExportLabels, ExportOptions, Format, default_file_name, export_to_path,
};
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use crate::error::CommandError;
use crate::state::AppState;

#[derive(Debug, Serialize)]
pub struct Exported {
    path: String,
    rows: usize,
}

/// Asks where to save (unless the test folder is set), writes the file, and returns where it
/// went; `None` when the person cancelled the dialog.
#[tauri::command]
pub async fn export_batch<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
    format: Format,
    delimiter: Delimiter,
    found_only: bool,
    labels: ExportLabels,
) -> Result<Option<Exported>, CommandError> {
    let job = state.jobs.get(&id)?;
    let fetched = job
        .fetched()
        .ok_or_else(|| CommandError::unknown_batch(&id))?;
    let today = time::OffsetDateTime::now_local()
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc())
        .date();
    let file_name = default_file_name(&job.id, today, format, found_only);
    let path = match &state.export_dir_override {
        Some(dir) => dir.join(&file_name),
        None => {
            let last_dir = state.library.settings().last_export_dir;
            match ask_where(&app, &file_name, format, &labels, last_dir).await {
                Some(path) => path,
                None => return Ok(None),
            }
        }
    };
    let options = ExportOptions {
        found_only,
        delimiter,
        labels,
        ..ExportOptions::new(format)
    };
    let folder = path.parent().map(PathBuf::from);
    // Noted before writing, so that a crash mid-export is cleaned up at the next start, and the
    // next save dialog opens here. A convenience only: the export goes ahead without it.
    let _ = state.library.set_settings(|s| s.last_export_dir = folder);
    let target = path.clone();
    let report =
        tauri::async_runtime::spawn_blocking(move || export_to_path(&fetched, &target, &options))
            .await
            .map_err(|_| CommandError::new("write_failed", "The export stopped unexpectedly."))??;
    log::info!("exported {} rows as {}", report.rows, format.extension());
    state.exported().insert(path.clone());
    Ok(Some(Exported {
        path: path.to_string_lossy().into_owned(),
        rows: report.rows,
    }))
}

async fn ask_where<R: Runtime>(
    app: &AppHandle<R>,
    file_name: &str,
    format: Format,
    labels: &ExportLabels,
    last_dir: Option<PathBuf>,
) -> Option<PathBuf> {
    let (answer, answered) = tokio::sync::oneshot::channel();
    let mut dialog = app
        .dialog()
        .file()
        .set_file_name(file_name)
        .add_filter(filter_name(format, labels), &[format.extension()]);
    if let Some(folder) = last_dir
        .filter(|dir| dir.is_dir())
        .or_else(|| app.path().document_dir().ok())
    {
        dialog = dialog.set_directory(folder);
    }
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    dialog.save_file(move |chosen| {
        let _ = answer.send(chosen.and_then(|path| path.into_path().ok()));
    });
    answered.await.ok().flatten()
}

fn filter_name(format: Format, labels: &ExportLabels) -> String {
    match format {
        Format::Xlsx => format!("Excel ({})", labels.results_sheet),
        Format::Csv => "CSV".to_owned(),
        Format::Json => "JSON".to_owned(),
    }
}

/// "Show in folder", only for files this app wrote.
#[tauri::command]
pub fn reveal_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: String,
) -> Result<(), CommandError> {
    let path = PathBuf::from(path);
    let known = state.exported().contains(&path);
    if !known {
        return Err(CommandError::new(
            "unknown_file",
            "This file was not exported by Enrow Desk.",
        ));
    }
    app.opener()
        .reveal_item_in_dir(&path)
        .map_err(|e| CommandError::new("open_failed", e.to_string()))
}
