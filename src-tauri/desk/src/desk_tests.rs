//! The desk end to end without a window: real HTTP to the fake Enrow on 127.0.0.1, real files in
//! a throw-away data folder, a scripted keychain.

// A test fails by panicking; helpers outside `#[test]` functions may too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use enrow::WatchConfig;
use fake_enrow::scenarios::{DOCUMENTED_ID, id_of};
use fake_enrow::{Endpoint, FakeConfig, FakeEnrow, KeyProfile, Scenario, VALID_KEY};

use crate::desk::{DEMO_FOLDER, Desk, DeskConfig};
use crate::error::Code;
use crate::events::Sink;
use crate::events::testing::Recorder;
use crate::jobs::BatchEvent;
use crate::keys::testing::ScriptedKeychain;
use crate::keys::{KEYCHAIN_TIMEOUT, SecretStore};
use crate::lock::lock;
use crate::settings::Language;

const SECOND_KEY: &str = "fake-key-second-0000b7b8";

/// A fake Enrow, a scripted keychain holding the valid key, and a throw-away data folder
/// (shared with the lists' tests).
pub(crate) struct World {
    pub(crate) runtime: tokio::runtime::Runtime,
    pub(crate) enrow: FakeEnrow,
    pub(crate) keychain: Arc<ScriptedKeychain>,
    data: tempfile::TempDir,
}

impl World {
    pub(crate) fn new() -> Self {
        let mut config = FakeConfig::default();
        config
            .keys
            .insert(SECOND_KEY.to_owned(), KeyProfile::Valid { credits: 10 });
        Self::with(config)
    }

    pub(crate) fn with(config: FakeConfig) -> Self {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let enrow = runtime.block_on(FakeEnrow::start(config)).expect("fake");
        let keychain = Arc::new(ScriptedKeychain::default());
        *lock(&keychain.stored) = Some(VALID_KEY.to_owned());
        Self {
            runtime,
            enrow,
            keychain,
            data: tempfile::tempdir().expect("data folder"),
        }
    }

    pub(crate) fn data_path(&self) -> &std::path::Path {
        self.data.path()
    }

    pub(crate) fn desk(&self) -> Desk {
        self.desk_on(self.runtime.handle().clone())
    }

    fn desk_on(&self, runtime: tokio::runtime::Handle) -> Desk {
        Desk::open(DeskConfig {
            data_dir: self.data.path().to_path_buf(),
            logs_dir: None,
            api: enrow::BaseUrl::parse(&self.enrow.url()),
            secrets: Arc::clone(&self.keychain) as Arc<dyn SecretStore>,
            keychain_timeout: KEYCHAIN_TIMEOUT,
            runtime,
            on_finished: Arc::new(|_| {}),
            watch: WatchConfig {
                first_interval: Duration::from_millis(20),
                failure_first_delay: Duration::from_millis(20),
                ..WatchConfig::default()
            },
            demo_latency: Duration::ZERO,
            user_agent: "EnrowDesk/test".to_owned(),
        })
    }

    fn checks(&self) -> usize {
        self.enrow.count(Endpoint::GetPhoneBulk)
    }

    fn keys_sent(&self) -> Vec<String> {
        self.enrow
            .requests()
            .into_iter()
            .filter(|r| r.endpoint == Endpoint::GetPhoneBulk)
            .map(|r| r.api_key.unwrap_or_default())
            .collect()
    }
}

impl Drop for World {
    /// The runtime's blocking threads (keychain calls, disk flushes) can still hold a desk when
    /// a test ends, and its disk thread could then write its last settings into the data folder
    /// while the folder is being deleted (a folder holding only a settings file, the key noted
    /// as removed, was once found left under the system's temporary folder after CI). They are
    /// waited for (10 s at most) before the folder goes.
    fn drop(&mut self) {
        let spare = tokio::runtime::Builder::new_current_thread().build();
        if let Ok(spare) = spare {
            std::mem::replace(&mut self.runtime, spare).shutdown_timeout(Duration::from_secs(10));
        }
    }
}

