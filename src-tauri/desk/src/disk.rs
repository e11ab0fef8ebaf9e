//! The library's disk work, done by one thread, in the order it was asked for.
//!
//! Saving is an atomic write flushed to disk, which can take tens of milliseconds on a slow disk
//! or a network home folder; on its own thread it never delays what the person sees. One thread,
//! in order, also means a file deleted by "Forget" cannot be brought back by a save still on its
//! way, as long as callers queue their work in the order they decided it (the library queues
//! under the lock that orders its changes).

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Sender, channel};

use enrow::atomic::{Visibility, write_bytes};

use crate::lock::lock;

/// Told whether a write reached the disk.
pub type OnWritten = Box<dyn FnOnce(&io::Result<()>) + Send>;

/// Told when saves start failing (with the file and why) and when they work again (`None`),
/// so a save is never lost without a word: the page says so.
pub type OnTrouble = Box<dyn Fn(Option<(&Path, &io::Error)>) + Send + Sync>;

/// How often, and after how long, a write refused for a passing reason is tried again.
const RETRY_DELAYS_MS: [u64; 5] = [50, 100, 200, 400, 800];

enum Job {
    Write {
        path: PathBuf,
        bytes: bytes::Bytes,
        done: Option<OnWritten>,
    },
    Remove(PathBuf),
    /// Removes every file in a folder whose name starts with the prefix (all of them for "").
    RemoveMatching(PathBuf, String),
    /// Removes a folder and everything in it.
    RemoveTree(PathBuf),
    Flush(Sender<()>),
}

pub struct Disk {
    jobs: Mutex<Sender<Job>>,
    /// Once closed (the app is quitting), nothing more is written.
    closed: AtomicBool,
    trouble: std::sync::Arc<Trouble>,
    /// The thread, waited for when the `Disk` goes (see `Drop`).
    thread: Option<std::thread::JoinHandle<()>>,
}

/// Whether the last write failed, and who hears of it.
#[derive(Default)]
struct Trouble {
    failing: AtomicBool,
    listener: Mutex<Option<OnTrouble>>,
}

impl Trouble {
    /// Tells the listener when saves start failing, and when they work again; not of every
    /// failure in between.
    fn outcome(&self, path: &Path, outcome: &io::Result<()>) {
        let failed = outcome.is_err();
        if self.failing.swap(failed, Ordering::SeqCst) == failed {
            return;
        }
        if let Some(listener) = lock(&self.listener).as_ref() {
            listener(outcome.as_ref().err().map(|error| (path, error)));
        }
    }
}

impl Disk {
    pub fn start() -> Self {
        let (jobs, queue) = channel::<Job>();
        let trouble = std::sync::Arc::new(Trouble::default());
        let told = std::sync::Arc::clone(&trouble);
        let spawned = std::thread::Builder::new()
            .name("enrow-desk-disk".into())
            .spawn(move || {
                for job in queue {
                    run(job, &told);
                }
            });
        let thread = spawned
            .inspect_err(|error| log::error!("the disk thread did not start: {error}"))
            .ok();
        Self {
            jobs: Mutex::new(jobs),
            closed: AtomicBool::new(false),
            trouble,
            thread,
        }
    }

    /// Tells `listener` when saves fail, and when they work again.
    pub fn on_trouble(&self, listener: OnTrouble) {
        *lock(&self.trouble.listener) = Some(listener);
    }

    /// Waits for everything asked so far, then refuses any later work.
    pub fn close(&self) {
        self.flush();
        self.closed.store(true, Ordering::SeqCst);
    }

    /// Saves `bytes` to `path` (private to this user) soon.
    pub fn write(&self, path: PathBuf, bytes: impl Into<bytes::Bytes>) {
        self.send(Job::Write {
            path,
            bytes: bytes.into(),
            done: None,
        });
    }

