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
}

impl Disk {
    pub fn start() -> Self {
        let (jobs, queue) = channel::<Job>();
        let spawned = std::thread::Builder::new()
            .name("enrow-desk-disk".into())
            .spawn(move || {
                for job in queue {
                    run(job);
                }
            });
        if let Err(error) = spawned {
            log::error!("the disk thread did not start: {error}");
        }
        Self {
            jobs: Mutex::new(jobs),
            closed: AtomicBool::new(false),
        }
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

fn run(job: Job) {
    match job {
        Job::Write { path, bytes, done } => {
            let outcome = write_bytes(&path, Visibility::Private, &bytes);
            if let Err(error) = &outcome {
                log::error!("{} not saved: {error}", path.display());
            }
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

fn remove_file(path: &Path) {
    if let Err(error) = std::fs::remove_file(path)
        && error.kind() != io::ErrorKind::NotFound
    {
        log::error!("{} not removed: {error}", path.display());
    }
}
