//! Updates through tauri-plugin-updater: "Check for updates" in Settings, the quiet check at
//! most once a day at start, and installing only when the person says so.

use desk::updates::{UpdateOffer, install_failed, unreachable};
use desk::{Code, PageError};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_updater::{Update, Updater, UpdaterExt};

use crate::state::{AppState, off_main};

/// Where every release is, for a copy that cannot install updates itself.
pub const RELEASES_PAGE: &str = "https://github.com/enrow-desk/enrow-desk/releases/latest";

/// Points the updater at a test's own server. Read by debug builds only, so the shipped app
/// always asks the address in its configuration.
pub const TEST_UPDATE_URL_ENV: &str = "ENROW_DESK_TEST_UPDATE_URL";

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum InstallEvent {
    Downloading { downloaded: u64, total: Option<u64> },
    Installing,
}

/// Looks for a newer version: `quiet` is the check at start, which looks at most once a day
/// (when Settings allow) and keeps its failures to itself.
#[tauri::command]
pub async fn check_for_update<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    quiet: bool,
) -> Result<Option<UpdateOffer>, PageError> {
    if quiet && !state.desk.quiet_update_check_due() {
        return Ok(None);
    }
    let found = match updater(&app) {
        Ok(updater) => updater.check().await.map_err(unreachable),
        Err(error) => Err(error),
    };
    let desk = state.desk.clone();
    // Noted however it went: a server that is down is not asked again at every start.
    let _ = off_main("Noting the update check", move || desk.update_checked()).await;
    let found = match found {
        Ok(found) => found,
        Err(error) if quiet => {
            log::info!("quiet update check failed: {}", error.message);
            return Ok(None);
        }
        Err(error) => return Err(error),
    };
    let offer = found
        .as_ref()
        .map(|update| offer_of(update, installable(&app)));
    state.keep_update(found);
    Ok(offer)
}

/// Downloads the version the last check found, closes the app's work, installs it, then starts
/// it.
#[tauri::command]
pub async fn install_update<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    on_event: Channel<InstallEvent>,
) -> Result<(), PageError> {
    if !installable(&app) {
        return Err(PageError::new(
            Code::UpdateFailed,
            "This copy of Enrow Desk cannot install updates itself; download the new version \
             from the releases page.",
        ));
    }
    let Some(update) = state.kept_update() else {
        return Err(install_failed("no update was found first"));
    };
    let mut downloaded = 0u64;
    let progress = on_event.clone();
    let bytes = update
        .download(
            move |chunk, total| {
                downloaded += chunk as u64;
                let _ = progress.send(InstallEvent::Downloading { downloaded, total });
            },
            || {},
        )
        .await
        .map_err(install_failed)?;
    let _ = on_event.send(InstallEvent::Installing);
    let desk = state.desk.clone();
    // On Windows `install` starts the installer and ends this process from inside: every watch
    // must be stopped and every change on disk first. Elsewhere the files are replaced while
    // the app runs, and it shuts down once that worked.
    if cfg!(windows) {
        off_main("Closing before the update", move || {
            desk.shut_down();
            Ok(())
        })
        .await?;
    }
    if let Err(error) = update.install(&bytes) {
        log::error!("update {} not installed: {error}", update.version);
        if cfg!(windows) {
            // The app already let go of its data: it starts again, as it was, rather than go on
            // without saving anything.
            app.restart()
        }
        return Err(install_failed(error));
    }
    log::info!("update {} installed; restarting", update.version);
    let desk = state.desk.clone();
    off_main("Closing for the update", move || {
        desk.shut_down();
        Ok(())
    })
    .await?;
    app.restart()
}

#[tauri::command]
pub fn open_releases_page<R: Runtime>(app: AppHandle<R>) -> Result<(), PageError> {
    crate::launch::open_url(&app, RELEASES_PAGE)
        .map_err(|e| PageError::new(Code::OpenFailed, e.to_string()))
}

fn updater<R: Runtime>(app: &AppHandle<R>) -> Result<Updater, PageError> {
    if !app.config().plugins.0.contains_key("updater") {
        return Err(unreachable("this copy has no update server"));
    }
    let mut builder = app.updater_builder();
    if let Some(url) = crate::state::test_hook(TEST_UPDATE_URL_ENV) {
        let url = url::Url::parse(&url.to_string_lossy()).map_err(unreachable)?;
        builder = builder.endpoints(vec![url]).map_err(unreachable)?;
    }
    builder.build().map_err(unreachable)
}

/// Whether this build carries the key that update files are signed with (release builds made
/// with the signing secret); without it an update could not be checked, so it is not installed.
fn installable<R: Runtime>(app: &AppHandle<R>) -> bool {
    app.config()
        .plugins
        .0
        .get("updater")
        .and_then(|updater| updater.get("pubkey"))
        .and_then(|key| key.as_str())
        .is_some_and(|key| !key.trim().is_empty())
}

fn offer_of(update: &Update, installable: bool) -> UpdateOffer {
    UpdateOffer {
        version: update.version.clone(),
        current_version: update.current_version.clone(),
        notes: update.body.clone().filter(|notes| !notes.trim().is_empty()),
        published_at: update
            .date
            .map(|date| i64::try_from(date.unix_timestamp_nanos() / 1_000_000).unwrap_or(0)),
        installable,
    }
}