    /// Saves `bytes` to `path`, then calls `done` with the outcome on the disk thread.
    pub fn write_then(&self, path: PathBuf, bytes: impl Into<bytes::Bytes>, done: OnWritten) {
        self.send(Job::Write {
            path,
            bytes: bytes.into(),
            done: Some(done),
        });
    }

    pub fn remove(&self, path: PathBuf) {
        self.send(Job::Remove(path));
    }

    pub fn remove_matching(&self, folder: PathBuf, prefix: &str) {
        self.send(Job::RemoveMatching(folder, prefix.to_owned()));
    }

    pub fn remove_tree(&self, folder: PathBuf) {
        self.send(Job::RemoveTree(folder));
    }

    /// Waits until everything asked so far is on disk. Blocks: not on the UI thread.
    pub fn flush(&self) {
        let (done, finished) = channel();
        self.send(Job::Flush(done));
        let _ = finished.recv();
    }

    fn send(&self, job: Job) {
        if self.closed.load(Ordering::SeqCst) {
            if let Job::Flush(done) = job {
                let _ = done.send(());
            }
            return;
        }
        let sent = lock(&self.jobs).send(job);
        if sent.is_err() {
            log::error!("the disk thread stopped; a save was lost");
        }
    }
}

/// Whatever was asked reaches the disk before the `Disk` is gone: once its owner has let it go
/// (the desk dropped without `shut_down`, a test's world ending), no save still on its way can
/// land in a folder that is being removed, or recreate files in it.
impl Drop for Disk {
    fn drop(&mut self) {
        // The thread ends once its queue is empty and every sender is gone: this is the last.
        let (none, _) = channel();
        drop(std::mem::replace(
            self.jobs
                .get_mut()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
            none,
        ));
        if let Some(thread) = self.thread.take() {
            // A job's own callback may hold the last reference: the thread cannot wait for itself.
            if thread.thread().id() != std::thread::current().id() {
                let _ = thread.join();
            }
        }
    }
}

fn run(job: Job, trouble: &Trouble) {
    match job {
        Job::Write { path, bytes, done } => {
            let outcome = write_with_retries(&path, &bytes);
            if let Err(error) = &outcome {
                log::error!("{} not saved: {error}", path.display());
            }
            trouble.outcome(&path, &outcome);
            if let Some(done) = done {
                done(&outcome);
            }
        }
        Job::Remove(path) => remove_file(&path),
        Job::RemoveMatching(folder, prefix) => {
            if let Ok(files) = std::fs::read_dir(&folder) {
                for file in files.flatten() {
                    let named = file.file_name().to_string_lossy().starts_with(&prefix);
                    if named && file.path().is_file() {
                        remove_file(&file.path());
                    }
                }
            }
        }
        Job::RemoveTree(folder) => {
            if let Err(error) = std::fs::remove_dir_all(&folder)
                && error.kind() != io::ErrorKind::NotFound
            {
                log::error!("{} not removed: {error}", folder.display());
            }
        }
        Job::Flush(done) => {
            let _ = done.send(());
        }
    }
}

/// Writes, trying again for a moment when the refusal may pass: on Windows an antivirus, the
/// search indexer or a backup tool often holds a file just written for a few hundred
/// milliseconds. A full disk or a real lack of permission is not tried again.
fn write_with_retries(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut delays = RETRY_DELAYS_MS.iter();
    loop {
        match write_bytes(path, Visibility::Private, bytes) {
            Err(error) if may_pass(&error) => match delays.next() {
                Some(ms) => std::thread::sleep(std::time::Duration::from_millis(*ms)),
                None => return Err(error),
            },
            other => return other,
        }
    }
}

/// A refusal another program's brief hold explains: on Windows, access denied (a rename over
/// a file open elsewhere) and sharing or lock violations.
fn may_pass(error: &io::Error) -> bool {
    cfg!(windows) && matches!(error.raw_os_error(), Some(5 | 32 | 33))
}

