//! The app's commands through Tauri's IPC on the mock runtime, against the fake Enrow over real
//! HTTP on 127.0.0.1, with a throw-away keychain entry (the real keychain where there is one).

// A test fails by panicking; helpers outside `#[test]` functions may too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use enrow::BaseUrl;
use enrow_desk::{Setup, run_app, start};
use enrow_keychain::Keychain;
use fake_enrow::scenarios::{DOCUMENTED_ID, id_of};
use fake_enrow::{Endpoint, FakeConfig, FakeEnrow, Scenario, VALID_KEY};
use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, get_ipc_response, mock_builder, mock_context, noop_assets};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

/// What an app is made of in a test, kept across a restart.
struct Parts {
    /// Keeps the fake Enrow's runtime going.
    _runtime: tokio::runtime::Runtime,
    enrow: FakeEnrow,
    exports: tempfile::TempDir,
    /// The data folder, and the temporary folder that owns it (none when another harness does).
    data_dir: std::path::PathBuf,
    _data: Option<tempfile::TempDir>,
    keychain: Keychain,
    api: Result<BaseUrl, enrow::ConfigError>,
    /// The updater's endpoint, when the app has the updater.
    updates: Option<String>,
}

struct Harness {
    _app: App<tauri::test::MockRuntime>,
    webview: WebviewWindow<tauri::test::MockRuntime>,
    parts: Parts,
}

impl std::ops::Deref for Harness {
    type Target = Parts;

    fn deref(&self) -> &Parts {
        &self.parts
    }
}

impl Harness {
    fn new(test: &str) -> Self {
        Self::assemble(test, |enrow| BaseUrl::parse(&enrow.url()), None, false)
    }

    /// An app with the updater, asking the fake for its `latest.json`.
    fn with_updates(test: &str) -> Self {
        Self::assemble(test, |enrow| BaseUrl::parse(&enrow.url()), None, true)
    }

    /// An app set to another Enrow address (a refused one, say).
    fn with_api(test: &str, api: Result<BaseUrl, enrow::ConfigError>) -> Self {
        Self::assemble(test, move |_| api.clone(), None, false)
    }

    /// A second app on `other`'s data folder, as a copy started by hand would be.
    fn on_data_of(other: &Harness, test: &str) -> Self {
        Self::assemble(
            test,
            |enrow| BaseUrl::parse(&enrow.url()),
            Some(other.data_dir.clone()),
            false,
        )
    }

    fn assemble(
        test: &str,
        api: impl FnOnce(&FakeEnrow) -> Result<BaseUrl, enrow::ConfigError>,
        shared_data: Option<std::path::PathBuf>,
        with_updater: bool,
    ) -> Self {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let enrow = runtime
            .block_on(FakeEnrow::start(FakeConfig::default()))
            .expect("fake starts");
        let api = api(&enrow);
        let updates = with_updater.then(|| enrow.latest_json_url());
        let keychain = Keychain::named(
            &format!("Enrow Desk commands test {test} {}", std::process::id()),
            enrow_keychain::ACCOUNT,
        );
        let exports = tempfile::tempdir().expect("temp dir");
        let (data_dir, data) = match shared_data {
            Some(dir) => (dir, None),
            None => {
                let data = tempfile::tempdir().expect("data folder");
                (data.path().to_path_buf(), Some(data))
            }
        };
        Self::build(Parts {
            _runtime: runtime,
            enrow,
            exports,
            data_dir,
            _data: data,
            keychain,
            api,
            updates,
        })
    }

