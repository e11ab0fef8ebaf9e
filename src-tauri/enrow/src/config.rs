//! Where Enrow lives and how patiently we talk to it.

use std::net::IpAddr;
use std::time::Duration;

use url::Url;

/// Enrow's production API.
pub const DEFAULT_BASE_URL: &str = "https://api.enrow.io";

/// Overrides the base URL, for tests and the demo server.
pub const BASE_URL_ENV: &str = "ENROW_API_URL";

/// The base URL of the API: `https://…`, or plain `http://` to this machine only, so a typo or a
/// hostile setting can never send the API key in clear over a network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(Url);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    #[error(
        "{BASE_URL_ENV} is set to “{0}”, which is not a web address. Remove it, or set it to \
         https://… (or http://127.0.0.1:PORT for a local test server)."
    )]
    InvalidBaseUrl(String),
    #[error(
        "{BASE_URL_ENV} is set to “{0}”. Only https:// addresses, or plain http:// to this \
         computer (127.0.0.1, ::1 or localhost), are allowed, so the API key never travels \
         unencrypted."
    )]
    InsecureBaseUrl(String),
}

impl BaseUrl {
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        let text = text.trim();
        let url = Url::parse(text).map_err(|_| ConfigError::InvalidBaseUrl(text.to_owned()))?;
        if url.cannot_be_a_base() || url.host().is_none() {
            return Err(ConfigError::InvalidBaseUrl(text.to_owned()));
        }
        match url.scheme() {
            "https" => Ok(Self(url)),
            "http" if is_loopback(&url) => Ok(Self(url)),
            _ => Err(ConfigError::InsecureBaseUrl(text.to_owned())),
        }
    }

    /// `ENROW_API_URL` when set and not empty, else Enrow's production API.
    pub fn from_env() -> Result<Self, ConfigError> {
        match std::env::var(BASE_URL_ENV) {
            Ok(value) if !value.trim().is_empty() => Self::parse(&value),
            _ => Ok(Self::default()),
        }
    }

    /// The URL of an endpoint such as `phone/bulk`, keeping any path prefix of the base.
    pub fn join(&self, endpoint: &str) -> Url {
        let mut url = self.0.clone();
        {
            // A base URL always has path segments (checked in `parse`), so this cannot fail;
            // falling back to the unchanged URL keeps this free of panics anyway.
            if let Ok(mut segments) = url.path_segments_mut() {
                segments.pop_if_empty();
                segments.extend(endpoint.split('/'));
            }
        }
        url
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }

    /// This computer (127.0.0.1, ::1, localhost): the demo's server, or a test's.
    pub fn is_loopback(&self) -> bool {
        is_loopback(&self.0)
    }
}

