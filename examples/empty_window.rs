//! The floor that scripts/measure-app measures Enrow Desk against: a Tauri 2 window built the
//! same way (same crate versions, plugins, release profile and web view settings) showing an
//! empty page. What the app holds beyond this is the app's own.

use tauri::{WebviewUrl, WebviewWindowBuilder};

fn main() -> Result<(), tauri::Error> {
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
            let window = WebviewWindowBuilder::new(app, "main", blank)
                .title("Empty")
                .build()?;
            // The app's one web view setting on Linux (`webview_memory::at_start`).
            #[cfg(target_os = "linux")]
            let _ = window.with_webview(|webview| {
                use webkit2gtk::{WebContextExt, WebViewExt};
                if let Some(context) = webview.inner().context() {
                    context.set_cache_model(webkit2gtk::CacheModel::DocumentViewer);
                }
            });
            #[cfg(not(target_os = "linux"))]
            let _ = window;
            Ok(())
        })
        .run(context)
}
