//! The floor that scripts/measure-app measures Enrow Desk against: a Tauri 2 window built the
//! same way (same crate versions, plugins, release profile and web view settings) showing an
//! empty page. What the app holds beyond this is the app's own.

use tauri::{WebviewUrl, WebviewWindowBuilder};

fn main() -> Result<(), tauri::Error> {
    // The app's WebKit environment too. SAFETY: first in `main`, before any other thread.
    unsafe { enrow_desk::webkit_environment::before_any_thread() };
    let mut context = tauri::generate_context!();
    // Not the app's window and page: one window with nothing in it.
    context.config_mut().app.windows.clear();
    tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|_, _, _| {}))
        .plugin(tauri_plugin_log::Builder::new().build())
        .plugin(tauri_plugin_deep_link::init())
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_updater::Builder::new().build())
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_notification::init())
        .setup(|app| {
            let blank =
                WebviewUrl::External("about:blank".parse().map_err(tauri::Error::InvalidUrl)?);
            WebviewWindowBuilder::new(app, "main", blank)
                .title("Empty")
                .build()?;
            // The app's own web view settings, from the app's own code.
            enrow_desk::webview_memory::at_start(app);
            Ok(())
        })
        .run(context)
}
