//! Where a stream of events goes: the page's `tauri::ipc::Channel` in the app (the shell wraps
//! it), a recorder in tests. A closure rather than a trait, so the shell can wrap a type that is
//! foreign to both crates.

use std::sync::{Arc, Mutex};

use crate::lock::lock;

pub struct Sink<E>(Arc<dyn Fn(E) -> bool + Send + Sync>);

impl<E> Clone for Sink<E> {
    fn clone(&self) -> Self {
        Self(Arc::clone(&self.0))
    }
}

impl<E> Sink<E> {
    /// `deliver` returns false once nobody listens any more (a page that reloaded).
    pub fn new(deliver: impl Fn(E) -> bool + Send + Sync + 'static) -> Self {
        Self(Arc::new(deliver))
    }

    pub fn send(&self, event: E) -> bool {
        (self.0)(event)
    }

    /// A sink that drops everything, for callers that only want the answer.
    pub fn nowhere() -> Self {
        Self::new(|_| true)
    }
}

/// Several listeners of the same events; those that went away are dropped on the next event.
pub struct Broadcast<E> {
    sinks: Mutex<Vec<Sink<E>>>,
}

impl<E> Default for Broadcast<E> {
    fn default() -> Self {
        Self {
            sinks: Mutex::new(Vec::new()),
        }
    }
}

impl<E: Clone> Broadcast<E> {
    pub fn add(&self, sink: Sink<E>) {
        lock(&self.sinks).push(sink);
    }

    pub fn send(&self, event: &E) {
        lock(&self.sinks).retain(|sink| sink.send(event.clone()));
    }

    pub fn is_empty(&self) -> bool {
        lock(&self.sinks).is_empty()
    }
}

#[cfg(test)]
pub mod testing {
    //! A sink that records what it is sent, for the core's own tests.

    use std::sync::{Arc, Mutex};

    use super::Sink;
    use crate::lock::lock;

    pub struct Recorder<E> {
        seen: Arc<Mutex<Vec<E>>>,
    }

    impl<E: Clone + Send + 'static> Default for Recorder<E> {
        fn default() -> Self {
            Self::new()
        }
    }

    impl<E: Clone + Send + 'static> Recorder<E> {
        pub fn new() -> Self {
            Self {
                seen: Arc::new(Mutex::new(Vec::new())),
            }
        }

        pub fn sink(&self) -> Sink<E> {
            let seen = Arc::clone(&self.seen);
            Sink::new(move |event| {
                lock(&seen).push(event);
                true
            })
        }

        pub fn seen(&self) -> Vec<E> {
            lock(&self.seen).clone()
        }
    }
}
