// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    // SAFETY: first in `main`, before any other thread exists.
    unsafe { enrow_desk::webkit_environment::before_any_thread() };
    match enrow_desk::run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            let message = failure_message(&error.to_string());
            eprintln!("{message}");
            tell_the_person(&message);
            std::process::ExitCode::FAILURE
        }
    }
}

/// What went wrong and what to do, in the person's language, with where the log is.
fn failure_message(error: &str) -> String {
    use desk::words::{Lang, Value, text};
    let log = desk::paths::log_dir()
        .map(|dir| dir.display().to_string())
        .unwrap_or_default();
    text(
        Lang::of(desk::settings::Language::Auto),
        "app.startFailedNative",
        &[("error", Value::Text(error)), ("log", Value::Text(&log))],
    )
}

/// On Windows the app has no console, so a line on stderr would go unseen: a message box says
/// it instead.
#[cfg(windows)]
fn tell_the_person(message: &str) {
    use windows_sys::Win32::UI::WindowsAndMessaging::{MB_ICONERROR, MB_OK, MessageBoxW};
    let wide = |text: &str| {
        text.encode_utf16()
            .chain(std::iter::once(0))
            .collect::<Vec<u16>>()
    };
    let (text, title) = (wide(message), wide("Enrow Desk"));
    // SAFETY: both strings are NUL-terminated UTF-16 that outlive the call; no owner window.
    unsafe {
        MessageBoxW(
            std::ptr::null_mut(),
            text.as_ptr(),
            title.as_ptr(),
            MB_OK | MB_ICONERROR,
        );
    }
}

#[cfg(not(windows))]
fn tell_the_person(_message: &str) {}
