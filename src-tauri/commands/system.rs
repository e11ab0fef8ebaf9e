//! Links, the clipboard, settings and app facts.

use desk::closing::OnClose;
use desk::settings::Language;
use desk::{Code, PageError};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_clipboard_manager::ClipboardExt;

use crate::state::{AppState, off_main};

/// Where Enrow shows the API key.
pub const ENROW_DASHBOARD: &str = "https://app.enrow.io/";

/// Opens a LinkedIn profile or company page in the default browser: exactly the address that
/// was checked, so the page cannot be made to open anything else.
#[tauri::command]
pub fn open_linkedin<R: Runtime>(app: AppHandle<R>, url: String) -> Result<(), PageError> {
    let Some(url) = desk::links::linkedin_profile(&url) else {
        return Err(PageError::new(
            Code::NotLinkedin,
            "Only LinkedIn profile and company links (https://…linkedin.com/in/…) can be opened.",
        ));
    };
    crate::launch::open_url(&app, url.as_str())
        .map_err(|e| PageError::new(Code::OpenFailed, e.to_string()))
}

/// Calls a number through the system's handler for `tel:` links (a phone app, Teams, FaceTime,
/// a softphone): only an E.164 number, so the page cannot make it open anything else.
#[tauri::command]
pub fn call_number<R: Runtime>(app: AppHandle<R>, number: String) -> Result<(), PageError> {
    let number = number.trim();
    if !enrow::export::is_e164(number) {
        return Err(PageError::new(
            Code::NotCallable,
            "Only a complete international number (+ and the country code) can be called.",
        ));
    }
    crate::launch::open_url(&app, &format!("tel:{number}"))
        .map_err(|e| PageError::new(Code::OpenFailed, e.to_string()))
}

#[tauri::command]
pub fn open_enrow_dashboard<R: Runtime>(app: AppHandle<R>) -> Result<(), PageError> {
    crate::launch::open_url(&app, ENROW_DASHBOARD)
        .map_err(|e| PageError::new(Code::OpenFailed, e.to_string()))
}

/// Puts text on the clipboard; rows also go as an HTML table of text cells (see
/// `desk::clipboard`). The clipboard may be slow to answer (a clipboard manager, a remote
/// session): off the UI thread.
#[tauri::command]
pub async fn copy_text<R: Runtime>(app: AppHandle<R>, text: String) -> Result<(), PageError> {
    off_main("Copying", move || {
        let clipboard = app.clipboard();
        let copied = match desk::clipboard::for_clipboard(&text) {
            (plain, Some(html)) => clipboard.write_html(html, Some(plain)),
            (plain, None) => clipboard.write_text(plain),
        };
        copied.map_err(|e| PageError::new(Code::ClipboardFailed, e.to_string()))
    })
    .await
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SettingsView {
    pub language: Language,
    pub check_updates: bool,
    pub on_close: OnClose,
}

impl From<desk::settings::Settings> for SettingsView {
    fn from(settings: desk::settings::Settings) -> Self {
        Self {
            language: settings.language,
            check_updates: settings.check_updates,
            on_close: settings.on_close,
        }
    }
}

#[tauri::command]
pub fn get_settings(state: State<'_, AppState>) -> SettingsView {
    state.desk.settings().into()
}

/// Changes what is given, and waits until it is on disk: off the UI thread.
#[tauri::command]
pub async fn set_settings(
    state: State<'_, AppState>,
    language: Option<Language>,
    check_updates: Option<bool>,
    on_close: Option<OnClose>,
) -> Result<SettingsView, PageError> {
    let desk = state.desk.clone();
    off_main("Saving the settings", move || {
        if let Some(language) = language {
            desk.set_language(language)?;
        }
        if let Some(on) = check_updates {
            desk.set_check_updates(on)?;
        }
        if let Some(on_close) = on_close {
            desk.set_on_close(on_close)?;
        }
        Ok(desk.settings().into())
    })
    .await
}

/// The person's answer when the window was closed while a batch is being checked: keep
/// checking from the tray, or stop and quit; remembered in Settings when asked.
#[tauri::command]
pub async fn answer_close<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    keep_checking: bool,
    remember: bool,
) -> Result<(), PageError> {
    if remember {
        let desk = state.desk.clone();
        let on_close = if keep_checking {
            OnClose::KeepChecking
        } else {
            OnClose::Stop
        };
        // Not remembered when another window holds the settings; the answer still counts.
        let _ = off_main("Saving the settings", move || desk.set_on_close(on_close)).await;
    }
    if keep_checking {
        crate::tray::keep_in_tray(&app);
    } else {
        app.exit(0);
    }
    Ok(())
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    version: String,
    api_url: Option<String>,
    custom_api: bool,
    /// Why `ENROW_API_URL` is refused, when it is.
    api_error: Option<PageError>,
    demo: bool,
    /// Another Enrow Desk holds the data: this window saves nothing.
    read_only: bool,
    /// The system's language as Rust reads it (`en`, `nl` or `fr`), which the page follows when
    /// the setting says "automatic": WebKitGTK says English when the system's locale is not
    /// generated (minimal installs), while Rust reads `LANG` itself, so only one may decide.
    system_language: &'static str,
    /// `linux`, `macos` or `windows`, for the words that differ (what a keychain prompt is).
    platform: &'static str,
}

#[tauri::command]
pub fn app_info<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> AppInfo {
    let (api_url, custom_api, api_error) = match state.desk.base_url() {
        Ok(base) => (Some(base.as_str().to_owned()), !base.is_default(), None),
        Err(error) => (None, true, Some(error)),
    };
    AppInfo {
        version: app.package_info().version.to_string(),
        api_url,
        custom_api,
        api_error,
        demo: state.desk.in_demo(),
        read_only: state.desk.is_read_only(),
        system_language: desk::words::Lang::of(desk::settings::Language::Auto).tag(),
        platform: std::env::consts::OS,
    }
}