/// Polls `ok` until it holds; fails after a generous while (this is not a timing test).
pub(crate) fn wait_until(what: &str, ok: impl Fn() -> bool) {
    let started = Instant::now();
    while !ok() {
        assert!(started.elapsed() < Duration::from_secs(20), "never: {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn finished(desk: &Desk, id: &str) -> bool {
    desk.summary(id).is_ok_and(|s| s.status != "ongoing")
}

fn kinds(recorder: &Recorder<BatchEvent>) -> Vec<&'static str> {
    recorder
        .seen()
        .iter()
        .map(|event| match event {
            BatchEvent::Checking { .. } => "checking",
            BatchEvent::Progress { .. } => "progress",
            BatchEvent::Retrying { .. } => "retrying",
            BatchEvent::Finished { .. } => "finished",
            BatchEvent::Error { .. } => "error",
            BatchEvent::Stopped { .. } => "stopped",
        })
        .collect()
}

#[test]
fn a_running_batch_reports_each_check_then_finishes() {
    let world = World::new();
    let desk = world.desk();
    let events = Recorder::new();
    let id = id_of(Scenario::OngoingThenCompleted);
    world
        .runtime
        .block_on(desk.open_batch(id, events.sink()))
        .expect("opened");
    wait_until("finished", || finished(&desk, id));
    wait_until("the finished event", || {
        kinds(&events).last() == Some(&"finished")
    });
    assert_eq!(
        kinds(&events),
        [
            "checking", "progress", "checking", "progress", "checking", "progress", "checking",
            "finished"
        ]
    );
    assert_eq!(desk.rows(id).expect("rows").len(), 25);
}

#[test]
fn a_finished_batch_leaves_memory_once_its_results_are_on_disk() {
    let world = World::new();
    let desk = world.desk();
    world
        .runtime
        .block_on(desk.open_batch(DOCUMENTED_ID, Sink::nowhere()))
        .expect("opened");
    wait_until("finished", || finished(&desk, DOCUMENTED_ID));
    desk.flush();
    let (_, job) = desk.job(DOCUMENTED_ID).expect("open");
    wait_until("the rows left memory", || !job.holds_rows());
    // Still there for the grid and exports, read back from disk.
    assert_eq!(desk.rows(DOCUMENTED_ID).expect("rows").len(), 2);
}

#[test]
fn the_demo_cannot_touch_a_real_batch() {
    let world = World::new();
    let desk = world.desk();
    let rt = &world.runtime;
    rt.block_on(desk.open_batch(DOCUMENTED_ID, Sink::nowhere()))
        .expect("opened");
    wait_until("finished", || finished(&desk, DOCUMENTED_ID));
    desk.flush();
    let real_results = world
        .data
        .path()
        .join("batches")
        .join(format!("{DOCUMENTED_ID}.json"));
    assert!(real_results.exists());

    // Without a key, as after "Replace key" or a removed one.
    rt.block_on(desk.remove_key()).expect("removed");
    let demo_id = rt.block_on(desk.start_demo()).expect("demo");
    rt.block_on(desk.open_batch(&demo_id, Sink::nowhere()))
        .expect("demo batch");
    wait_until("the demo batch finished", || finished(&desk, &demo_id));
    let asked = world.checks();

    // The real batch, clicked in the history during the demo: read from this computer, still
    // a real batch.
    rt.block_on(desk.open_batch(DOCUMENTED_ID, Sink::nowhere()))
        .expect("reopened");
    let real = desk
        .entries()
        .into_iter()
        .find(|e| e.id == DOCUMENTED_ID)
        .expect("listed");
    assert!(!real.demo, "never marked as a demo batch");

    // "Check now" on it goes to Enrow with the person's key, never to the demo's server: here
    // there is no key, so it says so and sends nothing at all.
    let error = rt
        .block_on(desk.check_now(DOCUMENTED_ID))
        .expect_err("needs a key");
    assert_eq!(error.code, Code::MissingKey);
    assert_eq!(world.checks(), asked);

    // A new id pasted during the demo is refused before anything is sent.
    let unknown = "11111111-2222-4333-8444-555555555555";
    let error = rt
        .block_on(desk.open_batch(unknown, Sink::nowhere()))
        .expect_err("demo only");
    assert_eq!(error.code, Code::DemoOnly);
    assert!(desk.entries().iter().all(|e| e.id != unknown));
    assert_eq!(world.checks(), asked);

    desk.rename(DOCUMENTED_ID, "Q4 leads").expect("renamed");
    let left = rt.block_on(desk.leave_demo());
    assert_eq!(left.storage, crate::keys::Storage::None);
    desk.flush();
    let entries = desk.entries();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0].label.as_deref(), Some("Q4 leads"));
    assert!(real_results.exists(), "the real batch's results stay");
    assert!(!world.data.path().join(DEMO_FOLDER).exists());

    // And the next start does not forget it either.
    drop(desk);
    let again = world.desk();
    assert_eq!(again.entries().len(), 1);
}

