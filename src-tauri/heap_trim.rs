//! Gives the memory a shown batch's rows used back to the system once they are on the page.
//!
//! Why: on Linux, glibc's allocator keeps what the app frees in its per-thread arenas for later,
//! and reading a batch back from disk and handing it to the page frees megabytes on whichever
//! worker thread did it; after a day's use the app's process held 6 MiB more than it needed
//! (measured: `malloc_trim` at the end of `scripts/measure-app`'s day, 101 → 95 MiB PSS), and
//! letting the phone plans go gave back only 2.5 of theirs without one.
//! Windows' heap and macOS's malloc return freed pages by themselves: nothing to do there.

use std::time::Duration;

/// Long enough for Tauri to have turned the rows into the page's answer and let them go.
#[cfg_attr(not(all(target_os = "linux", target_env = "gnu")), allow(dead_code))]
const AFTER_THE_ANSWER: Duration = Duration::from_secs(2);

/// Long enough for the phone plans the rows were read with to be let go, if nothing used them
/// since (they go after a quiet minute; the check runs every quarter of it).
#[cfg_attr(not(all(target_os = "linux", target_env = "gnu")), allow(dead_code))]
const AFTER_THE_PLANS: Duration = Duration::from_secs(
    enrow::phone::QUIET_BEFORE_RELEASE.as_secs() + enrow::phone::QUIET_BEFORE_RELEASE.as_secs() / 2,
);

/// Soon after a batch's rows went to the page, and again once the phone plans they needed are
/// let go: freed memory goes back to the system.
pub fn soon() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    tauri::async_runtime::spawn(async {
        tokio::time::sleep(AFTER_THE_ANSWER).await;
        trim().await;
        tokio::time::sleep(AFTER_THE_PLANS.saturating_sub(AFTER_THE_ANSWER)).await;
        trim().await;
    });
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
async fn trim() {
    // It walks every arena under its lock: on a blocking thread, not an async worker.
    let _ = tauri::async_runtime::spawn_blocking(|| {
        // SAFETY: malloc_trim only takes glibc's own arena locks and has no preconditions.
        unsafe { libc::malloc_trim(0) }
    })
    .await;
}
