//! The app's settings file.
//!
//! Enrow Desk 0.1's first builds kept settings with tauri-plugin-store, as a flat JSON object
//! (`{"language":"nl"}`). That plugin writes in place, so a crash mid-save could leave a broken
//! file; settings now go through the same atomic writes as the history, in a versioned file at
//! the same place, and the old flat form is upgraded on first read.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use crate::disk::Disk;
use crate::library::StorageError;
use crate::lock::lock;

pub const VERSION: u32 = 1;
pub const SETTINGS_FILE: &str = "settings.json";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Auto,
    En,
    Nl,
    Fr,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    #[serde(default)]
    pub language: Language,
    /// Where the last export went, so the save dialog opens there next time.
    #[serde(default)]
    pub last_export_dir: Option<std::path::PathBuf>,
    /// Look for a new version once a day, quietly (company machines may turn it off).
    #[serde(default = "yes")]
    pub check_updates: bool,
    /// When updates were last looked for, in milliseconds since 1970.
    #[serde(default)]
    pub last_update_check: Option<i64>,
    /// The person removed the key and has not saved one in the keychain since: a key the
    /// keychain still holds (it was locked, or refused to delete it) is not used at the next
    /// start.
    #[serde(default)]
    pub key_removed: bool,
    /// Files being written now (exports, merged copies), under whatever name the person chose:
    /// a crash or a kill in the middle leaves a temporary file beside each, swept at the next
    /// start.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub writing: Vec<std::path::PathBuf>,
    /// What closing the window does while a batch is being checked (Windows and Linux).
    #[serde(default)]
    pub on_close: crate::closing::OnClose,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            language: Language::default(),
            last_export_dir: None,
            check_updates: true,
            last_update_check: None,
            key_removed: false,
            writing: Vec::new(),
            on_close: crate::closing::OnClose::Ask,
        }
    }
}

fn yes() -> bool {
    true
}

#[derive(Serialize, Deserialize)]
struct File {
    version: u32,
    #[serde(flatten)]
    settings: Settings,
}

pub fn to_bytes(settings: &Settings) -> Vec<u8> {
    serde_json::to_vec_pretty(&File {
        version: VERSION,
        settings: settings.clone(),
    })
    .unwrap_or_default()
}

/// Reads settings of any known version; anything unreadable gives the defaults, since nothing
/// in settings is worth refusing to start for.
pub fn from_bytes(bytes: &[u8]) -> Settings {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes) else {
        return Settings::default();
    };
    match value.get("version").and_then(serde_json::Value::as_u64) {
        Some(1) => serde_json::from_value::<File>(value)
            .map(|file| file.settings)
            .unwrap_or_default(),
        // The plugin's flat object, from before there was a version.
        None => Settings {
            language: value
                .get("language")
                .and_then(|language| serde_json::from_value(language.clone()).ok())
                .unwrap_or_default(),
            ..Settings::default()
        },
        Some(_) => Settings::default(),
    }
}

/// The settings in memory, saved through the disk thread.
pub struct SettingsStore {
    path: PathBuf,
    disk: Arc<Disk>,
    writable: bool,
    settings: Mutex<Settings>,
}

impl SettingsStore {
    /// Reads `settings.json` in `folder` (the defaults when there is none or it is unreadable).
    pub fn open(folder: &std::path::Path, writable: bool, disk: Arc<Disk>) -> Self {
        let path = folder.join(SETTINGS_FILE);
        // A few hundred bytes are written; anything much larger is not ours, and the defaults
        // serve instead.
        let settings = enrow::atomic::read_at_most(&path, 1024 * 1024)
            .map(|bytes| from_bytes(&bytes))
            .unwrap_or_default();
        Self {
            path,
            disk,
            writable,
            settings: Mutex::new(settings),
        }
    }

    pub fn get(&self) -> Settings {
        lock(&self.settings).clone()
    }

    /// Changes the settings and waits until they are on disk. Blocks: not on the UI thread.
    pub fn set(&self, change: impl FnOnce(&mut Settings)) -> Result<Settings, StorageError> {
        if !self.writable {
            return Err(StorageError::ReadOnly);
        }
        // Queued under the lock, so two changes reach the disk in the order they were made;
        // waited for outside it.
        let (done, outcome) = std::sync::mpsc::channel();
        let settings = {
            let mut settings = lock(&self.settings);
            change(&mut settings);
            self.disk.write_then(
                self.path.clone(),
                to_bytes(&settings),
                Box::new(move |result| {
                    let _ = done.send(
                        result
                            .as_ref()
                            .copied()
                            .map_err(|e| std::io::Error::new(e.kind(), e.to_string())),
                    );
                }),
            );
            settings.clone()
        };
        outcome
            .recv()
            .unwrap_or_else(|_| Err(std::io::Error::other("the disk thread stopped")))
            .map_err(StorageError::SettingsNotSaved)?;
        Ok(settings)
    }

    /// Back to the defaults, and the file removed.
    /// Changes the settings and queues their save, without waiting for it (the disk thread
    /// writes in order, and everything queued is on disk before the app quits).
    pub fn set_queued(&self, change: impl FnOnce(&mut Settings)) -> Result<(), StorageError> {
        if !self.writable {
            return Err(StorageError::ReadOnly);
        }
        let mut settings = lock(&self.settings);
        change(&mut settings);
        self.disk.write(self.path.clone(), to_bytes(&settings));
        Ok(())
    }

    /// Back to the defaults, and no settings file; but a key the person removed stays removed
    /// (the key is not local data: clearing never brings one back).
    pub fn clear(&self) {
        let mut settings = lock(&self.settings);
        *settings = Settings {
            key_removed: settings.key_removed,
            ..Settings::default()
        };
        if self.writable {
            if settings.key_removed {
                self.disk.write(self.path.clone(), to_bytes(&settings));
            } else {
                self.disk.remove(self.path.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let settings = Settings {
            language: Language::Fr,
            last_export_dir: Some("/home/marie/Documents".into()),
            check_updates: false,
            last_update_check: Some(1_795_000_000_000),
            key_removed: true,
            writing: vec!["/home/marie/Documents/Leads with phones.xlsx".into()],
            on_close: crate::closing::OnClose::KeepChecking,
        };
        assert_eq!(from_bytes(&to_bytes(&settings)), settings);
        let text = String::from_utf8(to_bytes(&settings)).expect("utf-8");
        assert!(text.contains("\"version\": 1"), "{text}");
    }

    #[test]
    fn a_file_from_before_update_checks_checks_for_updates() {
        let settings = from_bytes(br#"{"version":1,"language":"nl"}"#);
        assert!(settings.check_updates);
        assert_eq!(settings.last_update_check, None);
    }

    #[test]
    fn the_plugins_flat_file_is_upgraded() {
        assert_eq!(from_bytes(br#"{"language":"nl"}"#).language, Language::Nl);
        assert_eq!(
            from_bytes(br#"{"language":"klingon"}"#).language,
            Language::Auto
        );
    }

    #[test]
    fn unreadable_or_newer_settings_give_defaults() {
        for bytes in [&b""[..], b"{", br#"{"version":9,"language":"nl"}"#] {
            assert_eq!(from_bytes(bytes), Settings::default());
        }
    }
}
