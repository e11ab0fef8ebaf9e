//! `enrow-batch fetch` against every fault of the fake's matrix, as a script would run it: the
//! real binary with its own patience (`ClientConfig::default()`, three retries), the fake Enrow
//! on 127.0.0.1. For each: the exit code, one line on stderr that says what happened and what
//! to do (no panic, no debug output, never the key), an end within a generous bound, nothing
//! written to `--output` on failure, no request anywhere but the fake and, on Linux, a bounded
//! peak of memory.

// A test fails by panicking; helpers outside `#[test]` functions may too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fake_enrow::faults::{DUPLICATE_INDEXES_ROWS, WRONG_TYPES_ROWS};
use fake_enrow::{Endpoint, FakeConfig, FakeEnrow, Fault, Script, VALID_KEY};

const BIN: &str = env!("CARGO_BIN_EXE_enrow-batch");

/// Long enough for the slowest fault on a loaded machine (a drip: four tries of 15 s, with the
/// waits between them, about 65 s); a hang fails here instead of never.
const LIVENESS: Duration = Duration::from_secs(180);

/// The most memory the command may hold, whatever it is sent: four times the 64 MB cap on an
/// answer leaves room for the buffer's growth and what the allocator keeps, while a command
/// that read the 200 MiB answer or the bomb's gigabyte whole would hold far more.
#[cfg(target_os = "linux")]
const PEAK_RSS_BOUND_KIB: u64 = 320 * 1024;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    took: Duration,
    /// The child's own peak resident memory (Linux only).
    peak_rss_kib: Option<u64>,
}

/// Runs `enrow-batch` with `args` against `enrow`, stopping it if it outlives [`LIVENESS`].
async fn enrow_batch(enrow: &FakeEnrow, args: Vec<String>) -> Run {
    let mut command = Command::new(BIN);
    command
        .env("ENROW_API_URL", enrow.url())
        .env("ENROW_API_KEY", VALID_KEY)
        // Never read or write a real user's keychain entry.
        .env(
            "ENROW_DESK_KEYCHAIN_SERVICE",
            format!("Enrow Desk cli fault test {}", std::process::id()),
        )
        .args(args);
    // Off the async workers, so the fake keeps answering while the command runs.
    tokio::task::spawn_blocking(move || run_bounded(command))
        .await
        .expect("joined")
}

fn run_bounded(mut command: Command) -> Run {
    // Files rather than pipes: nothing to drain while waiting, whatever the command prints.
    let dir = tempfile::tempdir().expect("temp dir");
    let (out, err) = (dir.path().join("stdout"), dir.path().join("stderr"));
    command
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).expect("stdout file"))
        .stderr(std::fs::File::create(&err).expect("stderr file"));
    let started = Instant::now();
    let mut child = command.spawn().expect("enrow-batch starts");
    let (code, peak_rss_kib) = wait_bounded(&mut child, started);
    let read = |path: &Path| String::from_utf8_lossy(&std::fs::read(path).expect("read")).into();
    Run {
        code,
        stdout: read(&out),
        stderr: read(&err),
        took: started.elapsed(),
        peak_rss_kib,
    }
}

/// Waits for the child, reaping it with `wait4` for its own peak memory (`ru_maxrss`, in KiB on
/// Linux): exact, where sampling `/proc` could miss a peak just before it exits.
#[cfg(target_os = "linux")]
fn wait_bounded(child: &mut Child, started: Instant) -> (i32, Option<u64>) {
    let pid = libc::pid_t::try_from(child.id()).expect("a pid");
    loop {
        let mut status = 0;
        // SAFETY: rusage is plain data, valid when zeroed.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: `pid` is this test's own child, not reaped yet (std only reaps in `wait`,
        // which is never called on it before this returns); both pointers are valid.
        let reaped = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if reaped == pid {
            let code = if libc::WIFEXITED(status) {
                libc::WEXITSTATUS(status)
            } else {
                -1
            };
            return (code, u64::try_from(usage.ru_maxrss).ok());
        }
        assert_eq!(reaped, 0, "wait4: {}", std::io::Error::last_os_error());
        stop_if_too_long(child, started);
    }
}

