//! `enrow-desk://batch/<id>` links: a link in an email, a chat or a CRM opens that batch in the
//! app, running or not, on all three systems.
//!
//! - Windows and Linux start the app with the link as its argument: a second launch hands it to
//!   the running app (single-instance, whose deep-link feature passes it on here too), a first
//!   one finds it among its own arguments (`batch_named`). The installers register the scheme
//!   (NSIS and WiX from `tauri.conf.json`, the `.deb`'s and `.rpm`'s desktop entry with
//!   `MimeType=x-scheme-handler/enrow-desk`); an AppImage, or a build run from source, registers
//!   itself at start.
//! - macOS hands links to the running app as events (the bundle's Info.plist names the scheme),
//!   also the link that started it.

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_deep_link::DeepLinkExt;

use crate::state::AppState;

/// Shows the batch of every link opened from now on, and of the one that started the app.
pub fn listen<R: Runtime>(app: &AppHandle<R>) {
    register(app);
    let handle = app.clone();
    app.deep_link().on_open_url(move |event| {
        for url in event.urls() {
            show(&handle, url.as_str());
        }
    });
    if let Ok(Some(urls)) = app.deep_link().get_current() {
        for url in urls {
            show(app, url.as_str());
        }
    }
}

/// Brings the window forward on the batch a link names; anything else is only logged.
fn show<R: Runtime>(app: &AppHandle<R>, link: &str) {
    match enrow::BatchId::parse_forgiving(link) {
        Ok(id) => {
            crate::raise(app);
            match app.try_state::<AppState>() {
                Some(state) => state.desk.show(id.as_str()),
                None => log::warn!("a link arrived before the app was ready"),
            }
        }
        Err(_) => log::warn!("a link that names no batch was ignored"),
    }
}

/// Makes this copy the handler of the scheme where no installer did: an AppImage, or a build
/// run from source (and the end-to-end tests' debug build). On Linux every start, since an
/// AppImage may have moved; on Windows for debug builds only, since the installers register it.
/// macOS reads it from the bundle. A desktop without `xdg-mime` only loses the links.
fn register<R: Runtime>(app: &AppHandle<R>) {
    #[cfg(any(target_os = "linux", all(windows, debug_assertions)))]
    if let Err(error) = app.deep_link().register_all() {
        log::warn!("enrow-desk links are not registered here: {error}");
    }
    #[cfg(not(any(target_os = "linux", all(windows, debug_assertions))))]
    let _ = app;
}
