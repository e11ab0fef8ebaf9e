//! Enrow Desk's core, without Tauri: what the desktop app does, so that it can be tested with
//! plain tokio and shared with `enrow-batch`.
//!
//! - [`Desk`] is the app without its window: the person's batches and the demo's, kept apart;
//!   the key; the settings; the jobs that watch batches.
//! - [`library`] keeps the history and saved results on disk, written in order, atomically.
//! - [`jobs`] watches batches on the async runtime and tells whoever listens through a
//!   [`events::Sink`], which the shell backs with the page's channel.
//! - [`view`] is what the page is shown; [`error`] every failure as `{code, message}`.

pub mod clipboard;
pub mod clock;
pub mod closing;
#[cfg(feature = "app")]
pub mod desk;
#[cfg(all(test, feature = "app"))]
mod desk_tests;
pub mod disk;
pub mod error;
pub mod events;
pub mod history;
pub mod instance;
pub mod jobs;
#[cfg(feature = "app")]
pub mod keys;
pub mod library;
pub mod links;
#[cfg(feature = "app")]
pub mod lists;
#[cfg(all(test, feature = "app"))]
mod lists_tests;
mod lock;
pub mod notice;
pub mod paths;
pub mod settings;
pub mod sheet_merge;
pub mod updates;
pub mod view;
pub mod words;

#[cfg(feature = "app")]
pub use desk::{Desk, DeskConfig, KeySaved};
pub use error::{Code, PageError};
pub use events::Sink;
pub use lock::lock;
