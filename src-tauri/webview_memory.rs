//! How much memory the web view keeps, on each system: the page is one local document, never a
//! website browsed back and forth, and the window spends much of the day minimised or hidden
//! beside a CRM.
//!
//! - Linux: WebKitGTK's document-viewer cache model (no back/forward or page caches), and
//!   JavaScriptCore in the page's process told through its environment to run without its JIT
//!   compilers and to collect early ([`WEB_PROCESS_ENVIRONMENT`]). WebKitGTK 2.50 offers no call
//!   to collect the page's JavaScript garbage from outside, and its memory pressure settings are
//!   fixed when Tauri makes the web context.
//! - Windows: WebView2 asked to keep little (`MemoryUsageTargetLevel` low) while the window is
//!   minimised or hidden in the tray, and back to normal when it is shown.
//! - macOS: WKWebView has neither setting; the system itself reclaims a hidden view's memory
//!   under pressure, so nothing is done there.

use tauri::{App, Runtime, Window};

/// Linux: what JavaScriptCore in WebKitGTK's web process (the page's) is told through the
/// environment it inherits from the app. Measured with `scripts/measure-app` (README,
/// "Benchmarks"): together 8 MiB less once signed in and 22 MiB less after a day's use, and a
/// day's growth from the 10th to the 60th batch about halved; the price, the page's script in
/// the interpreter: Fetch to grid for 3,000 rows 153 → 170 ms (medians of three runs), won back
/// by the grid doing less as a batch opens (134 ms).
pub const WEB_PROCESS_ENVIRONMENT: [(&str, &str); 2] = [
    // No JIT compilers, the interpreter alone: the page's own work is small (the grid draws
    // only the rows in view), and every batch with other columns had the JIT compile and keep
    // more code (most of the growth per batch). A page without JIT is also a smaller target
    // for a hostile answer.
    ("JSC_useJIT", "false"),
    // The first collection at 4 MiB of script heap rather than JavaScriptCore's 32: the page
    // holds 2 to 8 MiB of live objects all day (JSC_logGC=1).
    ("JSC_largeHeapSize", "4194304"),
];

/// The settings of [`WEB_PROCESS_ENVIRONMENT`] to set, leaving out any the person has set
/// themselves (`is_set` says whether a variable is in the environment already).
pub fn web_process_settings_to_set(
    is_set: impl Fn(&str) -> bool,
) -> impl Iterator<Item = (&'static str, &'static str)> {
    WEB_PROCESS_ENVIRONMENT
        .into_iter()
        .filter(move |(name, _)| !is_set(name))
}

/// Before anything else runs: sets [`WEB_PROCESS_ENVIRONMENT`] on Linux (WebKit starts the
/// page's process later, with the app's environment). Nothing on Windows and macOS, whose
/// web views take no such settings from the environment.
///
/// # Safety
///
/// It changes the process's environment: call it first in `main`, before any other thread
/// exists that could read the environment at the same time.
pub unsafe fn before_any_thread() {
    #[cfg(target_os = "linux")]
    for (name, value) in web_process_settings_to_set(|name| std::env::var_os(name).is_some()) {
        // SAFETY: the caller's promise: no other thread exists yet.
        unsafe { std::env::set_var(name, value) };
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_web_process_setting_is_set_when_the_person_set_none() {
        let set: Vec<_> = web_process_settings_to_set(|_| false).collect();
        assert_eq!(set, WEB_PROCESS_ENVIRONMENT.to_vec());
        assert!(set.contains(&("JSC_useJIT", "false")));
    }

    #[test]
    fn a_setting_the_person_chose_is_left_as_it_is() {
        let set: Vec<_> = web_process_settings_to_set(|name| name == "JSC_useJIT").collect();
        assert!(set.iter().all(|(name, _)| *name != "JSC_useJIT"), "{set:?}");
        assert_eq!(set.len(), WEB_PROCESS_ENVIRONMENT.len() - 1);
    }
}
