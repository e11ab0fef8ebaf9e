//! Links, the clipboard, settings and app facts.

use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_clipboard_manager::ClipboardExt;
use tauri_plugin_opener::OpenerExt;

use crate::error::CommandError;
use crate::library::settings::Language;
use crate::state::AppState;

/// Where Enrow shows the API key.
pub const ENROW_DASHBOARD: &str = "https://app.enrow.io/";

/// Opens a LinkedIn profile in the default browser; any other address is refused, so the page
/// cannot be made to open arbitrary links.
#[tauri::command]
pub fn open_linkedin<R: Runtime>(app: AppHandle<R>, url: String) -> Result<(), CommandError> {
    if !is_linkedin_url(&url) {
        return Err(CommandError::new(
            "not_linkedin",
            "Only LinkedIn profile links (https://…linkedin.com/…) can be opened.",
        ));
    }
    app.opener()
        .open_url(url, None::<&str>)
        .map_err(|e| CommandError::new("open_failed", e.to_string()))
}

#[tauri::command]
pub fn open_enrow_dashboard<R: Runtime>(app: AppHandle<R>) -> Result<(), CommandError> {
    app.opener()
        .open_url(ENROW_DASHBOARD, None::<&str>)
        .map_err(|e| CommandError::new("open_failed", e.to_string()))
}

pub fn is_linkedin_url(text: &str) -> bool {
    let Ok(url) = url::Url::parse(text.trim()) else {
        return false;
    };
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    url.scheme() == "https"
        && url.username().is_empty()
        && url.password().is_none()
        && url.port().is_none()
        && (host == "linkedin.com" || host.ends_with(".linkedin.com"))
}

/// Puts text on the clipboard. Tab-separated rows also go as an HTML table whose cells are
/// marked as text, so Excel keeps `+31612345678` instead of turning it into a number.
#[tauri::command]
pub fn copy_text<R: Runtime>(app: AppHandle<R>, text: String) -> Result<(), CommandError> {
    let clipboard = app.clipboard();
    let copied = if text.contains('\t') {
        clipboard.write_html(html_table(&text), Some(text))
    } else {
        clipboard.write_text(text)
    };
    copied.map_err(|e| CommandError::new("clipboard_failed", e.to_string()))
}

fn html_table(tsv: &str) -> String {
    let mut html = String::from("<table>");
    for line in tsv.lines() {
        html.push_str("<tr>");
        for cell in line.split('\t') {
            html.push_str("<td style=\"mso-number-format:'\\@'\">");
            html.push_str(&escape_html(cell));
            html.push_str("</td>");
        }
        html.push_str("</tr>");
    }
    html.push_str("</table>");
    html
}

/// The four characters that matter inside a table cell; not worth a crate.
fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            other => escaped.push(other),
        }
    }
    escaped
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SettingsView {
    pub language: Language,
}

#[tauri::command]
pub fn get_settings(state: State<'_, AppState>) -> SettingsView {
    SettingsView {
        language: state.library.settings().language,
    }
}

#[tauri::command]
pub fn set_settings(
    state: State<'_, AppState>,
    language: Language,
) -> Result<SettingsView, CommandError> {
    let settings = state.library.set_settings(|s| s.language = language)?;
    Ok(SettingsView {
        language: settings.language,
    })
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    version: String,
    api_url: String,
    custom_api: bool,
    demo: bool,
}

#[tauri::command]
pub fn app_info<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> AppInfo {
    let (api_url, custom_api) = match state.base_url() {
        Ok(base) => (base.as_str().to_owned(), !base.is_default()),
        Err(error) => (error.message, true),
    };
    AppInfo {
        version: app.package_info().version.to_string(),
        api_url,
        custom_api,
        demo: state.in_demo(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_linkedin_urls_open() {
        for ok in [
            "https://www.linkedin.com/in/michael-scott",
            "https://linkedin.com/in/x",
            "https://nl.linkedin.com/in/jan",
            " https://WWW.LINKEDIN.COM/in/x ",
        ] {
            assert!(is_linkedin_url(ok), "{ok}");
        }
        for refused in [
            "http://www.linkedin.com/in/x",
            "javascript:alert(1)",
            "https://linkedin.com.evil.com/in/x",
            "https://evil.com/linkedin.com",
            "https://user:pw@linkedin.com/in/x",
            "https://www.linkedin.com:8443/in/x",
            "file:///etc/passwd",
            "",
        ] {
            assert!(!is_linkedin_url(refused), "{refused}");
        }
    }

    #[test]
    fn rows_become_an_html_table_of_text_cells() {
        let html = html_table("Phone\tName\n+31612345678\tA <b>&</b> \"B\"");
        assert!(html.starts_with("<table><tr><td"));
        assert!(html.contains(">+31612345678</td>"));
        assert!(html.contains("A &lt;b&gt;&amp;&lt;/b&gt; &quot;B&quot;"));
        assert_eq!(html.matches("<tr>").count(), 2);
        assert_eq!(html.matches("mso-number-format").count(), 4);
    }
}