#[test]
fn removing_the_key_stops_every_watch_and_saving_one_resumes_it() {
    let world = World::new();
    let desk = world.desk();
    let rt = &world.runtime;
    let events = Recorder::new();
    let id = id_of(Scenario::OngoingForever);
    rt.block_on(desk.open_batch(id, events.sink()))
        .expect("opened");
    wait_until("checked twice", || world.checks() >= 2);

    rt.block_on(desk.remove_key()).expect("removed");
    wait_until("the watch says it needs a key", || {
        events
            .seen()
            .iter()
            .any(|e| matches!(e, BatchEvent::Error { error, .. } if error.code == Code::MissingKey))
    });
    let (_, job) = desk.job(id).expect("open");
    assert!(!job.is_running() && job.needs_key());
    let sent = world.checks();
    let error = rt.block_on(desk.check_now(id)).expect_err("no key");
    assert_eq!(error.code, Code::MissingKey);
    assert_eq!(world.checks(), sent, "the removed key is never sent again");
    let entry = desk
        .entries()
        .into_iter()
        .find(|e| e.id == id)
        .expect("listed");
    assert!(!entry.watching && entry.waits_for_key(), "{entry:?}");

    rt.block_on(desk.save_key(VALID_KEY, true)).expect("saved");
    wait_until("checked again with the new key", || world.checks() > sent);
    assert!(job.is_running());
}

#[test]
fn replacing_the_key_restarts_running_watches_with_the_new_one() {
    let world = World::new();
    let desk = world.desk();
    let rt = &world.runtime;
    let id = id_of(Scenario::OngoingForever);
    rt.block_on(desk.open_batch(id, Sink::nowhere()))
        .expect("opened");
    wait_until("checked", || world.checks() >= 1);
    rt.block_on(desk.save_key(SECOND_KEY, true)).expect("saved");
    wait_until("checked with the new key", || {
        world
            .keys_sent()
            .iter()
            .filter(|k| *k == SECOND_KEY)
            .count()
            >= 2
    });
    let sent = world.keys_sent();
    let first_new = sent.iter().position(|k| k == SECOND_KEY).expect("new key");
    assert!(
        sent[first_new..].iter().all(|k| k == SECOND_KEY),
        "the old key is not used after the new one: {sent:?}"
    );
}

#[test]
fn a_locked_keychain_is_reported_not_taken_for_no_key() {
    let world = World::new();
    *lock(&world.keychain.failure) = Some(enrow_keychain::KeychainError::Locked {
        detail: "the login keyring is locked".into(),
    });
    let desk = world.desk();
    let error = world
        .runtime
        .block_on(desk.open_batch(id_of(Scenario::OngoingForever), Sink::nowhere()))
        .expect_err("cannot read the key");
    assert_eq!(error.code, Code::KeychainLocked);
    let status = world.runtime.block_on(desk.key_status());
    assert_eq!(
        status.keychain_error.map(|e| e.code),
        Some(Code::KeychainLocked)
    );
    assert_eq!(world.checks(), 0);
}

#[test]
fn a_second_app_on_the_same_folder_saves_nothing() {
    let world = World::new();
    let first = world.desk();
    let second = world.desk();
    assert!(!first.is_read_only());
    assert!(second.is_read_only());
    world
        .runtime
        .block_on(second.open_batch(DOCUMENTED_ID, Sink::nowhere()))
        .expect("opened");
    wait_until("finished", || finished(&second, DOCUMENTED_ID));
    assert_eq!(
        second.rows(DOCUMENTED_ID).expect("rows").len(),
        2,
        "shown from memory"
    );
    let error = second
        .set_language(Language::Nl)
        .expect_err("not saved here");
    assert_eq!(error.code, Code::NotSaved);
    second.flush();
    // Nothing of the second's reached the folder: no history, no results, no settings.
    let written: Vec<_> = walkdir::WalkDir::new(world.data.path())
        .into_iter()
        .flatten()
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name != crate::instance::LOCK_FILE)
        .collect();
    assert!(written.is_empty(), "the second app wrote {written:?}");
    // And an app opened on the folder once both are gone finds nothing of it.
    first.shut_down();
    drop((first, second));
    let third = world.desk();
    assert!(!third.is_read_only());
    assert!(third.entries().is_empty());
    assert_eq!(third.settings().language, Language::Auto);
}

#[test]
fn a_batch_being_watched_is_resumed_at_the_next_start() {
    let world = World::new();
    let id = id_of(Scenario::OngoingForever);
    {
        // The first app runs on a runtime of its own, which dies with it, as a process would.
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let desk = world.desk_on(runtime.handle().clone());
        runtime
            .block_on(desk.open_batch(id, Sink::nowhere()))
            .expect("opened");
        wait_until("checked", || world.checks() >= 1);
        desk.flush();
        runtime.shutdown_background();
    }
    let before = world.checks();
    let desk = world.desk();
    assert!(desk.job(id).is_err(), "not open until resumed");
    world.runtime.block_on(desk.resume_watches());
    wait_until("checked by the new app", || world.checks() > before);
    assert!(desk.job(id).is_ok_and(|(_, job)| job.is_running()));
}

