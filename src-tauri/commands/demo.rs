//! The demo: the app working on sample data from a built-in Enrow fake on 127.0.0.1, through
//! the same client, watcher and exporters as the real thing, without an account or a key.

use serde::Serialize;
use tauri::State;

use crate::error::CommandError;
use crate::keys::KeyStatus;
use crate::state::AppState;

#[derive(Debug, Serialize)]
pub struct DemoStarted {
    id: String,
}

#[tauri::command]
pub async fn start_demo(state: State<'_, AppState>) -> Result<DemoStarted, CommandError> {
    let (server, _) = state.start_demo_server().await?;
    let id = server.create_demo_batch()?;
    state.library.opened(&id, true);
    state.library.rename(&id, "Trade fair leads (demo)")?;
    log::info!("demo started");
    Ok(DemoStarted { id })
}

/// Back to the real set-up: the demo's batches and server go away.
#[tauri::command]
pub async fn leave_demo(state: State<'_, AppState>) -> Result<KeyStatus, CommandError> {
    for entry in state.library.entries().into_iter().filter(|e| e.demo) {
        state.jobs.remove(&entry.id);
        state.library.forget(&entry.id);
    }
    state.stop_demo_server().await;
    log::info!("demo left");
    Ok(state.keys.status().await)
}
