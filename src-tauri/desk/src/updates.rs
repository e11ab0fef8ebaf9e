//! Updates, as far as the core knows them: when the quiet daily check is due, and what the page
//! is told about a new version. Finding, downloading and installing it is tauri-plugin-updater's
//! job, in the shell.

use serde::Serialize;

use crate::error::{Code, PageError};
use crate::settings::Settings;

/// The quiet check runs at most once in this long.
pub const QUIET_CHECK_EVERY_MS: i64 = 24 * 60 * 60 * 1000;

/// Whether the quiet check at start should look now: allowed by the settings, and not done in
/// the last day (a clock set back counts as "not done").
pub fn quiet_check_due(settings: &Settings, now_ms: i64) -> bool {
    settings.check_updates
        && settings
            .last_update_check
            .is_none_or(|last| now_ms < last || now_ms - last >= QUIET_CHECK_EVERY_MS)
}

/// A newer version, as the page offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateOffer {
    pub version: String,
    pub current_version: String,
    /// What is new, as the release says it (plain text).
    pub notes: Option<String>,
    /// Milliseconds since 1970, when the release says.
    pub published_at: Option<i64>,
    /// This build can install it itself (it was built with the updates' public key); else the
    /// page offers the download page.
    pub installable: bool,
}

/// The update server could not be reached, or answered something unreadable.
pub fn unreachable(detail: impl std::fmt::Display) -> PageError {
    PageError::new(
        Code::UpdateUnreachable,
        format!(
            "The update server could not be reached ({detail}). Check your internet connection, \
             then try again."
        ),
    )
}

/// Downloading or installing failed; the version in use is untouched.
pub fn install_failed(detail: impl std::fmt::Display) -> PageError {
    PageError::new(
        Code::UpdateFailed,
        format!(
            "The update could not be installed ({detail}). Nothing was changed: try again later, \
             or download it from the releases page."
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_000_000_000;

    fn settings(check_updates: bool, last: Option<i64>) -> Settings {
        Settings {
            check_updates,
            last_update_check: last,
            ..Settings::default()
        }
    }

    #[test]
    fn the_quiet_check_runs_at_most_once_a_day_and_only_when_allowed() {
        assert!(quiet_check_due(&settings(true, None), NOW));
        assert!(!quiet_check_due(&settings(true, Some(NOW - 1000)), NOW));
        assert!(!quiet_check_due(
            &settings(true, Some(NOW - QUIET_CHECK_EVERY_MS + 1)),
            NOW
        ));
        assert!(quiet_check_due(
            &settings(true, Some(NOW - QUIET_CHECK_EVERY_MS)),
            NOW
        ));
        assert!(
            quiet_check_due(&settings(true, Some(NOW + 60_000)), NOW),
            "the clock went back"
        );
        assert!(!quiet_check_due(&settings(false, None), NOW), "turned off");
    }
}
