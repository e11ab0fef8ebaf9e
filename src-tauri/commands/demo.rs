//! The demo: the app working on sample data from a built-in Enrow fake on 127.0.0.1, through
//! the same client, watcher and exporters as the real thing, in a space of its own.

use desk::PageError;
use desk::keys::KeyStatus;
use serde::Serialize;
use tauri::State;

use crate::state::AppState;

#[derive(Debug, Serialize)]
pub struct DemoStarted {
    id: String,
}

#[tauri::command]
pub async fn start_demo(state: State<'_, AppState>) -> Result<DemoStarted, PageError> {
    Ok(DemoStarted {
        id: state.desk.start_demo().await?,
    })
}

/// Back to the real set-up: the demo's batches and server go, nothing else.
#[tauri::command]
pub async fn leave_demo(state: State<'_, AppState>) -> Result<KeyStatus, PageError> {
    Ok(state.desk.leave_demo().await)
}
