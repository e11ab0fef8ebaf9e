//! Enrow Desk, the desktop app: a thin Tauri shell over the `enrow` engine.
//!
//! `run_app` wires the plugins, the state and the commands onto any Tauri runtime, so the same
//! setup runs in the real window and under `tauri::test::mock_builder()`.

pub mod commands;
pub mod error;
pub mod jobs;
pub mod keys;
pub mod library;
mod lock;
pub mod state;
pub mod view;

use std::sync::{Arc, Mutex};

use enrow::BatchId;
use enrow::atomic::remove_leftovers;
use enrow::export::FILE_NAME_PREFIX;
use tauri::{AppHandle, Builder, Manager, Runtime, WindowEvent};
use tauri_plugin_notification::NotificationExt;

use crate::jobs::{Jobs, OnFinished};
use crate::library::Library;
use crate::library::history::HistoryEntry;
use crate::library::notice;
use crate::lock::lock;
pub use crate::state::{AppState, Setup};

/// The batch whose "ready" notice went out last, shown when the window comes forward.
#[derive(Default)]
struct NoticeShown(Mutex<Option<String>>);

/// Plugins and commands, on any runtime. Build the app, then [`start`] it with its state.
pub fn run_app<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_notification::init())
        .manage(NoticeShown::default())
        .on_window_event(|window, event| {
            // Clicking a notice brings the app forward: show the batch it was about.
            if let WindowEvent::Focused(true) = event {
                let app = window.app_handle();
                let pending = lock(&app.state::<NoticeShown>().0).take();
                if let (Some(id), Some(state)) = (pending, app.try_state::<AppState>()) {
                    state.library.show(&id);
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
            commands::system::open_linkedin,
            commands::system::open_enrow_dashboard,
            commands::system::copy_text,
            commands::system::get_settings,
            commands::system::set_settings,
            commands::system::app_info,
        ])
}

/// Gives a built app its state: the library in its data folder, the jobs, and the watches to
/// resume. Tests pass their own `Setup` (a fake Enrow, a throw-away keychain entry and data
/// folder); the app passes `Setup::from_env()`.
pub fn start<R: Runtime>(app: &tauri::App<R>, setup: Setup) -> Result<(), tauri::Error> {
    let folder = match setup.data_dir.clone() {
        Some(folder) => folder,
        None => app.path().app_data_dir()?,
    };
    let mut library = Library::open(folder);
    if let Ok(logs) = app.path().app_log_dir() {
        library = library.with_logs(logs);
    }
    let library = Arc::new(library);
    // An export cut short by a crash leaves its hidden temporary file next to where it was
    // going; the real file was never touched.
    let export_folders = [library.settings().last_export_dir, setup.export_dir.clone()];
    for folder in export_folders.iter().flatten() {
        for leftover in remove_leftovers(folder, FILE_NAME_PREFIX) {
            log::info!("removed an interrupted export: {}", leftover.display());
        }
    }
    let jobs = Jobs::new(Arc::clone(&library), notify_when_away(app.handle().clone()));
    app.manage(AppState::new(setup, library, jobs));
    resume_watches(app.handle());
    Ok(())
}

/// A system notice when a batch finishes while the window is not in front.
fn notify_when_away<R: Runtime>(app: AppHandle<R>) -> OnFinished {
    Arc::new(move |entry: &HistoryEntry| {
        let in_front = app
            .get_webview_window("main")
            .and_then(|window| window.is_focused().ok())
            .unwrap_or(false);
        if in_front {
            return;
        }
        let language = notice::language(app.state::<AppState>().library.settings().language);
        let (title, body) = notice::text(entry, language);
        match app.notification().builder().title(title).body(body).show() {
            Ok(()) => {
                *lock(&app.state::<NoticeShown>().0) = Some(entry.id.clone());
            }
            Err(error) => log::warn!("notice not shown: {error}"),
        }
    })
}

/// Batches still being checked when the app last closed (or crashed) are checked again.
/// Demo batches are not: their server went away with the app.
fn resume_watches<R: Runtime>(app: &AppHandle<R>) {
    let state = app.state::<AppState>();
    for entry in state.library.entries().into_iter().filter(|e| e.demo) {
        state.library.forget(&entry.id);
    }
    let ids: Vec<BatchId> = state
        .library
        .entries()
        .into_iter()
        .filter(|entry| entry.watching)
        .filter_map(|entry| BatchId::parse_forgiving(&entry.id).ok())
        .collect();
    if ids.is_empty() {
        return;
    }
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        for id in ids {
            log::info!("resuming batch {}", id.short());
            let job = state.jobs.get_or_create(&id);
            if let Err(error) = commands::batch::watch(&state, &job).await {
                state.library.watch_ended(id.as_str(), Some(&error));
            }
        }
    });
}

/// The page is one local document, never a website to browse back and forth in, so WebKit's
/// browser caches only cost memory.
fn lean_webview<R: Runtime>(app: &tauri::App<R>) {
    #[cfg(target_os = "linux")]
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.with_webview(|webview| {
            use webkit2gtk::{WebContextExt, WebViewExt};
            if let Some(context) = webview.inner().context() {
                context.set_cache_model(webkit2gtk::CacheModel::DocumentViewer);
            }
        });
    }
    #[cfg(not(target_os = "linux"))]
    let _ = app;
}

/// Starts the desktop app.
pub fn run() -> Result<(), tauri::Error> {
    let builder = tauri::Builder::default()
        .plugin(
            tauri_plugin_log::Builder::new()
                // Our own lines only name batches by their short id and never carry the key or
                // phone numbers. Other crates speak only of problems: the HTTP, TLS and D-Bus
                // stacks are chatty at info level, and the keychain's D-Bus traffic has no place
                // in a log file.
                .level(log::LevelFilter::Warn)
                .level_for("enrow_desk", log::LevelFilter::Info)
                .target(tauri_plugin_log::Target::new(
                    tauri_plugin_log::TargetKind::LogDir { file_name: None },
                ))
                .target(tauri_plugin_log::Target::new(
                    tauri_plugin_log::TargetKind::Stdout,
                ))
                .build(),
        )
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .setup(|app| {
            lean_webview(app);
            Ok(())
        });
    let app = run_app(builder).build(tauri::generate_context!())?;
    start(&app, Setup::from_env())?;
    app.run(|_, _| {});
    Ok(())
}
