//! For the tests of every crate that stores the key: one rule for a machine without a keychain.

use crate::Keychain;

/// Set by the project's test command, so that CI can never skip keychain tests silently.
pub const REQUIRE_ENV: &str = "ENROW_REQUIRE_KEYRING";

/// Whether a test can use `keychain`. Where no keychain answers, the test is to be skipped, and
/// this says so on stderr, unless [`REQUIRE_ENV`] is `1`: then it panics, failing the test.
pub fn usable(keychain: &Keychain) -> bool {
    match keychain.is_available() {
        Ok(()) => true,
        Err(error) if std::env::var(REQUIRE_ENV).as_deref() == Ok("1") => {
            panic!("{REQUIRE_ENV}=1 but the keychain is unavailable: {error}")
        }
        Err(error) => {
            eprintln!("no keychain here, not tested: {error}");
            false
        }
    }
}
