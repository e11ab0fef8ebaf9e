//! How much memory the web view keeps, on each system: the page is one local document, never a
//! website browsed back and forth, and the window spends much of the day minimised or hidden
//! beside a CRM.
//!
//! - Linux: WebKitGTK's document-viewer cache model (no back/forward or page caches). What the
//!   environment tells WebKit (no OpenGL in the app's process, JavaScriptCore without its JIT in
//!   the page's) is in `webkit_environment`. WebKitGTK 2.50 offers no call to collect the page's
//!   JavaScript garbage from outside, and its memory pressure settings are fixed when Tauri
//!   makes the web context.
//! - Windows: WebView2 asked to keep little (`MemoryUsageTargetLevel` low) while the window is
//!   minimised or hidden in the tray, and back to normal when it is shown.
//! - macOS: WKWebView has neither setting; the system itself reclaims a hidden view's memory
//!   under pressure, so nothing is done there.

use tauri::{App, Runtime, Window};

/// At start: the web view's caches sized for one document.
pub fn at_start<R: Runtime>(app: &App<R>) {
    #[cfg(target_os = "linux")]
    if let Some(window) = tauri::Manager::get_webview_window(app, "main") {
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

/// After the window was minimised, hidden, restored or shown: the web view's memory target
/// follows (Windows).
pub fn follow_window<R: Runtime>(window: &Window<R>) {
    #[cfg(windows)]
    {
        let out_of_sight =
            window.is_minimized().unwrap_or(false) || !window.is_visible().unwrap_or(true);
        use tauri::Manager;
        if let Some(webview) = window.app_handle().get_webview_window(window.label()) {
            let _ = webview.with_webview(move |webview| windows_target(&webview, out_of_sight));
        }
    }
    #[cfg(not(windows))]
    let _ = window;
}

/// WebView2's memory target: low keeps less in memory (and pages out what it can) until the
/// window is seen again. Runtimes older than the interface (WebView2 before 1.0.1774) ignore it.
#[cfg(windows)]
fn windows_target(webview: &tauri::webview::PlatformWebview, low: bool) {
    use webview2_com::Microsoft::Web::WebView2::Win32::{
        COREWEBVIEW2_MEMORY_USAGE_TARGET_LEVEL_LOW, COREWEBVIEW2_MEMORY_USAGE_TARGET_LEVEL_NORMAL,
        ICoreWebView2_19,
    };
    use windows_core::Interface;
    let level = if low {
        COREWEBVIEW2_MEMORY_USAGE_TARGET_LEVEL_LOW
    } else {
        COREWEBVIEW2_MEMORY_USAGE_TARGET_LEVEL_NORMAL
    };
    // SAFETY: COM calls on the web view's own controller, on the thread `with_webview` runs
    // its closure on (the one that owns the web view); every failure is a returned error.
    unsafe {
        if let Ok(core) = webview.controller().CoreWebView2()
            && let Ok(core) = core.cast::<ICoreWebView2_19>()
        {
            let _ = core.SetMemoryUsageTargetLevel(level);
        }
    }
}