#[test]
fn a_batch_waiting_for_a_key_is_picked_up_at_the_next_start_once_one_is_saved() {
    let world = World::new();
    let id = id_of(Scenario::OngoingForever);
    {
        let desk = world.desk();
        world
            .runtime
            .block_on(desk.open_batch(id, Sink::nowhere()))
            .expect("opened");
        wait_until("checked", || world.checks() >= 1);
        world.runtime.block_on(desk.remove_key()).expect("removed");
        wait_until("waiting for a key", || {
            desk.job(id).is_ok_and(|(_, job)| job.needs_key())
        });
        desk.shut_down();
    }
    let desk = world.desk();
    world.runtime.block_on(desk.resume_watches());
    assert!(
        desk.job(id).is_ok_and(|(_, job)| job.needs_key()),
        "open, and waiting for a key"
    );
    let before = world.checks();
    world
        .runtime
        .block_on(desk.save_key(VALID_KEY, true))
        .expect("saved");
    wait_until("checked with the key", || world.checks() > before);
}

#[test]
fn a_key_removed_while_the_keychain_kept_it_is_not_used_at_the_next_start() {
    let world = World::new();
    let id = id_of(Scenario::OngoingForever);
    {
        // The keychain holds an older key but is locked: the person keeps one for the session.
        *lock(&world.keychain.failure) = Some(enrow_keychain::KeychainError::Locked {
            detail: "the login keyring is locked".into(),
        });
        let desk = world.desk();
        let rt = &world.runtime;
        rt.block_on(desk.save_key(SECOND_KEY, true)).expect("saved");
        rt.block_on(desk.open_batch(id, Sink::nowhere()))
            .expect("opened");
        wait_until("checked", || world.checks() >= 1);
        // Removed while the keychain is still locked: it cannot delete the older key.
        let error = rt.block_on(desk.remove_key()).expect_err("keychain locked");
        assert_eq!(error.code, Code::KeychainLocked);
        assert_eq!(rt.block_on(desk.key_status()).hint, None);
        wait_until("waiting for a key", || {
            desk.job(id).is_ok_and(|(_, job)| job.needs_key())
        });
        desk.shut_down();
    }
    // The next start, the keychain unlocked and still holding the older key.
    *lock(&world.keychain.failure) = None;
    assert_eq!(lock(&world.keychain.stored).as_deref(), Some(VALID_KEY));
    let before = world.keys_sent().len();
    let desk = world.desk();
    assert_eq!(
        world.runtime.block_on(desk.key_status()).storage,
        crate::keys::Storage::None
    );
    world.runtime.block_on(desk.resume_watches());
    assert!(desk.job(id).is_ok_and(|(_, job)| job.needs_key()));
    assert_eq!(
        world.keys_sent().len(),
        before,
        "the removed key is never sent"
    );
    // Once a key is saved in the keychain again, it is the one used, now and at the next start.
    world
        .runtime
        .block_on(desk.save_key(VALID_KEY, false))
        .expect("saved");
    wait_until("checked again", || world.keys_sent().len() > before);
    desk.shut_down();
    drop(desk);
    let again = world.desk();
    assert_eq!(
        world.runtime.block_on(again.key_status()).storage,
        crate::keys::Storage::Keychain
    );
}

#[test]
fn a_watch_asked_for_before_the_key_was_removed_never_starts() {
    let world = World::new();
    let desk = world.desk();
    let rt = &world.runtime;
    let id = id_of(Scenario::OngoingForever);
    rt.block_on(desk.open_batch(id, Sink::nowhere()))
        .expect("opened");
    wait_until("checked", || world.checks() >= 1);
    let (_, job) = desk.job(id).expect("open");
    // A restart asked for with the key in use (its epoch), then the key removed before it
    // could start, as when a watch ends just as "Remove key" is pressed.
    let epoch = job.key_epoch();
    rt.block_on(desk.remove_key()).expect("removed");
    wait_until("stopped", || !job.is_running());
    let sent = world.checks();
    let client = {
        let _entered = rt.enter();
        enrow::EnrowClient::new(
            &enrow::ApiKey::new(VALID_KEY).expect("key"),
            enrow::ClientConfig {
                base_url: enrow::BaseUrl::parse(&world.enrow.url()).expect("url"),
                ..enrow::ClientConfig::default()
            },
        )
        .expect("client")
    };
    assert!(!job.start_watch(client, WatchConfig::default(), epoch));
    assert!(!job.is_running() && job.needs_key());
    assert_eq!(world.checks(), sent, "nothing sent with the removed key");
}

