//! Enrow Desk, the desktop app: a thin Tauri shell over the `desk` core and the `enrow` engine.
//!
//! `run_app` wires the plugins and the commands onto any Tauri runtime, so the same setup runs
//! in the real window and under `tauri::test::mock_builder()`; `start` gives a built app its
//! core. Everything else (the history, the watches, the key, the demo) lives in the core.

pub mod commands;
mod heap_trim;
mod launch;
mod links;
mod notices;
pub mod state;
mod tray;
// Public for examples/empty_window.rs, the floor the app is measured against: same settings.
pub mod webkit_environment;
pub mod webview_memory;

use std::sync::Arc;
use std::time::Duration;

use desk::closing::Closing;
use desk::keys::KEYCHAIN_TIMEOUT;
use desk::{Desk, DeskConfig};
use enrow::BatchId;
use tauri::{App, AppHandle, Builder, Manager, RunEvent, Runtime, WindowEvent};

pub use crate::state::{AppState, Setup};

/// Plugins and commands, on any runtime. Build the app, then [`start`] it with its state.
pub fn run_app<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_notification::init())
        .on_window_event(|window, event| {
            // Minimised, restored, hidden or shown again: see `webview_memory`.
            if matches!(event, WindowEvent::Resized(_) | WindowEvent::Focused(_)) {
                webview_memory::follow_window(window);
            }
            if let WindowEvent::CloseRequested { api, .. } = event
                && let Some(state) = window.app_handle().try_state::<AppState>()
            {
                // Whatever was changed is on disk before the window goes.
                state.desk.flush();
                match state.desk.closing() {
                    Closing::Quit => {}
                    Closing::Hide => {
                        api.prevent_close();
                        let _ = window.hide();
                        webview_memory::follow_window(window);
                    }
                    Closing::KeepInTray => {
                        api.prevent_close();
                        tray::keep_in_tray(window.app_handle());
                    }
                    // The page asks; its answer comes back through `answer_close`.
                    Closing::Ask => api.prevent_close(),
                }
            }
        })
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
            commands::history::subscribe_history,
            commands::history::rename_batch,
            commands::history::forget_batch,
            commands::history::clear_local_data,
            commands::demo::start_demo,
            commands::demo::leave_demo,
            commands::export::export_batch,
            commands::export::reveal_export,
            commands::merge::pick_merge_sheet,
            commands::merge::preview_merge,
            commands::merge::save_merge,
            commands::lists::pick_list_sheet,
            commands::lists::preview_list,
            commands::lists::send_list,
            commands::lists::send_list_part_again,
            commands::lists::get_lists,
            commands::lists::save_list_copy,
            commands::system::open_linkedin,
            commands::system::open_enrow_dashboard,
            commands::system::call_number,
            commands::system::copy_text,
            commands::system::get_settings,
            commands::system::set_settings,
            commands::system::app_info,
            commands::system::answer_close,
            commands::updates::check_for_update,
            commands::updates::install_update,
            commands::updates::open_releases_page,
        ])
}

/// Gives a built app its core: the data folder, the keychain entry, the watches to resume.
/// Tests pass their own `Setup` (a fake Enrow, a throw-away keychain entry and data folder);
/// the app passes `Setup::from_env()`.
pub fn start<R: Runtime>(app: &App<R>, setup: Setup) -> Result<(), tauri::Error> {
    let data_dir = match setup.data_dir.clone() {
        Some(folder) => folder,
        None => app.path().app_data_dir()?,
    };
    // One TLS back end for every HTTP client in the app (ours, the updater's).
    enrow::install_crypto_provider();
    let runtime = tauri::async_runtime::handle().inner().clone();
    let desk = Arc::new(Desk::open(DeskConfig {
        data_dir,
        logs_dir: app.path().app_log_dir().ok(),
        api: setup.api,
        secrets: Arc::new(setup.keychain),
        keychain_timeout: KEYCHAIN_TIMEOUT,
        runtime,
        on_finished: notices::when_away(app.handle().clone()),
        watch: DeskConfig::patient_watch(),
        // Long enough to see the demo's progress move, short enough not to bore.
        demo_latency: Duration::from_millis(150),
        user_agent: format!("EnrowDesk/{} (desktop)", env!("CARGO_PKG_VERSION")),
    }));
    app.manage(AppState::new(Arc::clone(&desk), setup.export_dir.clone()));
    notices::on_click(app.handle());
    sweep_interrupted_exports(&desk, setup.export_dir);
    if let Some(id) = batch_named(std::env::args()) {
        desk.show(id.as_str());
    }
    tauri::async_runtime::spawn(async move { desk.resume_watches().await });
    Ok(())
}

