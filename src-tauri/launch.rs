//! Links and numbers opened in the person's own programs: their browser, their phone app.
//!
//! - Linux: the desktop's launchers (`xdg-open`, then `gio open`…, as the `open` crate lists
//!   them) are started without the variables the app set for its own WebKit
//!   (`webkit_environment`). A program they start that was not running yet would otherwise
//!   inherit them: GNOME Web, say, would run without its JavaScript JIT and a GTK program
//!   without OpenGL. A variable the person set stays: it was theirs before the app started.
//! - Windows and macOS: tauri-plugin-opener as it is; the app sets nothing there.
//!
//! Showing an export in its folder needs none of this: on Linux tauri-plugin-opener asks the
//! file manager over D-Bus, which starts it with the desktop's environment, not the app's.
//!
//! Written here rather than through tauri-plugin-opener on Linux because neither it nor the
//! `open` crate under it lets a caller change the environment of what they start; `open`'s
//! `commands()` still gives its launchers, in its order, to start here.

use std::io;
#[cfg(target_os = "linux")]
use std::process::Command;
#[cfg(target_os = "linux")]
use std::time::Duration;

use tauri::{AppHandle, Runtime};

/// How long a launcher is watched for an immediate failure ("no program for tel: links")
/// before it counts as having handed the link over, as the `open` crate does (250 ms).
#[cfg(target_os = "linux")]
const FAILURE_SHOWS_WITHIN: Duration = Duration::from_millis(250);

/// Opens `url` (https: or tel:) with the person's program for it.
pub fn open_url<R: Runtime>(app: &AppHandle<R>, url: &str) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        let _ = app;
        first_that_opens(
            open::commands(url),
            &crate::webkit_environment::set_by_the_app(),
            FAILURE_SHOWS_WITHIN,
        )
    }
    #[cfg(not(target_os = "linux"))]
    {
        use tauri_plugin_opener::OpenerExt;
        app.opener()
            .open_url(url, None::<&str>)
            .map_err(|e| io::Error::other(e.to_string()))
    }
}

/// Starts each launcher in turn, without the variables named in `unset`, until one opens the
/// target: it exits successfully, or is still running after `failure_shows_within`. A launcher
/// that cannot be started or fails at once hands over to the next; when none opens it, the
/// first launcher's own failure is told (a missing later one says less).
#[cfg(target_os = "linux")]
fn first_that_opens(
    launchers: Vec<Command>,
    unset: &[&str],
    failure_shows_within: Duration,
) -> io::Result<()> {
    use std::os::unix::process::CommandExt;
    use std::process::Stdio;

    let mut failed: Option<io::Error> = None;
    let mut not_started: Option<io::Error> = None;
    for mut launcher in launchers {
        for name in unset {
            launcher.env_remove(name);
        }
        // Its own process group: a Ctrl-C in the terminal the app was started from does not
        // close the browser it opened.
        launcher
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0);
        let child = match launcher.spawn() {
            Ok(child) => child,
            Err(error) => {
                not_started.get_or_insert(error);
                continue;
            }
        };
        match exit_within(child, failure_shows_within) {
            None => return Ok(()),
            Some(Ok(status)) if status.success() => return Ok(()),
            Some(Ok(status)) => {
                failed.get_or_insert(io::Error::other(format!(
                    "{} failed ({status})",
                    launcher.get_program().to_string_lossy()
                )));
            }
            // It started: not knowing how it ended is no reason to open the link twice.
            Some(Err(error)) => return Err(error),
        }
    }
    Err(failed
        .or(not_started)
        .unwrap_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no program to open it with")))
}

/// The launcher's exit status if it ends within `wait`, `None` if it is still running then; a
/// thread of its own waits for it either way, so no finished launcher is left a zombie.
#[cfg(target_os = "linux")]
fn exit_within(
    mut child: std::process::Child,
    wait: Duration,
) -> Option<io::Result<std::process::ExitStatus>> {
    let (told, ended) = std::sync::mpsc::sync_channel(1);
    let waiter = std::thread::Builder::new()
        .name("launcher-wait".into())
        .spawn(move || {
            let _ = told.send(child.wait());
        });
    if let Err(error) = waiter {
        return Some(Err(error));
    }
    match ended.recv_timeout(wait) {
        Ok(status) => Some(status),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => None,
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            Some(Err(io::Error::other("the launcher could not be watched")))
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// Enough for `sh` to start and end on a busy machine; a launcher that ends returns at once.
    const PATIENT: Duration = Duration::from_secs(30);

    fn shell(script: &str) -> Command {
        let mut command = Command::new("sh");
        command.args(["-c", script]);
        command
    }

    #[test]
    fn programs_opened_lack_the_apps_webkit_settings_and_keep_the_rest() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let out = folder.path().join("env");
        let mut launcher = shell(&format!("env > '{}'", out.display()));
        // What the launcher would inherit from the app.
        launcher.env("JSC_useJIT", "false").env("GDK_GL", "disable");
        launcher.env("THE_PERSONS_OWN", "kept");
        first_that_opens(vec![launcher], &["JSC_useJIT", "GDK_GL"], PATIENT).expect("opened");
        let seen = std::fs::read_to_string(&out).expect("the launcher's environment");
        assert!(!seen.contains("JSC_useJIT"), "{seen}");
        assert!(!seen.contains("GDK_GL"), "{seen}");
        assert!(seen.contains("THE_PERSONS_OWN=kept"), "{seen}");
    }

    #[test]
    fn a_launcher_that_fails_hands_over_to_the_next() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let out = folder.path().join("opened");
        let launchers = vec![
            Command::new("/no/such/launcher"),
            shell("exit 3"),
            shell(&format!("touch '{}'", out.display())),
        ];
        first_that_opens(launchers, &[], PATIENT).expect("the third one opened it");
        assert!(out.exists());
    }

    #[test]
    fn when_no_launcher_opens_it_the_first_failure_is_told() {
        let launchers = vec![shell("exit 4"), Command::new("/no/such/launcher")];
        let error = first_that_opens(launchers, &[], PATIENT).expect_err("nothing opened it");
        assert!(error.to_string().contains("sh failed"), "{error}");
        assert!(error.to_string().contains('4'), "{error}");
    }
}