    fn build(parts: Parts) -> Self {
        let setup = Setup {
            api: parts.api.clone(),
            keychain: parts.keychain.clone(),
            export_dir: Some(parts.exports.path().to_path_buf()),
            data_dir: Some(parts.data_dir.clone()),
        };
        let mut context = mock_context(noop_assets());
        // Its own data folder, never the real app's settings.
        context.config_mut().identifier = "app.enrowdesk.commands-test".into();
        let mut builder = run_app(mock_builder());
        if let Some(endpoint) = &parts.updates {
            // As `run` registers it, with this test's server; plain http is allowed here only.
            context.config_mut().plugins.0.insert(
                "updater".into(),
                json!({"pubkey": "", "endpoints": [endpoint], "dangerousInsecureTransportProtocol": true}),
            );
            builder = builder.plugin(tauri_plugin_updater::Builder::new().build());
        }
        let app = builder.build(context).expect("app builds");
        start(&app, setup).expect("app starts");
        let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("webview");
        Self {
            _app: app,
            webview,
            parts,
        }
    }

    /// The app closed and opened again, on the same data folder, keychain and fake Enrow.
    fn restart(self) -> Self {
        use tauri::Manager;
        // As the app does when it quits.
        self._app.state::<enrow_desk::AppState>().desk.shut_down();
        let Harness {
            _app,
            webview,
            parts,
        } = self;
        drop(webview);
        drop(_app);
        Self::build(parts)
    }

    fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("url"),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.webview, request)
            .map(|body| body.deserialize::<Value>().expect("json answer"))
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.invoke(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }

    fn error_code(&self, cmd: &str, args: Value) -> String {
        let error = self.invoke(cmd, args).expect_err("an error");
        error["code"].as_str().unwrap_or_default().to_owned()
    }

    /// Waits until the watch of `id` has its first answer, for ten seconds at most.
    fn wait_for_batch(&self, id: &str) {
        let started = Instant::now();
        while self.invoke("get_batch", json!({"id": id})).is_err() {
            assert!(started.elapsed() < Duration::from_secs(10));
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Every file under the app's data folder, once every save asked for so far is done, but
    /// for the empty lock file that keeps a second app from writing while this one runs.
    fn data_files(&self) -> Vec<std::path::PathBuf> {
        use tauri::Manager;
        self._app.state::<enrow_desk::AppState>().desk.flush();
        walkdir::WalkDir::new(&self.data_dir)
            .into_iter()
            .flatten()
            .filter(|entry| !entry.file_type().is_dir())
            .filter(|entry| entry.file_name() != desk::instance::LOCK_FILE)
            .map(walkdir::DirEntry::into_path)
            .collect()
    }

    fn save_session_key(&self) {
        self.ok("save_key", json!({"key": VALID_KEY, "sessionOnly": true}));
    }

    /// Polls `get_batch` until the batch has finished.
    fn wait_finished(&self, id: &str) -> Value {
        let started = Instant::now();
        loop {
            if let Ok(summary) = self.invoke("get_batch", json!({"id": id}))
                && summary["status"] != "ongoing"
            {
                return summary;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "batch {id} never finished"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn channel() -> Value {
    // The page passes a channel as this string; on the mock runtime its messages go nowhere.
    json!("__CHANNEL__:7")
}

#[test]
fn a_new_user_has_no_key_and_a_wrong_key_is_refused() {
    let h = Harness::new("wrong");
    let status = h.ok("get_key_status", json!({}));
    assert_eq!(status["storage"], "none");
    assert_eq!(status["hint"], Value::Null);
    assert_eq!(h.error_code("get_account", json!({})), "missing_key");
    assert_eq!(
        h.error_code(
            "save_key",
            json!({"key": "not-the-key", "sessionOnly": true})
        ),
        "invalid_key"
    );
    assert_eq!(h.ok("get_key_status", json!({}))["storage"], "none");
    assert_eq!(
        h.error_code("save_key", json!({"key": "  ", "sessionOnly": true})),
        "missing_key"
    );
}

#[test]
fn a_session_key_is_checked_and_only_its_end_is_shown() {
    let h = Harness::new("session");
    let saved = h.ok("save_key", json!({"key": VALID_KEY, "sessionOnly": true}));
    assert_eq!(saved["credits"], 36_000);
    assert_eq!(saved["status"]["storage"], "session");
    assert_eq!(saved["status"]["hint"], "…a1b2");
    assert!(
        !saved.to_string().contains(VALID_KEY),
        "the key never goes back to the page"
    );
    assert_eq!(h.ok("get_account", json!({}))["credits"], 36_000);
    assert_eq!(h.ok("remove_key", json!({}))["storage"], "none");
}

#[test]
fn a_keychain_key_outlives_the_app_and_can_be_removed() {
    let h = Harness::new("keychain");
    if !enrow_keychain::testing::usable(&h.keychain) {
        return;
    }
    let saved = h.ok("save_key", json!({"key": VALID_KEY, "sessionOnly": false}));
    assert_eq!(saved["status"]["storage"], "keychain");
    assert_eq!(
        h.keychain
            .load()
            .expect("load")
            .map(|k| k.hint())
            .as_deref(),
        Some("…a1b2")
    );
    // A second app (a restart) reads it from the keychain.
    let again = desk::keys::KeyStore::new(
        std::sync::Arc::new(h.keychain.clone()),
        desk::keys::KEYCHAIN_TIMEOUT,
    );
    let status = tauri::async_runtime::block_on(again.status());
    assert_eq!(status.hint.as_deref(), Some("…a1b2"));
    assert_eq!(h.ok("remove_key", json!({}))["storage"], "none");
    assert!(
        h.keychain.load().expect("load").is_none(),
        "gone from the keychain"
    );
}

#[test]
fn a_bad_paste_is_refused_before_any_request() {
    let h = Harness::new("paste");
    h.save_session_key();
    let before = h.enrow.requests().len();
    assert_eq!(
        h.error_code(
            "open_batch",
            json!({"pasted": "hello", "onEvent": channel()})
        ),
        "invalid_batch_id"
    );
    assert_eq!(h.enrow.requests().len(), before);
}

#[test]
fn open_watch_read_and_export_a_batch() {
    let h = Harness::new("journey");
    h.save_session_key();
    let pasted = format!("  \"https://api.enrow.io/phone/bulk?id={DOCUMENTED_ID}\" ");
    let opened = h.ok(
        "open_batch",
        json!({"pasted": pasted, "onEvent": channel()}),
    );
    assert_eq!(opened["id"], DOCUMENTED_ID);
    let summary = h.wait_finished(DOCUMENTED_ID);
    assert_eq!(summary["status"], "completed");
    assert_eq!(summary["found"], 2);
    assert_eq!(summary["creditsNet"], 80);

    let rows = h.ok("get_rows", json!({"id": DOCUMENTED_ID}));
    assert_eq!(rows["rows"].as_array().map(Vec::len), Some(2));
    assert_eq!(rows["rows"][0][2], "+15705551234");

    // Opening it again does not ask Enrow again.
    let asked = h.enrow.count(Endpoint::GetPhoneBulk);
    h.ok(
        "open_batch",
        json!({"pasted": DOCUMENTED_ID, "onEvent": channel()}),
    );
    assert_eq!(h.enrow.count(Endpoint::GetPhoneBulk), asked);

    let exported = h.ok(
        "export_batch",
        json!({"id": DOCUMENTED_ID, "format": "xlsx", "delimiter": "comma", "foundOnly": false,
               "labels": {"resultsSheet": "Telefoonnummers", "summarySheet": "Samenvatting"}}),
    );
    assert_eq!(exported["rows"], 2);
    let path = std::path::PathBuf::from(exported["path"].as_str().expect("path"));
    assert!(path.starts_with(h.exports.path()));
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_owned();
    assert!(
        name.starts_with("enrow-phones-e3b61122-") && name.ends_with(".xlsx"),
        "{name}"
    );
    use calamine::Reader;
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&path).expect("opens");
    assert_eq!(workbook.sheet_names(), ["Telefoonnummers", "Samenvatting"]);
    assert!(workbook.worksheet_range("Telefoonnummers").is_ok());

    let csv = h.ok(
        "export_batch",
        json!({"id": DOCUMENTED_ID, "format": "csv", "delimiter": "semicolon", "foundOnly": true, "labels": {}}),
    );
    let text = std::fs::read_to_string(csv["path"].as_str().expect("path")).expect("csv");
    assert!(
        text.starts_with("\u{feff}Index;Result;Phone number"),
        "{text}"
    );

    assert_eq!(
        h.error_code("reveal_export", json!({"path": "/etc/passwd"})),
        "unknown_file"
    );
    // A merge reads only a file the person picked in the system's dialog, never one the page
    // names.
    for command in ["preview_merge", "save_merge"] {
        assert_eq!(
            h.error_code(
                command,
                json!({"id": DOCUMENTED_ID, "path": "/etc/passwd", "sheet": null, "labels": {}})
            ),
            "unknown_file",
            "{command}"
        );
    }
}

#[test]
fn an_unknown_batch_and_a_stopped_watch_that_sends_nothing_more() {
    let h = Harness::new("unknown");
    h.save_session_key();
    assert_eq!(
        h.error_code("get_rows", json!({"id": DOCUMENTED_ID})),
        "unknown_batch"
    );
    let id = id_of(Scenario::OngoingForever);
    h.ok("open_batch", json!({"pasted": id, "onEvent": channel()}));
    h.wait_for_batch(id);
    let summary = h.ok("get_batch", json!({"id": id}));
    assert_eq!(
        (summary["finished"].clone(), summary["requested"].clone()),
        (json!(3), json!(10))
    );
    h.ok("stop_watch", json!({"id": id}));
    assert_eq!(h.error_code("get_rows", json!({"id": id})), "unknown_batch");
    // The watch has ended once the history says so; from then on nothing is sent.
    let started = Instant::now();
    while h.ok("subscribe_history", json!({"onEvent": channel()}))[0]["watching"] != false {
        assert!(started.elapsed() < Duration::from_secs(10), "never stopped");
        std::thread::sleep(Duration::from_millis(20));
    }
    let sent = h.enrow.count(Endpoint::GetPhoneBulk);
    // Longer than the watch's first wait (2 s): a watch still running would have checked.
    std::thread::sleep(Duration::from_millis(2500));
    assert_eq!(h.enrow.count(Endpoint::GetPhoneBulk), sent);
}

#[test]
fn a_second_app_on_the_same_data_saves_nothing_and_says_so() {
    let first = Harness::new("first-of-two");
    assert_eq!(first.ok("app_info", json!({}))["readOnly"], false);
    let second = Harness::on_data_of(&first, "second-of-two");
    assert_eq!(second.ok("app_info", json!({}))["readOnly"], true);
    assert_eq!(
        second.error_code("set_settings", json!({"language": "nl"})),
        "not_saved"
    );
    second.save_session_key();
    second.ok(
        "open_batch",
        json!({"pasted": DOCUMENTED_ID, "onEvent": channel()}),
    );
    second.wait_finished(DOCUMENTED_ID);
    assert!(
        first.data_files().is_empty(),
        "the second app wrote nothing: {:?}",
        first.data_files()
    );
}

#[test]
fn a_refused_enrow_address_is_explained_and_nothing_is_sent() {
    let h = Harness::with_api("bad-url", BaseUrl::parse("http://192.0.2.1:8080"));
    let info = h.ok("app_info", json!({}));
    assert_eq!(info["apiError"]["code"], "invalid_api_url");
    assert_eq!(info["apiUrl"], Value::Null);
    assert!(
        info["apiError"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("192.0.2.1")),
        "{info}"
    );
    assert_eq!(
        h.error_code("save_key", json!({"key": VALID_KEY, "sessionOnly": true})),
        "invalid_api_url"
    );
    assert!(h.enrow.requests().is_empty());
}

#[test]
fn links_settings_and_app_facts() {
    let h = Harness::new("system");
    assert_eq!(
        h.error_code(
            "open_linkedin",
            json!({"url": "https://linkedin.com.evil.com/in/x"})
        ),
        "not_linkedin"
    );
    assert_eq!(h.ok("get_settings", json!({}))["language"], "auto");
    assert_eq!(
        h.ok("set_settings", json!({"language": "nl"}))["language"],
        "nl"
    );
    assert_eq!(h.ok("get_settings", json!({}))["language"], "nl");
    assert!(
        h.invoke("set_settings", json!({"language": "klingon"}))
            .is_err()
    );
    let info = h.ok("app_info", json!({}));
    assert_eq!(info["customApi"], true);
    assert!(
        info["apiUrl"]
            .as_str()
            .unwrap_or_default()
            .starts_with("http://127.0.0.1:")
    );
}

#[test]
fn a_completed_batch_reopens_after_a_restart_without_enrow() {
    let h = Harness::new("offline");
    h.save_session_key();
    h.ok(
        "open_batch",
        json!({"pasted": DOCUMENTED_ID, "onEvent": channel()}),
    );
    h.wait_finished(DOCUMENTED_ID);
    let history = h.ok("subscribe_history", json!({"onEvent": channel()}));
    assert_eq!(history[0]["id"], DOCUMENTED_ID);
    assert_eq!(history[0]["cached"], true);

    let h = h.restart();
    let asked = h.enrow.count(Endpoint::GetPhoneBulk);
    h.ok(
        "open_batch",
        json!({"pasted": DOCUMENTED_ID, "onEvent": channel()}),
    );
    assert_eq!(h.ok("get_batch", json!({"id": DOCUMENTED_ID}))["found"], 2);
    assert_eq!(
        h.ok("get_rows", json!({"id": DOCUMENTED_ID}))["rows"][1][2],
        "+15705555678"
    );
    assert_eq!(
        h.enrow.count(Endpoint::GetPhoneBulk),
        asked,
        "no request to Enrow"
    );
    let exported = h.ok(
        "export_batch",
        json!({"id": DOCUMENTED_ID, "format": "json", "delimiter": "comma", "foundOnly": false, "labels": {}}),
    );
    assert_eq!(exported["rows"], 2);
}

#[test]
fn a_batch_being_watched_is_resumed_at_the_next_start() {
    let h = Harness::new("resume");
    // The key must outlive the app, so this needs the keychain.
    if !enrow_keychain::testing::usable(&h.keychain) {
        return;
    }
    h.ok("save_key", json!({"key": VALID_KEY, "sessionOnly": false}));
    let id = id_of(Scenario::OngoingForever);
    h.ok("open_batch", json!({"pasted": id, "onEvent": channel()}));
    h.wait_for_batch(id);
    let entry = h.ok("subscribe_history", json!({"onEvent": channel()}))[0].clone();
    assert_eq!(entry["watching"], true);

    // The app goes away mid-watch; the next start picks the batch up again: the new app has
    // the batch open (nothing but its start-up opens it) with a check made since it started.
    let checks_before = h.enrow.count(Endpoint::GetPhoneBulk);
    let restarted_at = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_millis() as u64;
    let h = h.restart();
    h.wait_for_batch(id);
    let summary = h.ok("get_batch", json!({"id": id}));
    assert!(
        summary["checkedAt"].as_u64().expect("checked at") >= restarted_at,
        "checked by the new app: {summary}"
    );
    assert!(h.enrow.count(Endpoint::GetPhoneBulk) > checks_before);
    let _ = h.keychain.delete();
}

#[test]
fn rename_forget_and_clear_everything() {
    let h = Harness::new("forget");
    h.save_session_key();
    h.ok("set_settings", json!({"language": "fr"}));
    for id in [DOCUMENTED_ID, id_of(Scenario::NotFoundMix)] {
        h.ok("open_batch", json!({"pasted": id, "onEvent": channel()}));
        h.wait_finished(id);
    }
    let renamed = h.ok(
        "rename_batch",
        json!({"id": DOCUMENTED_ID, "label": "  Q4 leads  "}),
    );
    assert_eq!(renamed["label"], "Q4 leads");
    assert_eq!(
        h.ok("rename_batch", json!({"id": DOCUMENTED_ID, "label": ""}))["label"],
        Value::Null
    );

    h.ok("forget_batch", json!({"id": DOCUMENTED_ID}));
    let history = h.ok("subscribe_history", json!({"onEvent": channel()}));
    assert_eq!(history.as_array().map(Vec::len), Some(1));
    assert!(
        !h.data_files()
            .iter()
            .any(|p| p.to_string_lossy().contains(DOCUMENTED_ID))
    );
    assert_eq!(
        h.error_code("get_rows", json!({"id": DOCUMENTED_ID})),
        "unknown_batch"
    );

    h.ok("clear_local_data", json!({}));
    assert_eq!(
        h.ok("subscribe_history", json!({"onEvent": channel()})),
        json!([])
    );
    assert!(h.data_files().is_empty(), "left: {:?}", h.data_files());
    assert_eq!(h.ok("get_settings", json!({}))["language"], "auto");
}

#[test]
fn the_demo_needs_no_key_and_leaves_nothing_behind() {
    let h = Harness::new("demo");
    let started = h.ok("start_demo", json!({}));
    let id = started["id"].as_str().expect("id").to_owned();
    assert_eq!(h.ok("get_key_status", json!({}))["storage"], "demo");
    assert_eq!(h.ok("app_info", json!({}))["demo"], true);
    h.ok("open_batch", json!({"pasted": id, "onEvent": channel()}));
    let summary = h.wait_finished(&id);
    assert_eq!(summary["status"], "completed");
    assert_eq!(summary["requested"], 40);
    let rows = h.ok("get_rows", json!({"id": id}))["rows"].clone();
    let rows = rows.as_array().expect("rows");
    let found = rows.iter().filter(|r| r[1] == "found").count();
    assert!(found > 10 && found < 40, "a realistic mix: {found} of 40");
    let countries: std::collections::BTreeSet<String> = rows
        .iter()
        .filter_map(|r| r[3].as_str().map(str::to_owned))
        .collect();
    assert!(countries.len() >= 3, "{countries:?}");
    assert!(
        rows.iter().any(|r| r.to_string().contains("Schröder")),
        "names with accents"
    );
    let history = h.ok("subscribe_history", json!({"onEvent": channel()}));
    assert_eq!(history[0]["demo"], true);
    // The page names it in the person's language.
    assert_eq!(history[0]["label"], Value::Null);
    let exported = h.ok(
        "export_batch",
        json!({"id": id, "format": "xlsx", "delimiter": "comma", "foundOnly": false, "labels": {}}),
    );
    assert_eq!(exported["rows"], 40);
    assert_eq!(
        h.enrow.requests().len(),
        0,
        "the real (here: test) Enrow was never asked"
    );
    assert!(
        h.keychain.load().ok().flatten().is_none(),
        "no key was stored"
    );

    let status = h.ok("leave_demo", json!({}));
    assert_eq!(status["storage"], "none");
    assert_eq!(
        h.ok("subscribe_history", json!({"onEvent": channel()})),
        json!([])
    );
    assert_eq!(h.ok("app_info", json!({}))["demo"], false);
}

/// The page may call exactly the commands the app registers: `build.rs` (which makes their
/// permissions), the capability, `generate_handler!` and `ui/js/ipc.js` name the same ones.
#[test]
fn every_list_of_commands_names_the_same_commands() {
    use std::collections::BTreeSet;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |path: &str| std::fs::read_to_string(root.join(path)).expect(path);
    let between = |text: &str, start: &str, end: &str| -> String {
        let from = text.find(start).unwrap_or_else(|| panic!("{start}")) + start.len();
        let to = text[from..].find(end).unwrap_or_else(|| panic!("{end}")) + from;
        text[from..to].to_owned()
    };
    let quoted = |text: &str| -> BTreeSet<String> {
        text.split('"')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    };

    let build = quoted(&between(
        &read("src-tauri/build.rs"),
        "COMMANDS: &[&str] = &[",
        "];",
    ));
    let capability: Value = serde_json::from_str(&read("capabilities/main.json")).expect("json");
    let allowed: BTreeSet<String> = capability["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .filter_map(|p| p.as_str()?.strip_prefix("allow-"))
        .map(|name| name.replace('-', "_"))
        .collect();
    let handler: BTreeSet<String> = between(&read("src-tauri/lib.rs"), "generate_handler![", "]")
        .split(',')
        .filter_map(|path| path.trim().rsplit("::").next())
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect();
    let page: BTreeSet<String> = read("ui/js/ipc.js")
        .split("call('")
        .skip(1)
        .filter_map(|rest| rest.split('\'').next())
        .map(str::to_owned)
        .collect();

    assert!(build.len() > 20, "{build:?}");
    assert_eq!(allowed, build, "capabilities/main.json");
    assert_eq!(handler, build, "generate_handler! in src-tauri/lib.rs");
    assert_eq!(page, build, "ui/js/ipc.js");
}

#[test]
fn the_update_check_offers_a_new_version_says_up_to_date_and_explains_an_unreachable_server() {
    let h = Harness::with_updates("updates");
    let version = h.ok("app_info", json!({}))["version"].clone();
    let asked = || h.enrow.count(Endpoint::LatestJson);

    h.enrow.announce_version("9.0.0");
    let offer = h.ok("check_for_update", json!({"quiet": false}));
    assert_eq!(offer["version"], "9.0.0");
    assert_eq!(offer["currentVersion"], version);
    assert!(
        offer["notes"]
            .as_str()
            .is_some_and(|n| n.contains("Faster exports")),
        "{offer}"
    );
    assert_eq!(offer["publishedAt"], 1_796_119_200_000_i64);
    // This build carries no update key, so it offers the download page, never an unchecked
    // install.
    assert_eq!(offer["installable"], false);
    assert_eq!(
        h.error_code("install_update", json!({"onEvent": channel()})),
        "update_failed"
    );

    h.enrow
        .announce_version(version.as_str().expect("a version"));
    assert_eq!(
        h.ok("check_for_update", json!({"quiet": false})),
        Value::Null,
        "up to date"
    );

    // Just checked: the quiet check at start does not ask again today.
    let before = asked();
    assert_eq!(
        h.ok("check_for_update", json!({"quiet": true})),
        Value::Null
    );
    assert_eq!(asked(), before);

    h.enrow.set_latest_json(fake_enrow::Reply::html(503));
    assert_eq!(
        h.error_code("check_for_update", json!({"quiet": false})),
        "update_unreachable"
    );
}

#[test]
fn the_quiet_update_check_looks_once_a_day_and_never_when_turned_off() {
    let h = Harness::with_updates("quiet-updates");
    h.enrow.announce_version("9.0.0");
    assert_eq!(h.ok("get_settings", json!({}))["checkUpdates"], true);
    // The first start: due, and found.
    assert_eq!(
        h.ok("check_for_update", json!({"quiet": true}))["version"],
        "9.0.0"
    );
    assert_eq!(h.enrow.count(Endpoint::LatestJson), 1);

    let off = Harness::with_updates("no-updates");
    off.enrow.announce_version("9.0.0");
    assert_eq!(
        off.ok("set_settings", json!({"checkUpdates": false}))["checkUpdates"],
        false
    );
    assert_eq!(
        off.ok("check_for_update", json!({"quiet": true})),
        Value::Null
    );
    assert_eq!(
        off.enrow.count(Endpoint::LatestJson),
        0,
        "a company machine is never asked"
    );
    // "Check for updates" in Settings still works there.
    assert_eq!(
        off.ok("check_for_update", json!({"quiet": false}))["version"],
        "9.0.0"
    );
}
