//! System notices: "Batch ‘Q4 leads’ is ready" when a batch finishes while the window is not in
//! front, and a click on one brings the window forward on that batch. Clicks come from the
//! notification plugin's `on_action` (2.6 and later), each notice named by its own id.

use std::sync::Arc;

use desk::history::HistoryEntry;
use desk::jobs::OnFinished;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

use crate::state::AppState;

/// Shows a notice for a finished batch, unless the window is in front.
pub fn when_away<R: Runtime>(app: AppHandle<R>) -> OnFinished {
    Arc::new(move |entry: &HistoryEntry| {
        let in_front = app
            .get_webview_window("main")
            .and_then(|window| window.is_focused().ok())
            .unwrap_or(false);
        let Some(state) = app.try_state::<AppState>() else {
            return;
        };
        if in_front {
            return;
        }
        let (title, body) = desk::notice::text_of(entry, state.desk.lang());
        let id = state.remember_notice(&entry.id);
        let shown = app
            .notification()
            .builder()
            .id(id)
            .title(title)
            .body(body)
            .show();
        if let Err(error) = shown {
            log::warn!("notice not shown: {error}");
        }
    })
}

/// A click on a notice raises the window and shows the batch it was about.
pub fn on_click<R: Runtime>(app: &AppHandle<R>) {
    let handle = app.clone();
    let registered = app.notification().on_action(move |performed| {
        if performed.action_id() != "tap" {
            return;
        }
        let Some(state) = handle.try_state::<AppState>() else {
            return;
        };
        let notice = performed.notification().map(|n| n.id());
        if let Some(batch) = state.notice_batch(notice) {
            crate::raise(&handle);
            state.desk.show(&batch);
        }
    });
    if let Err(error) = registered {
        log::warn!("notice clicks will not be heard: {error}");
    }
}
