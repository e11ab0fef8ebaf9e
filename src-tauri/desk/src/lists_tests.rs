//! "Find numbers for a list" through the desk, without a window: real HTTP to the fake Enrow on
//! 127.0.0.1, a real list file and data folder, a scripted keychain.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use enrow::WatchConfig;
use fake_enrow::{FakeConfig, FakeEnrow, VALID_KEY};

use crate::desk::{Desk, DeskConfig};
use crate::error::Code;
use crate::events::testing::Recorder;
use crate::keys::testing::ScriptedKeychain;
use crate::keys::{KEYCHAIN_TIMEOUT, SecretStore};
use crate::lists::{ListCopy, ListEvent};
use crate::lock::lock;

struct World {
    runtime: tokio::runtime::Runtime,
    enrow: FakeEnrow,
    keychain: Arc<ScriptedKeychain>,
    data: tempfile::TempDir,
    files: tempfile::TempDir,
}

impl World {
    fn new() -> Self {
        Self::with(FakeConfig::default())
    }

    fn with(config: FakeConfig) -> Self {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let enrow = runtime.block_on(FakeEnrow::start(config)).expect("fake");
        let keychain = Arc::new(ScriptedKeychain::default());
        *lock(&keychain.stored) = Some(VALID_KEY.to_owned());
        Self {
            runtime,
            enrow,
            keychain,
            data: tempfile::tempdir().expect("data folder"),
            files: tempfile::tempdir().expect("the person's folder"),
        }
    }

