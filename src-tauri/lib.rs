//! Enrow Desk, the desktop app: a thin Tauri shell over the `enrow` engine.
//!
//! `run_app` wires the plugins, the state and the commands onto any Tauri runtime, so the same
//! setup runs in the real window and under `tauri::test::mock_builder()`.

pub mod commands;
pub mod error;
pub mod jobs;
pub mod keys;
pub mod state;
pub mod view;

use tauri::{Builder, Runtime};

pub use crate::state::AppState;

/// Plugins, state and commands, on any runtime. Tests pass their own state (a fake Enrow, a
/// throw-away keychain entry); the app passes `AppState::from_env()`.
pub fn run_app<R: Runtime>(builder: Builder<R>, state: AppState) -> Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_store::Builder::default().build())
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::key::get_key_status,
            commands::key::save_key,
            commands::key::remove_key,
            commands::key::get_account,
            commands::batch::open_batch,
            commands::batch::stop_watch,
            commands::batch::check_now,
            commands::batch::get_batch,
            commands::batch::get_rows,
            commands::export::export_batch,
            commands::export::reveal_export,
            commands::system::open_linkedin,
            commands::system::open_enrow_dashboard,
            commands::system::copy_text,
            commands::system::get_settings,
            commands::system::set_settings,
            commands::system::app_info,
        ])
}

/// Starts the desktop app.
pub fn run() -> Result<(), tauri::Error> {
    let builder = tauri::Builder::default()
        .plugin(
            tauri_plugin_log::Builder::new()
                // Our own lines only name batches by their short id and never carry the key or
                // phone numbers; the HTTP stack's chatter stays out.
                .level(log::LevelFilter::Info)
                .level_for("hyper", log::LevelFilter::Warn)
                .level_for("reqwest", log::LevelFilter::Warn)
                .level_for("rustls", log::LevelFilter::Warn)
                .target(tauri_plugin_log::Target::new(
                    tauri_plugin_log::TargetKind::LogDir { file_name: None },
                ))
                .target(tauri_plugin_log::Target::new(
                    tauri_plugin_log::TargetKind::Stdout,
                ))
                .build(),
        )
        .plugin(tauri_plugin_window_state::Builder::default().build());
    run_app(builder, AppState::from_env()).run(tauri::generate_context!())
}