fn remove_file(path: &Path) {
    if let Err(error) = std::fs::remove_file(path)
        && error.kind() != io::ErrorKind::NotFound
    {
        log::error!("{} not removed: {error}", path.display());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    /// What a test's world relies on when it removes its data folder: nothing still on its way
    /// is written there afterwards (each test run left folders in /tmp before).
    #[test]
    fn every_save_asked_for_is_on_disk_once_the_disk_is_dropped() {
        let dir = tempfile::tempdir().expect("temp");
        let disk = Disk::start();
        let files: Vec<PathBuf> = (0..200)
            .map(|n| dir.path().join(format!("{n}.json")))
            .collect();
        for file in &files {
            disk.write(file.clone(), b"{}".to_vec());
        }
        drop(disk);
        let missing = files.iter().filter(|file| !file.exists()).count();
        assert_eq!(missing, 0, "{missing} of 200 saves were still on their way");
    }

    #[test]
    fn a_disk_dropped_by_its_own_callback_does_not_wait_for_itself() {
        let dir = tempfile::tempdir().expect("temp");
        let disk = Arc::new(Mutex::new(Some(Disk::start())));
        let (told, heard) = channel();
        let holder = Arc::clone(&disk);
        let callback: OnWritten = Box::new(move |_| {
            // The last owner lets the disk go from the disk thread itself.
            drop(lock(&holder).take());
            let _ = told.send(());
        });
        if let Some(disk) = lock(&disk).as_ref() {
            disk.write_then(dir.path().join("a.json"), b"{}".to_vec(), callback);
        }
        heard
            .recv_timeout(std::time::Duration::from_secs(30))
            .expect("the callback returned: no thread waited for itself");
    }

    #[test]
    fn a_save_that_fails_is_told_and_so_is_the_next_that_works() {
        let dir = tempfile::tempdir().expect("temp");
        // A "folder" that is a file: every save into it fails, even for root.
        let folder = dir.path().join("data");
        std::fs::write(&folder, b"not a folder").expect("file");
        let heard: Arc<Mutex<Vec<bool>>> = Arc::default();
        let disk = Disk::start();
        let record = Arc::clone(&heard);
        disk.on_trouble(Box::new(move |trouble| {
            lock(&record).push(trouble.is_some())
        }));
        disk.write(folder.join("history.json"), b"{}".to_vec());
        disk.write(folder.join("history.json"), b"{}".to_vec());
        disk.flush();
        assert_eq!(*lock(&heard), [true], "told once, when saves start failing");
        std::fs::remove_file(&folder).expect("removed");
        std::fs::create_dir(&folder).expect("a folder now");
        disk.write(folder.join("history.json"), b"{}".to_vec());
        disk.flush();
        assert_eq!(
            *lock(&heard),
            [true, false],
            "and once when they work again"
        );
    }

    /// An antivirus or the indexer holding `history.json` for a moment: the save waits for it.
    #[cfg(windows)]
    #[test]
    fn a_save_waits_for_a_program_that_holds_the_file_a_moment() {
        use std::os::windows::fs::OpenOptionsExt;
        let dir = tempfile::tempdir().expect("temp");
        let path = dir.path().join("history.json");
        std::fs::write(&path, b"old").expect("seed");
        let held = std::fs::OpenOptions::new()
            .read(true)
            .share_mode(0)
            .open(&path)
            .expect("held");
        let release = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(150));
            drop(held);
        });
        let disk = Disk::start();
        let (tell, told) = std::sync::mpsc::channel();
        disk.write_then(
            path.clone(),
            b"new".to_vec(),
            Box::new(move |outcome| {
                let _ = tell.send(outcome.is_ok());
            }),
        );
        assert_eq!(
            told.recv().ok(),
            Some(true),
            "saved once the file was let go"
        );
        release.join().expect("released");
        assert_eq!(std::fs::read(&path).expect("read"), b"new");
    }
}
