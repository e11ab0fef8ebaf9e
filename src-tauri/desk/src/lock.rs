//! The core's one way to take a lock.

use std::sync::{Mutex, MutexGuard, PoisonError};

/// A poisoned lock only means a panic elsewhere while it was held; every value the core keeps
/// behind a lock is whole after each statement, so it is still safe to use.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
