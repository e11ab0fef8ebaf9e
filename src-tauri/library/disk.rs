//! The library's disk work, done by one thread, in the order it was asked for.
//!
//! Saving is an atomic write flushed to disk, which can take tens of milliseconds on a slow disk
//! or a network home folder; on its own thread it never delays what the person sees. One thread,
//! in order, also means a file deleted by "Forget" cannot be brought back by a save still on its
//! way.

use std::io;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::mpsc::{Sender, channel};

use enrow::atomic::{Visibility, write_bytes};

use crate::lock::lock;

enum Job {
    Write {
        path: PathBuf,
        bytes: bytes::Bytes,
        done: Option<Sender<io::Result<()>>>,
    },
    Remove(PathBuf),
    /// Removes every file in a folder, keeping the folder.
    Empty(PathBuf),
    Flush(Sender<()>),
}

pub struct Disk {
    jobs: Mutex<Sender<Job>>,
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
        }
    }

    /// Saves `bytes` to `path` (private to this user) soon.
    pub fn write(&self, path: PathBuf, bytes: impl Into<bytes::Bytes>) {
        self.send(Job::Write {
            path,
            bytes: bytes.into(),
            done: None,
        });
    }

    /// Saves `bytes` to `path` and waits for the outcome.
    pub fn write_and_wait(&self, path: PathBuf, bytes: impl Into<bytes::Bytes>) -> io::Result<()> {
        let (done, outcome) = channel();
        self.send(Job::Write {
            path,
            bytes: bytes.into(),
            done: Some(done),
        });
        outcome
            .recv()
            .unwrap_or_else(|_| Err(io::Error::other("the disk thread stopped")))
    }

    pub fn remove(&self, path: PathBuf) {
        self.send(Job::Remove(path));
    }

    pub fn empty(&self, folder: PathBuf) {
        self.send(Job::Empty(folder));
    }

    /// Waits until everything asked so far is on disk.
    pub fn flush(&self) {
        let (done, finished) = channel();
        self.send(Job::Flush(done));
        let _ = finished.recv();
    }

    fn send(&self, job: Job) {
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
                let _ = done.send(outcome);
            }
        }
        Job::Remove(path) => remove_file(&path),
        Job::Empty(folder) => {
            if let Ok(files) = std::fs::read_dir(&folder) {
                for file in files.flatten().filter(|f| f.path().is_file()) {
                    remove_file(&file.path());
                }
            }
        }
        Job::Flush(done) => {
            let _ = done.send(());
        }
    }
}

fn remove_file(path: &std::path::Path) {
    if let Err(error) = std::fs::remove_file(path)
        && error.kind() != io::ErrorKind::NotFound
    {
        log::error!("{} not removed: {error}", path.display());
    }
}
