//! The commands the page may call. Each validates its input, calls the engine or a plugin from
//! Rust, and maps failures to `CommandError`. See `docs/ipc.md`.

pub mod batch;
pub mod demo;
pub mod export;
pub mod history;
pub mod key;
pub mod system;
