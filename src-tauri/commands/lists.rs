//! "Find numbers for a list…": the person's own spreadsheet read and checked, its cost said,
//! sent part by part with their word, and the numbers put back into a copy. The work is
//! `desk::lists`' (and `enrow-submit`'s); reading and writing stay off the UI thread.

use std::path::PathBuf;

use desk::PageError;
use desk::lists::{ListCopy, ListEvent, ListPreview, ListView};
use desk::sheet_merge::MergeSaved;
use desk::words::text;
use enrow::export::ExportLabels;
use merge::ColumnChoice;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};

use super::merge::{ask_where_to_save, ask_which_sheet, picked};
use crate::state::{AppState, off_main};

/// Asks which list to send, and reads and checks it.
#[tauri::command]
pub async fn pick_list_sheet<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<ListPreview>, PageError> {
    let Some(path) = ask_which_sheet(&app, state.desk.lang()).await else {
        return Ok(None);
    };
    state.picked_sheets.remember(path.clone());
    state
        .desk
        .preview_list(&path, None, ColumnChoice::default())
        .await
        .map(Some)
}

/// The list read again: another sheet of it, or the columns the person chose.
#[tauri::command]
pub async fn preview_list(
    state: State<'_, AppState>,
    path: String,
    sheet: Option<String>,
    columns: Option<ColumnChoice>,
) -> Result<ListPreview, PageError> {
    let path = picked(&state, path)?;
    state
        .desk
        .preview_list(&path, sheet, columns.unwrap_or_default())
        .await
}

/// Sends the list the preview `token` names (its `first` searches only, when the balance
/// covers no more; a list sent before only with `again`), telling `on_event` each part's
/// progress.
#[tauri::command]
pub async fn send_list(
    state: State<'_, AppState>,
    token: String,
    first: Option<usize>,
    again: Option<bool>,
    on_event: Channel<ListEvent>,
) -> Result<ListView, PageError> {
    state
        .desk
        .send_list(&token, first, again.unwrap_or(false), super::sink(on_event))
        .await
}

/// Sends one part again at the person's word, also one Enrow may have received.
#[tauri::command]
pub async fn send_list_part_again(
    state: State<'_, AppState>,
    id: String,
    part: usize,
    on_event: Channel<ListEvent>,
) -> Result<ListView, PageError> {
    state
        .desk
        .send_list_part_again(&id, part, super::sink(on_event))
        .await
}

/// Every list sent from this app, oldest first.
#[tauri::command]
pub async fn get_lists(state: State<'_, AppState>) -> Result<Vec<ListView>, PageError> {
    let desk = state.desk.clone();
    off_main("Reading the lists", move || Ok(desk.lists())).await
}

/// Asks where to save the list's copy with the numbers, and writes it. `choose`: the list's
/// file moved, so the person is first asked where it is now.
#[tauri::command]
pub async fn save_list_copy<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
    choose: Option<bool>,
    labels: ExportLabels,
) -> Result<Option<MergeSaved>, PageError> {
    let lang = state.desk.lang();
    let file: Option<PathBuf> = if choose.unwrap_or(false) {
        let Some(path) = ask_which_sheet(&app, lang).await else {
            return Ok(None);
        };
        Some(path)
    } else {
        None
    };
    let desk = state.desk.clone();
    let copy = off_main("Reading the list", move || {
        let (submission, parts) = desk.list_results(&id)?;
        ListCopy::open(submission, parts, file.as_deref())
    })
    .await?;
    let suggested = copy.suggested_output(&text(lang, "merge.fileSuffix", &[]));
    let Some(output) = ask_where_to_save(&app, &suggested, lang).await else {
        return Ok(None);
    };
    let target = output.clone();
    let desk = state.desk.clone();
    let saved = off_main("Saving the copy", move || {
        // Noted before writing, as an export is (see `Desk::writing`).
        let _ = desk.writing(&target);
        let saved = copy.save(&labels, &target);
        desk.written(&target);
        saved
    })
    .await?;
    log::info!(
        "put the numbers of a list into a copy ({} rows with a result)",
        saved.matched
    );
    state.exported.remember(output);
    Ok(Some(saved))
}
