// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    webkit_workarounds();
    match enrow_desk::run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("Enrow Desk could not start: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// WebKitGTK draws a blank window on many NVIDIA machines with its DMA-BUF renderer (tauri
/// issues 9304, 7910, 8462): off unless the person chose otherwise.
#[cfg(target_os = "linux")]
fn webkit_workarounds() {
    const DMABUF: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";
    if std::env::var_os(DMABUF).is_none() {
        // SAFETY: first thing in `main`, before any other thread exists to read the environment.
        unsafe { std::env::set_var(DMABUF, "1") };
    }
}

#[cfg(not(target_os = "linux"))]
fn webkit_workarounds() {}