#[cfg(not(target_os = "linux"))]
fn wait_bounded(child: &mut Child, started: Instant) -> (i32, Option<u64>) {
    loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            return (status.code().unwrap_or(-1), None);
        }
        stop_if_too_long(child, started);
    }
}

fn stop_if_too_long(child: &mut Child, started: Instant) {
    if started.elapsed() > LIVENESS {
        let _ = child.kill();
        let _ = child.wait();
        panic!("enrow-batch still running after {LIVENESS:?}");
    }
    // How often to look, not how long anything takes.
    std::thread::sleep(Duration::from_millis(20));
}

/// What `enrow-batch fetch` must do with a fault.
#[derive(Debug)]
enum Expect {
    /// Exit 7 ("Enrow or the network still failing"), a message holding `says`.
    Unavailable { says: &'static str },
    /// Exit 0 and a file with every one of this many rows.
    Rows(usize),
}

fn expected(fault: Fault) -> Expect {
    use Expect::{Rows, Unavailable};
    match fault {
        Fault::Drip => Unavailable {
            says: "Enrow took too long to answer",
        },
        Fault::Huge | Fault::GzipBomb => Unavailable {
            says: "the answer is larger than 64 MB",
        },
        // Served for ever here (the fixed id's three resets are below).
        Fault::ResetMidAnswer | Fault::Truncated => Unavailable {
            says: "the connection broke while the answer arrived",
        },
        Fault::RedirectElsewhere => Unavailable {
            says: "cannot read (status 302)",
        },
        Fault::RetryAfterDay => Unavailable {
            says: "too many requests",
        },
        Fault::AnotherBatch => Unavailable {
            says: "was about another batch",
        },
        Fault::InvalidUtf8 | Fault::DeepNesting | Fault::Empty200 | Fault::Html200 => Unavailable {
            says: "cannot read (status 200)",
        },
        Fault::WrongTypes => Rows(WRONG_TYPES_ROWS),
        Fault::DuplicateIndexes => Rows(DUPLICATE_INDEXES_ROWS),
        other => panic!("no expectation for the new fault {other}: add one and its test"),
    }
}

/// What a check saw besides the run itself.
struct Checked {
    run: Run,
    /// Requests that reached the fake.
    asked: usize,
    /// Where a redirect pointed, once one was served.
    redirect_target: Option<String>,
}

/// `enrow-batch fetch ID -o FOLDER/phones.csv` with `fault` served for ever under ID.
async fn check(fault: Fault) -> Checked {
    let enrow = FakeEnrow::start(FakeConfig::default())
        .await
        .expect("fake starts");
    enrow.add_batch(fault.id(), Script::always(fault.reply(fault.id())));
    let folder = tempfile::tempdir().expect("output folder");
    let output = folder.path().join("phones.csv");
    let run = enrow_batch(
        &enrow,
        vec![
            "fetch".into(),
            fault.id().into(),
            "--output".into(),
            output.display().to_string(),
        ],
    )
    .await;
    let first_line = run.stderr.lines().next().unwrap_or_default().to_owned();
    eprintln!(
        "{fault}: exit {}, {:.1} s, peak {} KiB: {}",
        run.code,
        run.took.as_secs_f64(),
        run.peak_rss_kib
            .map_or_else(|| "?".to_owned(), |kib| kib.to_string()),
        first_line
    );
    assert!(run.stdout.is_empty(), "{fault}: the data goes to the file");
    for printed in [&run.stdout, &run.stderr] {
        assert!(!printed.contains(VALID_KEY), "{fault}: the key was printed");
    }
    // Words for a person, not a program's insides.
    for insides in [
        "panicked",
        "RUST_BACKTRACE",
        "Error {",
        "Some(",
        "kind:",
        "reqwest::",
    ] {
        assert!(!run.stderr.contains(insides), "{fault}: {}", run.stderr);
    }
    match expected(fault) {
        Expect::Unavailable { says } => {
            assert_eq!(run.code, 7, "{fault}: {}", run.stderr);
            assert_eq!(run.stderr.lines().count(), 1, "{fault}: {}", run.stderr);
            assert!(first_line.starts_with("Error: "), "{fault}: {first_line}");
            assert!(first_line.contains(says), "{fault}: {first_line}");
            // And what to do about it.
            assert!(
                first_line.to_lowercase().contains("try again"),
                "{fault}: {first_line}"
            );
            let left: Vec<_> = std::fs::read_dir(folder.path())
                .expect("folder")
                .flatten()
                .map(|entry| entry.file_name())
                .collect();
            assert!(left.is_empty(), "{fault}: nothing written, found {left:?}");
        }
        Expect::Rows(rows) => {
            assert_eq!(run.code, 0, "{fault}: {}", run.stderr);
            assert!(run.stderr.contains("completed"), "{fault}: {}", run.stderr);
            let written = csv::Reader::from_path(&output)
                .expect("the file")
                .records()
                .count();
            assert_eq!(written, rows, "{fault}: every row in the file");
        }
    }
    // Every request went to the fake, with the key; none followed a redirect elsewhere.
    assert!(
        enrow.redirected_requests().is_empty(),
        "{fault}: {:?}",
        enrow.redirected_requests()
    );
    assert!(
        enrow.requests().iter().all(
            |r| r.endpoint == Endpoint::GetPhoneBulk && r.api_key.as_deref() == Some(VALID_KEY)
        )
    );
    #[cfg(target_os = "linux")]
    {
        let peak = run.peak_rss_kib.expect("measured on Linux");
        assert!(
            peak < PEAK_RSS_BOUND_KIB,
            "{fault}: peak {peak} KiB, over {PEAK_RSS_BOUND_KIB} KiB"
        );
    }
    Checked {
        run,
        asked: enrow.count(Endpoint::GetPhoneBulk),
        redirect_target: enrow.redirect_target_url(),
    }
}

#[test]
fn every_fault_has_an_expectation() {
    for fault in Fault::ALL {
        let _ = expected(fault);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn drip() {
    // The real patience: 15 s of grace per try, four tries.
    let checked = check(Fault::Drip).await;
    assert_eq!(checked.asked, 4);
    assert!(
        checked.run.took >= Duration::from_secs(4 * 15),
        "{:?}",
        checked.run.took
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn huge() {
    check(Fault::Huge).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn gzip_bomb() {
    check(Fault::GzipBomb).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn reset_mid_answer() {
    check(Fault::ResetMidAnswer).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_few_resets_are_ridden_out_by_the_retries() {
    let enrow = FakeEnrow::start(FakeConfig::default())
        .await
        .expect("fake starts");
    // The fixed id: three resets, then the whole answer; the fourth try gets it.
    let run = enrow_batch(
        &enrow,
        vec!["fetch".into(), Fault::ResetMidAnswer.id().into()],
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        csv::Reader::from_reader(run.stdout.as_bytes())
            .records()
            .count(),
        2
    );
    assert_eq!(enrow.count(Endpoint::GetPhoneBulk), 4);
}

#[tokio::test(flavor = "multi_thread")]
async fn redirect_elsewhere() {
    let checked = check(Fault::RedirectElsewhere).await;
    // The redirect was served, so its target was there to catch the key (`check` found that
    // nothing reached it), and it was not asked again.
    assert!(checked.redirect_target.is_some());
    assert_eq!(checked.asked, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn retry_after_a_day() {
    // Not waited for, nor asked again: the command says so at once rather than sitting silent
    // for a day (a script runs it again later).
    assert_eq!(check(Fault::RetryAfterDay).await.asked, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn another_batch() {
    // Asked again, as passing trouble, and never written.
    assert_eq!(check(Fault::AnotherBatch).await.asked, 4);
}

#[tokio::test(flavor = "multi_thread")]
async fn truncated() {
    check(Fault::Truncated).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn invalid_utf8() {
    check(Fault::InvalidUtf8).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn deep_nesting() {
    check(Fault::DeepNesting).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_types() {
    check(Fault::WrongTypes).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn duplicate_indexes() {
    check(Fault::DuplicateIndexes).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn empty_200() {
    check(Fault::Empty200).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn html_200() {
    check(Fault::Html200).await;
}
