//! The app's settings file.
//!
//! Enrow Desk 0.1's first builds kept settings with tauri-plugin-store, as a flat JSON object
//! (`{"language":"nl"}`). That plugin writes in place, so a crash mid-save could leave a broken
//! file; settings now go through the same atomic writes as the history, in a versioned file at
//! the same place, and the old flat form is upgraded on first read.

use serde::{Deserialize, Serialize};

pub const VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Auto,
    En,
    Nl,
    Fr,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    #[serde(default)]
    pub language: Language,
    /// Where the last export went, so the save dialog opens there next time.
    #[serde(default)]
    pub last_export_dir: Option<std::path::PathBuf>,
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
            last_export_dir: None,
        },
        Some(_) => Settings::default(),
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
        };
        assert_eq!(from_bytes(&to_bytes(&settings)), settings);
        let text = String::from_utf8(to_bytes(&settings)).expect("utf-8");
        assert!(text.contains("\"version\": 1"), "{text}");
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