#[test]
fn check_now_never_replaces_saved_numbers_with_fewer() {
    let world = World::new();
    let desk = world.desk();
    let rt = &world.runtime;
    rt.block_on(desk.open_batch(DOCUMENTED_ID, Sink::nowhere()))
        .expect("opened");
    wait_until("finished", || finished(&desk, DOCUMENTED_ID));
    desk.flush();
    let saved = std::fs::read(
        world
            .data
            .path()
            .join(crate::library::RESULTS_FOLDER)
            .join(format!("{DOCUMENTED_ID}.json")),
    )
    .expect("saved results");

    for poorer in [
        // Failed on Enrow's side since, and emptied.
        fake_enrow::sample::failed(DOCUMENTED_ID, 0, 2),
        // Completed, but the rows' numbers gone.
        bytes::Bytes::from(
            fake_enrow::scenarios::DOCUMENTED_ANSWER
                .replace("\"found\"", "\"not_found\"")
                .replace("+", "0"),
        ),
    ] {
        world.enrow.push_fault(
            Endpoint::GetPhoneBulk,
            fake_enrow::Reply::ok(poorer.clone()),
        );
        let events = Recorder::new();
        let (_, job) = desk.job(DOCUMENTED_ID).expect("open");
        job.subscribe(events.sink());
        rt.block_on(desk.check_now(DOCUMENTED_ID)).expect("checked");
        wait_until("checked again", || {
            events.seen().iter().any(|e| {
                matches!(e, BatchEvent::Finished { kept_saved: true, summary, .. }
                    if summary.found == 2)
            })
        });
        desk.flush();
        assert_eq!(desk.rows(DOCUMENTED_ID).expect("rows").len(), 2);
        let on_disk = std::fs::read(
            world
                .data
                .path()
                .join(crate::library::RESULTS_FOLDER)
                .join(format!("{DOCUMENTED_ID}.json")),
        )
        .expect("still saved");
        assert_eq!(on_disk, saved, "the saved numbers are kept as they were");
    }
}

#[test]
fn a_copy_cut_short_under_a_name_of_the_persons_is_swept_at_the_next_start() {
    let world = World::new();
    let folder = tempfile::tempdir().expect("the person's folder");
    let target = folder.path().join("Leads with phones.xlsx");
    let leftover = folder.path().join(".Leads with phones.xlsx.Ab12Cd.part");
    let theirs = folder.path().join(".Budget.xlsx.Zz99Yy.part");
    {
        let desk = world.desk();
        desk.writing(&target).expect("noted");
        // Killed while writing: the temporary file is left, `written` never comes.
        std::fs::write(&leftover, b"half a workbook").expect("temporary");
        std::fs::write(&theirs, b"another program's").expect("not ours");
        desk.flush();
    }
    let desk = world.desk();
    let removed = desk.sweep_interrupted_writes(&[]);
    assert_eq!(removed, std::slice::from_ref(&leftover));
    assert!(!leftover.exists());
    assert!(theirs.exists(), "another program's temporary file stays");
    assert!(desk.settings().writing.is_empty());
    assert_eq!(
        desk.settings().last_export_dir.as_deref(),
        Some(folder.path())
    );

    // A write that ends is forgotten at once.
    desk.writing(&target).expect("noted");
    desk.written(&target);
    assert!(desk.settings().writing.is_empty());
}

#[cfg(not(target_os = "macos"))]
#[test]
fn closing_while_a_batch_is_checked_asks_once_then_does_as_told() {
    use crate::closing::{Closing, OnClose};
    use crate::library::HistoryEvent;
    let world = World::new();
    let desk = world.desk();
    let heard = Recorder::new();
    desk.subscribe_history(heard.sink());
    assert_eq!(desk.closing(), Closing::Quit, "nothing is being checked");
    world
        .runtime
        .block_on(desk.open_batch(id_of(Scenario::OngoingForever), Sink::nowhere()))
        .expect("opened");
    assert!(desk.is_watching());
    assert_eq!(desk.closing(), Closing::Ask);
    assert!(
        heard
            .seen()
            .iter()
            .any(|event| matches!(event, HistoryEvent::CloseAsked))
    );
    desk.set_on_close(OnClose::KeepChecking)
        .expect("remembered");
    assert_eq!(desk.closing(), Closing::KeepInTray);
    desk.set_on_close(OnClose::Stop).expect("remembered");
    assert_eq!(desk.closing(), Closing::Quit);
}
