//! Opening, watching and reading batches.

use desk::PageError;
use desk::jobs::BatchEvent;
use desk::view::{BatchSummary, Rows};
use serde::Serialize;
use tauri::State;
use tauri::ipc::Channel;

use crate::state::{AppState, off_main};

#[derive(Debug, Serialize)]
pub struct Opened {
    id: String,
}

#[tauri::command]
pub async fn open_batch(
    state: State<'_, AppState>,
    pasted: String,
    on_event: Channel<BatchEvent>,
) -> Result<Opened, PageError> {
    let id = state
        .desk
        .open_batch(&pasted, super::sink(on_event))
        .await?;
    Ok(Opened { id: id.to_string() })
}

#[tauri::command]
pub fn stop_watch(state: State<'_, AppState>, id: String) -> Result<(), PageError> {
    state.desk.stop_watch(&id)
}

#[tauri::command]
pub async fn check_now(state: State<'_, AppState>, id: String) -> Result<(), PageError> {
    state.desk.check_now(&id).await
}

#[tauri::command]
pub fn get_batch(state: State<'_, AppState>, id: String) -> Result<BatchSummary, PageError> {
    state.desk.summary(&id)
}

/// The rows are read back from disk (up to 100,000 of them): off the UI thread.
#[tauri::command]
pub async fn get_rows(state: State<'_, AppState>, id: String) -> Result<Rows, PageError> {
    let desk = state.desk.clone();
    let rows = off_main("Reading the results", move || desk.rows(&id)).await;
    crate::heap_trim::soon();
    rows
}
