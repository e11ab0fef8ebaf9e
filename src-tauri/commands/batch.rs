//! Opening, watching and reading batches.

use std::sync::Arc;

use enrow::BatchId;
use serde::Serialize;
use tauri::State;
use tauri::ipc::Channel;

use crate::error::CommandError;
use crate::jobs::{BatchEvent, Job};
use crate::state::AppState;
use crate::view::{BatchSummary, Rows};

#[derive(Debug, Serialize)]
pub struct Opened {
    id: String,
}

/// Finds the id in what was pasted, then shows the batch: a running one is re-attached, a
/// completed one saved on this computer is read back without asking Enrow, anything else is
/// fetched and watched.
#[tauri::command]
pub async fn open_batch(
    state: State<'_, AppState>,
    pasted: String,
    on_event: Channel<BatchEvent>,
) -> Result<Opened, CommandError> {
    let id = BatchId::parse_forgiving(&pasted).map_err(enrow::EnrowError::from)?;
    let job = state.jobs.get_or_create(&id);
    let entry = state.library.opened(id.as_str(), state.in_demo());
    job.subscribe(on_event);
    if job.is_running() || job.is_done() {
        return Ok(Opened { id: id.to_string() });
    }
    let saved = entry
        .cached
        .then(|| state.library.cached(id.as_str()))
        .flatten();
    match saved {
        Some(fetched) => job.load_saved(fetched, entry.last_checked_at.unwrap_or_default()),
        None => watch(&state, &job).await?,
    }
    Ok(Opened { id: id.to_string() })
}

#[tauri::command]
pub fn stop_watch(state: State<'_, AppState>, id: String) -> Result<(), CommandError> {
    state.jobs.get(&id)?.stop();
    Ok(())
}

/// Checks at once: hurries a running watch, or starts a new one (to refresh a finished batch
/// or retry after an error).
#[tauri::command]
pub async fn check_now(state: State<'_, AppState>, id: String) -> Result<(), CommandError> {
    let job = state.jobs.get(&id)?;
    if !job.hurry() {
        watch(&state, &job).await?;
    }
    Ok(())
}

#[tauri::command]
pub fn get_batch(state: State<'_, AppState>, id: String) -> Result<BatchSummary, CommandError> {
    state
        .jobs
        .get(&id)?
        .summary()
        .ok_or_else(|| CommandError::unknown_batch(&id))
}

#[tauri::command]
pub fn get_rows(state: State<'_, AppState>, id: String) -> Result<Rows, CommandError> {
    let fetched = state
        .jobs
        .get(&id)?
        .fetched()
        .ok_or_else(|| CommandError::unknown_batch(&id))?;
    Ok(Rows::of(fetched))
}

pub async fn watch(state: &AppState, job: &Arc<Job>) -> Result<(), CommandError> {
    let (key, base) = state.credentials().await?;
    job.start_watch(state.watch_client(&key, &base)?, state.watch_config());
    Ok(())
}