impl Default for BaseUrl {
    fn default() -> Self {
        #[allow(clippy::expect_used)] // a constant, checked by `default_base_url_is_enrow`
        Self(Url::parse(DEFAULT_BASE_URL).expect("DEFAULT_BASE_URL is a valid URL"))
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// How the client talks to Enrow. The defaults suit a person on a slow network.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub base_url: BaseUrl,
    /// Sent as `User-Agent`, naming the app and its version.
    pub user_agent: String,
    pub connect_timeout: Duration,
    /// How long the connection may stay silent while an answer is read.
    pub read_timeout: Duration,
    /// The longest a single request may take, a large batch on a slow line included.
    pub request_timeout: Duration,
    /// Past `slow_answer_grace`, an answer must keep arriving at this many bytes a second on
    /// average, or it is given up as too slow: a server (or proxy) that drips one byte every few
    /// seconds never trips the silence limit, and would otherwise keep a watch "checking" for
    /// ever.
    pub min_answer_rate: u64,
    /// How long an answer may take before its pace is judged, whatever its size.
    pub slow_answer_grace: Duration,
    /// Answers larger than this are refused rather than read into memory.
    pub max_body_bytes: usize,
    pub retry: RetryPolicy,
}

impl Default for ClientConfig {
    fn default() -> Self {
        Self {
            base_url: BaseUrl::default(),
            user_agent: format!("EnrowDesk/{}", env!("CARGO_PKG_VERSION")),
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            // A 100,000-row answer (16 MB) at the slowest pace allowed below takes about 17
            // minutes; Enrow's largest batches (3,000 rows, under 1 MB) under a minute.
            request_timeout: Duration::from_secs(20 * 60),
            // 16 KiB/s is a poor mobile connection (128 kbit/s): 3,000 rows arrive in under a
            // minute at that pace, while a drip of a few bytes a second fails after the grace.
            min_answer_rate: 16 * 1024,
            slow_answer_grace: Duration::from_secs(15),
            // 100,000 rows are about 16 MB; 3,000 (Enrow's maximum) under 1 MB. Four times the
            // largest batch people hold, so a hostile or broken answer (a gzip bomb, say) is
            // refused long before it can exhaust a laptop's memory.
            max_body_bytes: crate::atomic::MAX_SAVED_ANSWER_BYTES as usize,
            retry: RetryPolicy::default(),
        }
    }
}

/// Retries for passing trouble (429, 5xx, lost connections, timeouts); never for other errors.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: usize,
    pub first_delay: Duration,
    pub max_delay: Duration,
    /// A `Retry-After` longer than this is not waited for inside one call; the error is returned
    /// with the delay so a caller (the watcher) can wait for it.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 3,
            first_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// No retries at all, for callers that do their own.
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// Exponential delays with jitter, so many clients failing together do not retry together.
    pub fn delays(&self) -> impl Iterator<Item = Duration> {
        use backon::BackoffBuilder;
        backon::ExponentialBuilder::default()
            .with_min_delay(self.first_delay)
            .with_max_delay(self.max_delay)
            .with_max_times(self.max_retries)
            .with_jitter()
            .build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_accepts_https_and_loopback_http_only() {
        for ok in [
            "https://api.enrow.io",
            "https://proxy.example.com/enrow/",
            "http://127.0.0.1:8787",
            "http://127.5.6.7:1",
            "http://localhost:3000",
            "http://[::1]:9000",
            "  http://127.0.0.1:8787/  ",
        ] {
            assert!(BaseUrl::parse(ok).is_ok(), "{ok}");
        }
        for insecure in [
            "http://api.enrow.io",
            "http://192.168.1.10:8080",
            "http://10.0.0.1",
            "http://localhost.evil.com",
            "ftp://127.0.0.1",
        ] {
            assert!(
                matches!(
                    BaseUrl::parse(insecure),
                    Err(ConfigError::InsecureBaseUrl(_))
                ),
                "{insecure}"
            );
        }
        for invalid in ["", "api.enrow.io", "https://", "mailto:a@b.c"] {
            assert!(BaseUrl::parse(invalid).is_err(), "{invalid}");
        }
    }

    #[test]
    fn default_base_url_is_enrow() {
        assert_eq!(BaseUrl::default().as_str(), "https://api.enrow.io/");
        assert!(BaseUrl::default().is_default());
    }

    #[test]
    fn join_keeps_a_path_prefix() {
        let base = BaseUrl::parse("https://proxy.example.com/enrow/").expect("valid");
        assert_eq!(
            base.join("phone/bulk").as_str(),
            "https://proxy.example.com/enrow/phone/bulk"
        );
        let root = BaseUrl::parse("http://127.0.0.1:9").expect("valid");
        assert_eq!(
            root.join("account/info").as_str(),
            "http://127.0.0.1:9/account/info"
        );
    }

    #[test]
    fn retry_delays_grow_and_stop() {
        let policy = RetryPolicy {
            max_retries: 4,
            first_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(300),
            max_retry_after: Duration::from_secs(1),
        };
        let delays: Vec<_> = policy.delays().collect();
        assert_eq!(delays.len(), 4);
        // Jitter adds up to the delay itself, never more.
        assert!(delays[0] >= Duration::from_millis(100) && delays[0] <= Duration::from_millis(200));
        assert!(delays.iter().all(|d| *d <= Duration::from_millis(600)));
        assert_eq!(RetryPolicy::none().delays().count(), 0);
    }
}
