//! Wall-clock time as the history stores it.

/// Milliseconds since 1970 (UTC).
pub fn now_ms() -> i64 {
    i64::try_from(time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000).unwrap_or(0)
}
