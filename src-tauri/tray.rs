//! The tray icon the app keeps checking batches from once its window is closed (Windows, Linux;
//! a Mac app keeps running from the Dock instead). Made when first needed: most people never
//! close the window while a batch runs, and an icon that is always there would only be noise.

use tauri::menu::{Menu, MenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Manager, Runtime};

use crate::state::AppState;

const TRAY_ID: &str = "enrow-desk";

/// Hides the window into the tray; false when no tray could be made (a Linux desktop without
/// a tray host), and then the window is only minimised, so it can always be found again.
pub fn keep_in_tray<R: Runtime>(app: &AppHandle<R>) -> bool {
    let made = app.tray_by_id(TRAY_ID).is_some() || make(app).is_ok();
    if let Some(window) = app.get_webview_window("main") {
        let _ = if made {
            window.hide()
        } else {
            window.minimize()
        };
    }
    if !made {
        log::warn!("no tray here: the window was minimised instead of hidden");
    }
    made
}

fn make<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let lang = app
        .try_state::<AppState>()
        .map_or(desk::words::Lang::En, |state| state.desk.lang());
    let word = |key: &str| desk::words::text(lang, key, &[]);
    let show = MenuItem::with_id(app, "show", word("tray.show"), true, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", word("tray.quit"), true, None::<&str>)?;
    let menu = Menu::with_items(app, &[&show, &quit])?;
    let mut tray = TrayIconBuilder::with_id(TRAY_ID)
        .tooltip(word("tray.tooltip"))
        .menu(&menu)
        .show_menu_on_left_click(false)
        .on_menu_event(|app, event| match event.id().as_ref() {
            "show" => crate::raise(app),
            // Quitting stops the watches quietly: they resume at the next start.
            "quit" => app.exit(0),
            _ => {}
        })
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                button_state: MouseButtonState::Up,
                ..
            } = event
            {
                crate::raise(tray.app_handle());
            }
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    Ok(())
}
