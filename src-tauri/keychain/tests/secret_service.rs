//! The facade against the real keychain: on Linux, an unlocked GNOME Keyring in a
//! `dbus-run-session` (`scripts/with-test-session` starts one; the test command uses it).
//!
//! Without a keychain the tests say so and pass, unless `ENROW_REQUIRE_KEYRING=1`, which the
//! test command sets so CI can never skip them silently.

// A test fails by panicking; helpers outside `#[test]` functions may too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use enrow::ApiKey;
use enrow_keychain::Keychain;

fn keychain(test: &str) -> Option<Keychain> {
    let keychain = Keychain::named(
        &format!("Enrow Desk test {test} {}", std::process::id()),
        "api-key",
    );
    enrow_keychain::testing::usable(&keychain).then_some(keychain)
}

#[test]
fn save_load_replace_delete() {
    let Some(keychain) = keychain("cycle") else {
        return;
    };
    assert_eq!(
        keychain
            .load()
            .expect("load")
            .map(|k| k.expose().to_owned()),
        None
    );

    let first = ApiKey::new("first-key-0000a1b2").expect("key");
    keychain.save(&first).expect("save");
    assert_eq!(
        keychain
            .load()
            .expect("load")
            .map(|k| k.expose().to_owned())
            .as_deref(),
        Some("first-key-0000a1b2")
    );

    let second = ApiKey::new("second-key-0000c3d4").expect("key");
    keychain.save(&second).expect("replace");
    assert_eq!(
        keychain.load().expect("load").map(|k| k.hint()).as_deref(),
        Some("…c3d4")
    );

    keychain.delete().expect("delete");
    assert!(keychain.load().expect("load").is_none());
    keychain.delete().expect("deleting nothing is fine");
}

#[test]
fn the_key_is_not_on_disk_in_clear() {
    let Some(keychain) = keychain("disk") else {
        return;
    };
    let secret = format!("plain-text-canary-{}", std::process::id());
    keychain
        .save(&ApiKey::new(&secret).expect("key"))
        .expect("save");
    let mut files = 0;
    for folder in keychain_folders() {
        for entry in walk(&folder) {
            files += 1;
            let bytes = std::fs::read(&entry).unwrap_or_default();
            let found = bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
            assert!(!found, "{} holds the key in clear", entry.display());
        }
    }
    if std::env::var(enrow_keychain::testing::REQUIRE_ENV).as_deref() == Ok("1") {
        assert!(
            files > 0,
            "the keychain keeps its (encrypted) entries under {:?}",
            keychain_folders()
        );
    }
    keychain.delete().expect("delete");
}

/// Where this system's keychain keeps its entries, encrypted: GNOME Keyring's keyrings on Linux,
/// the keychain files on macOS, Credential Manager's credential files on Windows.
fn keychain_folders() -> Vec<std::path::PathBuf> {
    let from = |variable: &str| std::env::var_os(variable).map(std::path::PathBuf::from);
    #[cfg(target_os = "linux")]
    let folders = vec![
        from("XDG_DATA_HOME")
            .or_else(|| from("HOME").map(|home| home.join(".local").join("share")))
            .unwrap_or_default()
            .join("keyrings"),
    ];
    #[cfg(target_os = "macos")]
    let folders = vec![
        from("HOME")
            .unwrap_or_default()
            .join("Library")
            .join("Keychains"),
    ];
    #[cfg(windows)]
    let folders = ["APPDATA", "LOCALAPPDATA"]
        .into_iter()
        .filter_map(from)
        .map(|folder| folder.join("Microsoft").join("Credentials"))
        .collect();
    #[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
    let folders = Vec::new();
    folders
}

/// Every file below `dir`.
fn walk(dir: &std::path::Path) -> impl Iterator<Item = std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|entry| !entry.file_type().is_dir())
        .map(walkdir::DirEntry::into_path)
}
