//! The commands the page may call. Each parses its input, calls the core (or a plugin), and
//! returns the core's `{code, message}` errors. See `docs/ipc.md`.

pub mod batch;
pub mod demo;
pub mod export;
mod file_dialog;
pub mod history;
pub mod key;
pub mod lists;
pub mod merge;
pub mod system;
pub mod updates;

use desk::Sink;
use serde::Serialize;
use tauri::ipc::{Channel, IpcResponse};

/// The page's channel as a sink of the core's events.
pub fn sink<E: IpcResponse + Serialize + Clone + Send + Sync + 'static>(
    channel: Channel<E>,
) -> Sink<E> {
    Sink::new(move |event| channel.send(event).is_ok())
}