/// An export or merged copy cut short by a crash leaves its hidden temporary file next to where
/// it was going (the real file was never touched). Swept on a blocking thread: a folder may be
/// a network share that no longer answers. Only by the app that holds the data folder.
fn sweep_interrupted_exports(desk: &Arc<Desk>, test_folder: Option<std::path::PathBuf>) {
    let desk = Arc::clone(desk);
    tauri::async_runtime::spawn_blocking(move || {
        let folders: Vec<_> = test_folder.into_iter().collect();
        for leftover in desk.sweep_interrupted_writes(&folders) {
            log::info!("removed an interrupted export: {}", leftover.display());
        }
    });
}

/// The batch named on a command line (`enrow-desk <batch id or link>`), if any.
pub fn batch_named(args: impl IntoIterator<Item = String>) -> Option<BatchId> {
    args.into_iter()
        .skip(1)
        .find_map(|arg| BatchId::parse_forgiving(&arg).ok())
}

/// Brings the window to the front.
pub(crate) fn raise<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// Starts the desktop app.
pub fn run() -> Result<(), tauri::Error> {
    let builder = tauri::Builder::default()
        // First, so a second launch hands over its command line and exits before doing
        // anything else.
        .plugin(tauri_plugin_single_instance::init(|app, args, _cwd| {
            raise(app);
            if let (Some(id), Some(state)) = (batch_named(args), app.try_state::<AppState>()) {
                state.desk.show(id.as_str());
            }
        }))
        .plugin(
            tauri_plugin_log::Builder::new()
                // Our own lines only name batches by their short id and never carry the key or
                // phone numbers. Other crates speak only of problems: the HTTP, TLS and D-Bus
                // stacks are chatty at info level, and the keychain's D-Bus traffic has no place
                // in a log file.
                .level(log::LevelFilter::Warn)
                .level_for("enrow_desk", log::LevelFilter::Info)
                .level_for("desk", log::LevelFilter::Info)
                .target(tauri_plugin_log::Target::new(
                    tauri_plugin_log::TargetKind::LogDir { file_name: None },
                ))
                .target(tauri_plugin_log::Target::new(
                    tauri_plugin_log::TargetKind::Stdout,
                ))
                .build(),
        )
        // After single-instance: a link opened while the app runs arrives here from the launch
        // it started (Windows, Linux), or from the system (macOS, which hands links to the
        // running app and never starts a second one).
        .plugin(tauri_plugin_deep_link::init())
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_updater::Builder::new().build())
        .setup(|app| {
            webview_memory::at_start(app);
            links::listen(app.handle());
            Ok(())
        });
    let app = run_app(builder).build(tauri::generate_context!())?;
    start(&app, Setup::from_env())?;
    app.run(|app, event| match event {
        // Every change reaches the disk, and batches being watched are still marked so, to be
        // picked up at the next start.
        RunEvent::Exit => {
            if let Some(state) = app.try_state::<AppState>() {
                state.desk.shut_down();
            }
        }
        // macOS: a click on the Dock icon of an app whose window was closed shows it again.
        #[cfg(target_os = "macos")]
        RunEvent::Reopen {
            has_visible_windows: false,
            ..
        } => raise(app),
        _ => {}
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_batch_named_on_the_command_line_is_found() {
        let id = "e3b61122-d6a6-4ea7-b331-9b734682a76a";
        assert_eq!(
            batch_named(args(&["enrow-desk", id])).map(|id| id.to_string()),
            Some(id.to_owned())
        );
        let link = format!("https://app.enrow.io/bulk?id={id}");
        assert_eq!(
            batch_named(args(&["enrow-desk", "--flag", &link])).map(|id| id.to_string()),
            Some(id.to_owned())
        );
        assert_eq!(batch_named(args(&["enrow-desk"])), None);
        assert_eq!(batch_named(args(&["enrow-desk", "hello"])), None);
        // The program's own path never counts, even when it looks like an id.
        assert_eq!(batch_named(args(&[id])), None);
    }
}
