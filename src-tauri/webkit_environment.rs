//! Linux: what WebKitGTK, and GTK under it, are told through the environment. WebKit reads these
//! variables as it starts and hands them on to the page's process, so they are set first thing
//! in `main`, and only where the person has not set them (their choice always wins).
//!
//! Windows and macOS: nothing; WebView2 and WKWebView take no such settings from the
//! environment (their memory settings are in `webview_memory`).

/// One variable the app sets unless the person did: its name and value.
pub type Setting = (&'static str, &'static str);

/// WebKitGTK's DMA-BUF renderer off: it draws a blank window on many NVIDIA machines (tauri
/// issues 9304, 7910, 8462). The page then draws into shared memory that the app's window shows.
pub const DMABUF_RENDERER_OFF: Setting = ("WEBKIT_DISABLE_DMABUF_RENDERER", "1");

/// No OpenGL in the app's own process, while the DMA-BUF renderer is off: the window then only
/// shows what the page drew in shared memory, which needs none. Without these, two look-ups
/// loaded the system's OpenGL driver into the app just to ask it questions: Debian 12's Mesa
/// drivers are one library linked to LLVM, about 25 MiB more in the app's process and 18 MiB
/// more for the window in all (README, "Benchmarks"). The page's process keeps its own OpenGL
/// display, which WebKit needs to start.
pub const NO_OPENGL_IN_THE_APP: [Setting; 2] = [
    // GTK probing OpenGL's visuals as it opens the display; the window uses no GL area.
    ("GDK_GL", "disable"),
    // WebKit asking OpenGL which graphics device the page's process should allocate DMA-BUF
    // buffers on. With the DMA-BUF renderer off that process allocates none; a name that is no
    // device tells it so without asking (`none` matches no /dev/dri node, so WebKit keeps no
    // main device, as on a machine without a GPU).
    ("WEBKIT_WEB_RENDER_DEVICE_FILE", "none"),
];

/// JavaScriptCore in the page's process. Measured with `scripts/measure-app` (README,
/// "Benchmarks"): together 8 MiB less once signed in and 22 MiB less after a day's use, and a
/// day's growth from the 10th to the 60th batch about halved; the price, the page's script in
/// the interpreter: Fetch to grid for 3,000 rows 153 → 170 ms (medians of three runs), won back
/// by the grid doing less as a batch opens (134 ms).
pub const WEB_PROCESS_JAVASCRIPT: [Setting; 2] = [
    // No JIT compilers, the interpreter alone: the page's own work is small (the grid draws
    // only the rows in view), and every batch with other columns had the JIT compile and keep
    // more code (most of the growth per batch). A page without JIT is also a smaller target
    // for a hostile answer.
    ("JSC_useJIT", "false"),
    // The first collection at 4 MiB of script heap rather than JavaScriptCore's 32: the page
    // holds 2 to 8 MiB of live objects all day (JSC_logGC=1).
    ("JSC_largeHeapSize", "4194304"),
];

/// Every setting the app may set, in the order it sets them.
fn every_setting() -> impl Iterator<Item = Setting> {
    std::iter::once(DMABUF_RENDERER_OFF)
        .chain(NO_OPENGL_IN_THE_APP)
        .chain(WEB_PROCESS_JAVASCRIPT)
}

/// The settings to set, given what the environment holds now (`current(name)`): every one the
/// person has not set, and the OpenGL ones only if the DMA-BUF renderer ends up off (WebKit
/// reads any value but `0` as off), since with it on the window draws the page with OpenGL.
pub fn settings_to_set(current: impl Fn(&str) -> Option<String>) -> Vec<Setting> {
    let dmabuf_off = current(DMABUF_RENDERER_OFF.0).is_none_or(|value| value != "0");
    every_setting()
        .filter(|setting| dmabuf_off || !NO_OPENGL_IN_THE_APP.contains(setting))
        .filter(|(name, _)| current(name).is_none())
        .collect()
}

/// Where the app notes which variables it set, for a restart of itself (after an update): the
/// new process inherits them, and would otherwise take them for the person's.
pub const NOTE: &str = "ENROW_DESK_SET_FOR_WEBKIT";

