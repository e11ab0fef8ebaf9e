//! The API key: checked with Enrow, then kept in the keychain (or for this session).

use desk::keys::KeyStatus;
use desk::{KeySaved, PageError};
use serde::Serialize;
use tauri::State;

use crate::state::AppState;

#[derive(Debug, Serialize)]
pub struct Account {
    credits: Option<u64>,
}

#[tauri::command]
pub async fn get_key_status(state: State<'_, AppState>) -> Result<KeyStatus, PageError> {
    Ok(state.desk.key_status().await)
}

#[tauri::command]
pub async fn save_key(
    state: State<'_, AppState>,
    key: String,
    session_only: bool,
) -> Result<KeySaved, PageError> {
    state.desk.save_key(&key, session_only).await
}

#[tauri::command]
pub async fn remove_key(state: State<'_, AppState>) -> Result<KeyStatus, PageError> {
    state.desk.remove_key().await
}

#[tauri::command]
pub async fn get_account(state: State<'_, AppState>) -> Result<Account, PageError> {
    let info = state.desk.account().await?;
    Ok(Account {
        credits: info.credits,
    })
}
