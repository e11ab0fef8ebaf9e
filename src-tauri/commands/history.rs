//! The history of batches opened on this computer.

use tauri::State;
use tauri::ipc::Channel;

use crate::error::CommandError;
use crate::library::HistoryEvent;
use crate::library::history::HistoryEntry;
use crate::state::AppState;

/// The list now, newest first; every later change goes to `on_event`.
#[tauri::command]
pub fn subscribe_history(
    state: State<'_, AppState>,
    on_event: Channel<HistoryEvent>,
) -> Vec<HistoryEntry> {
    state.library.subscribe(on_event)
}

#[tauri::command]
pub fn rename_batch(
    state: State<'_, AppState>,
    id: String,
    label: String,
) -> Result<HistoryEntry, CommandError> {
    state.library.rename(&id, &label)
}

/// Stops checking a batch and deletes what this computer keeps of it.
#[tauri::command]
pub fn forget_batch(state: State<'_, AppState>, id: String) {
    state.jobs.remove(&id);
    state.library.forget(&id);
}

/// Stops every check and deletes the history, the saved results and the settings.
#[tauri::command]
pub fn clear_local_data(state: State<'_, AppState>) {
    state.jobs.clear();
    state.library.clear();
    log::info!("local data cleared");
}
