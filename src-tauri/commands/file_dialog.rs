//! The system's open and save dialogs, over the main window, awaited without blocking a thread.

use std::path::PathBuf;

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::FileDialogBuilder;

/// Which of the system's file dialogs to show.
pub enum Ask {
    Open,
    Save,
}

/// Shows the dialog (modal to the main window, so it cannot hide behind it) and waits for the
/// person's answer: `None` when they cancel.
pub async fn ask<R: Runtime>(
    app: &AppHandle<R>,
    mut dialog: FileDialogBuilder<R>,
    ask: Ask,
) -> Option<PathBuf> {
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    let (answer, answered) = tokio::sync::oneshot::channel();
    let reply = move |chosen: Option<tauri_plugin_dialog::FilePath>| {
        let _ = answer.send(chosen.and_then(|path| path.into_path().ok()));
    };
    match ask {
        Ask::Open => dialog.pick_file(reply),
        Ask::Save => dialog.save_file(reply),
    }
    answered.await.ok().flatten()
}