    fn desk(&self) -> Desk {
        Desk::open(DeskConfig {
            data_dir: self.data.path().to_path_buf(),
            logs_dir: None,
            api: enrow::BaseUrl::parse(&self.enrow.url()),
            secrets: Arc::clone(&self.keychain) as Arc<dyn SecretStore>,
            keychain_timeout: KEYCHAIN_TIMEOUT,
            runtime: self.runtime.handle().clone(),
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

    /// A list as people keep them: a header, a person twice, a row with too little, an empty
    /// row, a company page.
    fn leads(&self) -> PathBuf {
        let path = self.files.path().join("Leads.csv");
        std::fs::write(
            &path,
            "First name,Last name,Company,LinkedIn\n\
             Ann,Peeters,Acme,https://www.linkedin.com/in/ann-peeters\n\
             Bart,Claes,Globex,\n\
             Chloé,Dubois,,\n\
             ,,,\n\
             Ann,Peeters,Acme,https://www.linkedin.com/in/ann-peeters\n\
             Dirk,Jansen,,https://www.linkedin.com/company/initech\n",
        )
        .expect("list");
        path
    }
}

fn wait_until(what: &str, ok: impl Fn() -> bool) {
    let started = Instant::now();
    while !ok() {
        assert!(started.elapsed() < Duration::from_secs(30), "never: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn cell(sheet: &merge::Sheet, row: usize, header: &str) -> String {
    let column = (0..sheet.width())
        .find(|&c| sheet.text(0, c) == header)
        .unwrap_or_else(|| panic!("no column {header}"));
    sheet.text(row, column)
}

#[test]
fn a_list_is_checked_costed_sent_watched_and_its_numbers_put_on_its_own_rows() {
    let world = World::new();
    let desk = world.desk();
    let path = world.leads();
    let preview = world
        .runtime
        .block_on(desk.preview_list(&path, None, Default::default()))
        .expect("preview");
    assert_eq!(preview.file_name, "Leads.csv");
    assert_eq!(preview.rows, 5, "the empty row holds nothing");
    assert_eq!(preview.searches, 2, "Ann once, and Bart");
    assert_eq!(
        (preview.duplicates.count, preview.duplicates.text.as_str()),
        (1, "6")
    );
    assert_eq!(
        (preview.too_little.count, preview.too_little.text.as_str()),
        (1, "4")
    );
    assert_eq!(
        (
            preview.not_a_profile.count,
            preview.not_a_profile.text.as_str()
        ),
        (1, "7")
    );
    assert_eq!((preview.empty.count, preview.empty.text.as_str()), (1, "5"));
    assert_eq!(preview.cost.at_most, 80);
    assert!(
        preview.cost.balance.is_some(),
        "the balance from /account/info"
    );
    assert!(preview.sent_before.is_empty());
    let hows: Vec<&str> = preview.sample.iter().map(|row| row.how).collect();
    assert_eq!(
        hows,
        ["link", "names", "tooLittle", "duplicate", "notAProfile"]
    );

    let events = Recorder::<ListEvent>::new();
    let view = world
        .runtime
        .block_on(desk.send_list(&preview.token, None, false, events.sink()))
        .expect("sent");
    assert!(view.all_sent);
    assert_eq!(world.enrow.posted().len(), 1);
    assert_eq!(world.enrow.posted()[0].searches.len(), 2);
    assert!(
        events
            .seen()
            .iter()
            .any(|event| matches!(event, ListEvent::Sent { .. }))
    );
    // The part is an ordinary batch: in the history under the list's name, watched to the end.
    let batch_id = view.parts[0].batch_id.clone().expect("a batch");
    let entry = desk
        .entries()
        .into_iter()
        .find(|entry| entry.id == batch_id)
        .expect("in the history");
    assert_eq!(entry.label.as_deref(), Some("Leads.csv"));
    wait_until("the part finishes", || {
        desk.lists().first().is_some_and(|list| list.ready)
    });

    let (submission, parts) = desk.list_results(&view.id).expect("results");
    let copy = ListCopy::open(submission, parts, None).expect("every part finished");
    let output = world.files.path().join("Leads with phones.csv");
    let labels = enrow::export::ExportLabels::default();
    let saved = copy.save(&labels, &output).expect("saved");
    assert_eq!(saved.matched, 3, "Ann twice and Bart");
    let written = merge::open(&output).expect("the copy reads");
    let sheet = &written.sheets[0];
    let fetched = desk.fetched(&batch_id).expect("finished");
    let number_of = |index: u64| {
        fetched
            .batch
            .results
            .iter()
            .find(|row| row.index == Some(index))
            .and_then(|row| row.number.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        cell(sheet, 1, "Phone number"),
        number_of(0),
        "Ann's own search"
    );
    assert_eq!(
        cell(sheet, 5, "Phone number"),
        number_of(0),
        "Ann's second row"
    );
    assert_eq!(
        cell(sheet, 2, "Phone number"),
        number_of(1),
        "Bart's own search"
    );
    assert_eq!(cell(sheet, 3, "Phone number"), "", "too little to search");
    assert_eq!(cell(sheet, 6, "Phone number"), "", "a company page");
    assert!(
        std::fs::read(&path)
            .expect("list")
            .starts_with(b"First name"),
        "the list is untouched"
    );
}

#[test]
fn a_list_sent_before_is_refused_until_the_person_says_again() {
    let world = World::new();
    let desk = world.desk();
    let path = world.leads();
    let first = world
        .runtime
        .block_on(desk.preview_list(&path, None, Default::default()))
        .expect("preview");
    world
        .runtime
        .block_on(desk.send_list(&first.token, None, false, Recorder::new().sink()))
        .expect("sent");
    let second = world
        .runtime
        .block_on(desk.preview_list(&path, None, Default::default()))
        .expect("preview");
    assert_eq!(second.sent_before.len(), 1, "the earlier sending is named");
    assert_eq!(second.sent_before[0].batches.len(), 1);
    let refused = world
        .runtime
        .block_on(desk.send_list(&second.token, None, false, Recorder::new().sink()))
        .expect_err("not without the person's word");
    assert_eq!(refused.code, Code::ListSentBefore);
    assert_eq!(world.enrow.posted().len(), 1, "nothing sent");
    world
        .runtime
        .block_on(desk.send_list(&second.token, None, true, Recorder::new().sink()))
        .expect("sent again when asked");
    assert_eq!(world.enrow.posted().len(), 2);
    assert_eq!(desk.lists().len(), 2);
}

#[test]
fn without_a_key_nothing_is_recorded_and_the_same_reading_is_sent_once_a_key_is_added() {
    let world = World::new();
    *lock(&world.keychain.stored) = None;
    let desk = world.desk();
    let path = world.leads();
    let preview = world
        .runtime
        .block_on(desk.preview_list(&path, None, Default::default()))
        .expect("read without a key");
    assert_eq!(preview.cost.balance, None, "no balance without a key");
    let refused = world
        .runtime
        .block_on(desk.send_list(&preview.token, None, false, Recorder::new().sink()))
        .expect_err("no key");
    assert_eq!(refused.code, Code::MissingKey);
    assert!(desk.lists().is_empty(), "nothing recorded");
    assert!(world.enrow.posted().is_empty());
    world
        .runtime
        .block_on(desk.save_key(VALID_KEY, false))
        .expect("key");
    world
        .runtime
        .block_on(desk.send_list(&preview.token, None, false, Recorder::new().sink()))
        .expect("sent");
    assert_eq!(world.enrow.posted().len(), 1);
}

#[test]
fn only_the_first_searches_are_sent_when_the_person_says_so() {
    let world = World::new();
    let desk = world.desk();
    let path = world.leads();
    let preview = world
        .runtime
        .block_on(desk.preview_list(&path, None, Default::default()))
        .expect("preview");
    let view = world
        .runtime
        .block_on(desk.send_list(&preview.token, Some(1), false, Recorder::new().sink()))
        .expect("sent");
    assert_eq!(view.searches, 1);
    assert_eq!(world.enrow.posted()[0].searches.len(), 1);
}

#[test]
fn the_copy_waits_for_every_part_and_names_the_one_not_finished() {
    // Enrow takes its time: the part is sent, and still being searched.
    let world = World::with(FakeConfig {
        ongoing_checks: 1_000_000,
        ..FakeConfig::default()
    });
    let desk = world.desk();
    let path = world.leads();
    let preview = world
        .runtime
        .block_on(desk.preview_list(&path, None, Default::default()))
        .expect("preview");
    let view = world
        .runtime
        .block_on(desk.send_list(&preview.token, None, false, Recorder::new().sink()))
        .expect("sent");
    assert!(view.all_sent && !view.ready);
    let (submission, parts) = desk.list_results(&view.id).expect("results");
    assert!(parts[0].is_none(), "not completed");
    let error = ListCopy::open(submission, parts, None)
        .err()
        .expect("not finished");
    assert_eq!(error.code, Code::ListNotFinished);
    assert!(error.message.contains("Part 1"), "{}", error.message);
}

#[test]
fn a_list_whose_file_moved_is_read_from_where_the_person_says() {
    let world = World::new();
    let desk = world.desk();
    let path = world.leads();
    let preview = world
        .runtime
        .block_on(desk.preview_list(&path, None, Default::default()))
        .expect("preview");
    let view = world
        .runtime
        .block_on(desk.send_list(&preview.token, None, false, Recorder::new().sink()))
        .expect("sent");
    wait_until("the part finishes", || {
        desk.lists().first().is_some_and(|list| list.ready)
    });
    let moved: PathBuf = world.files.path().join("Moved.csv");
    std::fs::rename(&path, &moved).expect("moved");
    let (submission, parts) = desk.list_results(&view.id).expect("results");
    let gone = ListCopy::open(submission.clone(), parts.clone(), None)
        .err()
        .expect("gone");
    assert_eq!(gone.code, Code::SheetMissing);
    let copy = ListCopy::open(submission, parts, Some(Path::new(&moved))).expect("read");
    let saved = copy
        .save(
            &enrow::export::ExportLabels::default(),
            &world.files.path().join("Moved with phones.csv"),
        )
        .expect("saved");
    assert_eq!(saved.matched, 3);
}

#[test]
fn the_demo_takes_a_list_without_a_key_or_enrow_and_keeps_it_apart() {
    let world = World::new();
    *lock(&world.keychain.stored) = None;
    let desk = world.desk();
    world.runtime.block_on(desk.start_demo()).expect("demo");
    let path = world.leads();
    let preview = world
        .runtime
        .block_on(desk.preview_list(&path, None, Default::default()))
        .expect("preview");
    assert!(preview.cost.balance.is_some(), "the demo's credits");
    let view = world
        .runtime
        .block_on(desk.send_list(&preview.token, None, false, Recorder::new().sink()))
        .expect("the demo's server takes it");
    assert!(view.all_sent);
    assert!(world.enrow.posted().is_empty(), "nothing reached Enrow");
    let batch_id = view.parts[0].batch_id.clone().expect("a batch");
    let entry = desk
        .entries()
        .into_iter()
        .find(|entry| entry.id == batch_id)
        .expect("in the demo's history");
    assert!(entry.demo);
    wait_until("the demo's part finishes", || {
        desk.lists().first().is_some_and(|list| list.ready)
    });
    let (submission, parts) = desk.list_results(&view.id).expect("results");
    let copy = ListCopy::open(submission, parts, None).expect("finished");
    let saved = copy
        .save(
            &enrow::export::ExportLabels::default(),
            &world.files.path().join("Demo with phones.csv"),
        )
        .expect("saved");
    assert_eq!(saved.matched, 3);

    // Leaving the demo takes its list with it; the person's own lists never held it.
    world.runtime.block_on(desk.leave_demo());
    assert!(desk.lists().is_empty());
}
