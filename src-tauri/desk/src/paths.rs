//! Where the desktop app keeps its data, for programs without Tauri (`enrow-batch`). The app
//! itself asks Tauri's path API, which resolves the same folder: the platform's data folder
//! (`~/.local/share`, `~/Library/Application Support`, `%APPDATA%`) and the app's identifier.

use std::path::PathBuf;

/// The app's identifier, as in `tauri.conf.json`.
pub const IDENTIFIER: &str = "app.enrowdesk.desktop";

/// Replaces the data folder, for tests and for people who moved it.
pub const DATA_DIR_ENV: &str = "ENROW_DESK_DATA_DIR";

pub fn data_dir() -> Option<PathBuf> {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => dirs::data_dir().map(|dir| dir.join(IDENTIFIER)),
    }
}

/// Where the app's log is, as Tauri's path API puts it: `~/Library/Logs/<identifier>` on macOS,
/// `<local data folder>/<identifier>/logs` elsewhere. For the message shown when the app could
/// not start, when Tauri itself is not there to ask.
pub fn log_dir() -> Option<PathBuf> {
    #[cfg(target_os = "macos")]
    let dir = dirs::home_dir().map(|home| home.join("Library").join("Logs").join(IDENTIFIER));
    #[cfg(not(target_os = "macos"))]
    let dir = dirs::data_local_dir().map(|dir| dir.join(IDENTIFIER).join("logs"));
    dir
}