/// The variables that are the app's, not the person's: those it sets now, and those a run of
/// the app before this one set and noted in [`NOTE`] (only names the app sets at all count).
pub fn set_by_the_app_of(set_now: &[Setting], noted: Option<&str>) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = set_now.iter().map(|(name, _)| *name).collect();
    let noted: Vec<&str> = noted.map(|n| n.split(',').collect()).unwrap_or_default();
    for (name, _) in every_setting() {
        if noted.contains(&name) && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// The variables that are the app's ([`set_by_the_app_of`]), and the note itself, for the
/// programs the app starts for the person (`launch`), which should not inherit them.
static SET_BY_THE_APP: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();

/// Before anything else runs: sets [`settings_to_set`] on Linux. Nothing on Windows and macOS.
///
/// # Safety
///
/// It changes the process's environment: call it first in `main`, before any other thread
/// exists that could read the environment at the same time.
pub unsafe fn before_any_thread() {
    #[cfg(target_os = "linux")]
    {
        // A value that is not Unicode is still the person's: `Some` all the same.
        let current =
            |name: &str| std::env::var_os(name).map(|value| value.to_string_lossy().into_owned());
        let noted = current(NOTE);
        let settings = settings_to_set(current);
        for (name, value) in &settings {
            // SAFETY: the caller's promise: no other thread exists yet.
            unsafe { std::env::set_var(name, value) };
        }
        let mut own = set_by_the_app_of(&settings, noted.as_deref());
        // SAFETY: as above.
        unsafe { std::env::set_var(NOTE, own.join(",")) };
        own.push(NOTE);
        let _ = SET_BY_THE_APP.set(own);
    }
}

/// The names of the variables the app set at start, or a run of it before a restart, and of
/// [`NOTE`] (none where [`before_any_thread`] was not called, or sets nothing: Windows and
/// macOS).
pub fn set_by_the_app() -> Vec<&'static str> {
    SET_BY_THE_APP.get().cloned().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn environment(set: &[Setting]) -> impl Fn(&str) -> Option<String> + '_ {
        |name| {
            set.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, value)| (*value).to_owned())
        }
    }

    #[test]
    fn every_setting_is_set_when_the_person_set_none() {
        let set = settings_to_set(environment(&[]));
        let mut expected = vec![DMABUF_RENDERER_OFF];
        expected.extend(NO_OPENGL_IN_THE_APP);
        expected.extend(WEB_PROCESS_JAVASCRIPT);
        assert_eq!(set, expected);
    }

    #[test]
    fn a_setting_the_person_chose_is_left_as_it_is() {
        let set = settings_to_set(environment(&[("JSC_useJIT", "true"), ("GDK_GL", "gles")]));
        assert!(
            set.iter()
                .all(|(name, _)| *name != "JSC_useJIT" && *name != "GDK_GL"),
            "{set:?}"
        );
        assert!(
            set.contains(&("WEBKIT_WEB_RENDER_DEVICE_FILE", "none")),
            "{set:?}"
        );
        assert!(set.contains(&DMABUF_RENDERER_OFF), "{set:?}");
    }

    #[test]
    fn the_app_keeps_opengl_when_the_person_turned_the_dmabuf_renderer_back_on() {
        let set = settings_to_set(environment(&[("WEBKIT_DISABLE_DMABUF_RENDERER", "0")]));
        assert_eq!(set, WEB_PROCESS_JAVASCRIPT.to_vec());
    }

    #[test]
    fn after_a_restart_what_the_run_before_set_is_still_the_apps() {
        // The restarted app finds its own settings already in the environment, with the note.
        let inherited = settings_to_set(environment(&[]));
        let set_now = settings_to_set(environment(&inherited));
        assert!(set_now.is_empty(), "{set_now:?}");
        let own = set_by_the_app_of(&set_now, Some("GDK_GL,JSC_useJIT"));
        assert_eq!(own, vec!["GDK_GL", "JSC_useJIT"]);
        // A note names only what the app sets: nothing else is taken from the person.
        let own = set_by_the_app_of(&[], Some("PATH,HOME,GDK_GL"));
        assert_eq!(own, vec!["GDK_GL"]);
        // Without a note, what was there before the app is the person's.
        assert!(set_by_the_app_of(&[], None).is_empty());
        let own = set_by_the_app_of(
            &[DMABUF_RENDERER_OFF],
            Some("WEBKIT_DISABLE_DMABUF_RENDERER"),
        );
        assert_eq!(own, vec!["WEBKIT_DISABLE_DMABUF_RENDERER"]);
    }

    #[test]
    fn a_dmabuf_renderer_the_person_turned_off_themselves_still_spares_the_app_opengl() {
        let set = settings_to_set(environment(&[("WEBKIT_DISABLE_DMABUF_RENDERER", "yes")]));
        for setting in NO_OPENGL_IN_THE_APP {
            assert!(set.contains(&setting), "{set:?}");
        }
        assert!(!set.contains(&DMABUF_RENDERER_OFF), "{set:?}");
    }
}
