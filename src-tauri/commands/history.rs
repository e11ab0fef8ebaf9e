//! The history of batches opened on this computer. Changes are queued for the disk thread, so
//! these return at once.

use desk::PageError;
use desk::history::HistoryEntry;
use desk::library::HistoryEvent;
use tauri::State;
use tauri::ipc::Channel;

use crate::state::AppState;

/// The list now, newest first; every later change goes to `on_event`.
#[tauri::command]
pub fn subscribe_history(
    state: State<'_, AppState>,
    on_event: Channel<HistoryEvent>,
) -> Vec<HistoryEntry> {
    state.desk.subscribe_history(super::sink(on_event))
}

#[tauri::command]
pub fn rename_batch(
    state: State<'_, AppState>,
    id: String,
    label: String,
) -> Result<HistoryEntry, PageError> {
    state.desk.rename(&id, &label)
}

#[tauri::command]
pub fn forget_batch(state: State<'_, AppState>, id: String) -> Result<(), PageError> {
    state.desk.forget(&id)
}

#[tauri::command]
pub fn clear_local_data(state: State<'_, AppState>) {
    state.desk.clear_local_data();
}
