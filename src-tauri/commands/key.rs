//! The API key: checked with Enrow, then kept in the keychain (or for this session).

use enrow::ApiKey;
use serde::Serialize;
use tauri::State;

use crate::error::CommandError;
use crate::keys::KeyStatus;
use crate::state::AppState;

#[derive(Debug, Serialize)]
pub struct KeySaved {
    status: KeyStatus,
    credits: Option<u64>,
}

#[derive(Debug, Serialize)]
pub struct Account {
    credits: Option<u64>,
}

#[tauri::command]
pub async fn get_key_status(state: State<'_, AppState>) -> Result<KeyStatus, CommandError> {
    let status = state.keys.status().await;
    Ok(if state.in_demo() {
        KeyStatus::demo(status.keychain_available)
    } else {
        status
    })
}

/// Checks `key` with Enrow (free) and keeps it only if Enrow accepts it.
#[tauri::command]
pub async fn save_key(
    state: State<'_, AppState>,
    key: String,
    session_only: bool,
) -> Result<KeySaved, CommandError> {
    let key = ApiKey::new(&key)?;
    let account = state
        .client(&key, state.base_url()?)?
        .account_info()
        .await?;
    state.keys.save(key, session_only).await?;
    log::info!(
        "API key saved ({})",
        if session_only { "session" } else { "keychain" }
    );
    Ok(KeySaved {
        status: state.keys.status().await,
        credits: account.credits,
    })
}

#[tauri::command]
pub async fn remove_key(state: State<'_, AppState>) -> Result<KeyStatus, CommandError> {
    state.keys.remove().await?;
    log::info!("API key removed");
    Ok(state.keys.status().await)
}

#[tauri::command]
pub async fn get_account(state: State<'_, AppState>) -> Result<Account, CommandError> {
    let (key, base) = state.credentials().await?;
    let info = state.client(&key, &base)?.account_info().await?;
    Ok(Account {
        credits: info.credits,
    })
}
