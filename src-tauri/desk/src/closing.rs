//! What closing the window does. People leave a batch being checked while they do something
//! else: on macOS, closing a window keeps the app running, as every Mac app does; on Windows
//! and Linux, closing while a batch is being checked asks once whether to keep checking in the
//! background (the app stays in the tray, and says when a batch is ready) or to stop (the
//! batches are checked again at the next start), and remembers the answer when asked to.

use serde::{Deserialize, Serialize};

/// The person's answer, kept in Settings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum OnClose {
    /// Ask each time a batch is being checked.
    #[default]
    Ask,
    /// Keep checking in the background, from the tray.
    KeepChecking,
    /// Stop checking and quit.
    Stop,
}

/// What the window does when the person closes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closing {
    /// The app quits (its watches resume at the next start).
    Quit,
    /// The window hides and the app runs on: macOS's way, brought back from the Dock.
    Hide,
    /// The window hides and the app runs on in the tray, to keep checking.
    KeepInTray,
    /// The page asks the person.
    Ask,
}

/// `macos`: the system the app runs on; `watching`: a batch of the person's is being checked.
pub fn when_closed(macos: bool, watching: bool, setting: OnClose) -> Closing {
    match (macos, watching, setting) {
        (true, _, _) => Closing::Hide,
        (false, false, _) | (false, true, OnClose::Stop) => Closing::Quit,
        (false, true, OnClose::KeepChecking) => Closing::KeepInTray,
        (false, true, OnClose::Ask) => Closing::Ask,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mac_keeps_running_and_elsewhere_a_running_batch_is_asked_about_once() {
        for watching in [false, true] {
            for setting in [OnClose::Ask, OnClose::KeepChecking, OnClose::Stop] {
                assert_eq!(when_closed(true, watching, setting), Closing::Hide);
                if !watching {
                    assert_eq!(when_closed(false, false, setting), Closing::Quit);
                }
            }
        }
        assert_eq!(when_closed(false, true, OnClose::Ask), Closing::Ask);
        assert_eq!(
            when_closed(false, true, OnClose::KeepChecking),
            Closing::KeepInTray
        );
        assert_eq!(when_closed(false, true, OnClose::Stop), Closing::Quit);
    }
}
