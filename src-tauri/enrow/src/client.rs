//! The typed HTTP client for Enrow: one method per endpoint, retries for passing trouble, and
//! every failure turned into an [`EnrowError`].

use std::time::{Duration, SystemTime};

use bytes::{Bytes, BytesMut};
use reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};
use reqwest::{Response, StatusCode};

use crate::api_key::ApiKey;
use crate::batch_id::BatchId;
use crate::config::ClientConfig;
use crate::error::{EnrowError, body_preview};
use crate::model::{AccountInfo, Batch, FetchedBatch};
use crate::submit::{BulkRequest, Created, SubmitError, Submitted};

const API_KEY_HEADER: &str = "x-api-key";

/// A client for one API key. Cheap to clone; clones share the connection pool.
#[derive(Clone)]
pub struct EnrowClient {
    http: reqwest::Client,
    key: HeaderValue,
    config: ClientConfig,
}

/// Which endpoint an answer came from, since a 400 means different things on each.
#[derive(Debug, Clone, Copy)]
enum Endpoint<'a> {
    PhoneBulk(&'a BatchId),
    AccountInfo,
    SubmitBulk,
}

/// rustls's cryptography, chosen once per process: ring (see the workspace manifest for why).
/// Anything else in the process that builds a `reqwest::Client` must call this first, since
/// reqwest is built without a provider of its own.
pub fn install_crypto_provider() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        // Fails only if another provider was installed first, which serves just as well.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

impl EnrowClient {
    pub fn new(key: &ApiKey, config: ClientConfig) -> Result<Self, EnrowError> {
        install_crypto_provider();
        let mut key = HeaderValue::from_str(key.expose()).map_err(|_| EnrowError::InvalidKey {
            server_message: "the key contains characters that keys never have".to_owned(),
        })?;
        // Keeps the value out of hyper's and reqwest's debug output.
        key.set_sensitive(true);
        let mut http = reqwest::Client::builder()
            .user_agent(config.user_agent.clone())
            .connect_timeout(config.connect_timeout)
            .read_timeout(config.read_timeout)
            .timeout(config.request_timeout)
            .https_only(config.base_url.as_str().starts_with("https:"));
        // A system proxy has no business seeing requests to this computer (tests, the demo);
        // plain http to loopback through one would even carry the key off the machine.
        if config.base_url.is_loopback() {
            http = http.no_proxy();
        }
        let http = http
            // Enrow is reached directly; a redirect elsewhere would carry the key with it.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|error| EnrowError::Network {
                detail: format!(
                    "the connection could not be prepared: {}",
                    root_cause(&error)
                ),
            })?;
        Ok(Self { http, key, config })
    }

    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// `GET /phone/bulk?id=…`: the batch as it stands now (ongoing, completed or failed).
    pub async fn phone_bulk(&self, id: &BatchId) -> Result<FetchedBatch, EnrowError> {
        self.get(
            "phone/bulk",
            &[("id", id.as_str())],
            Endpoint::PhoneBulk(id),
            |raw| {
                let batch =
                    Batch::from_json(&raw).map_err(|_| EnrowError::unexpected(200, &raw))?;
                check_names_the_asked_batch(&batch, id)?;
                Ok(FetchedBatch { batch, raw })
            },
        )
        .await
    }

    /// `GET /account/info`: the credit balance. Free, so it is also how a key is checked.
    pub async fn account_info(&self) -> Result<AccountInfo, EnrowError> {
        self.get("account/info", &[], Endpoint::AccountInfo, |raw| {
            serde_json::from_slice(&raw).map_err(|_| EnrowError::unexpected(200, &raw))
        })
        .await
    }

    /// `POST /phone/bulk`: makes a batch of `request.searches` (at most
    /// [`crate::submit::MAX_SEARCHES_PER_BATCH`]). Sent once, never retried here: only a
    /// request that never left this computer, or that Enrow refused, may be sent again, and
    /// the caller decides (see [`SubmitError`]).
    pub async fn submit_bulk(&self, request: &BulkRequest<'_>) -> Result<Submitted, SubmitError> {
        let body = serde_json::to_vec(request).map_err(|error| {
            SubmitError::NotSent(EnrowError::Network {
                detail: format!("the searches could not be written down: {error}"),
            })
        })?;
        let url = self.config.base_url.join("phone/bulk");
        let response = self
            .http
            .post(url)
            .header(API_KEY_HEADER, self.key.clone())
            .header(reqwest::header::ACCEPT, "application/json")
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .await;
        let response = match response {
            Ok(response) => response,
            // No connection was made: the request never left.
            Err(error) if error.is_connect() => {
                return Err(SubmitError::NotSent(from_transport(&error)));
            }
            Err(error) => {
                return Err(SubmitError::Unknown {
                    detail: from_transport(&error).to_string(),
                });
            }
        };
        let status = response.status();
        let retry_after = retry_after(response.headers());
        let read = read_capped(response, &self.config).await;
        if status.is_success() {
            let unknown = |detail: String| SubmitError::Unknown { detail };
            let body = read.map_err(|error| unknown(error.to_string()))?;
            return serde_json::from_slice::<Created>(&body)
                .ok()
                .and_then(Created::into_submitted)
                .ok_or_else(|| {
                    unknown(format!(
                        "Enrow answered {} without a batch id: {}",
                        status.as_u16(),
                        crate::error::body_preview(&body)
                    ))
                });
        }
        let code = status.as_u16();
        let body = match read {
            Ok(body) => body,
            // A refusal cut short is still a refusal, for the statuses that mean one.
            Err(_) => Bytes::new(),
        };
        let error = match classify(status, retry_after, body, Endpoint::SubmitBulk) {
            Err(error) => error,
            Ok(_) => EnrowError::unexpected(code, b""),
        };
        // 4xx: Enrow looked at it and took nothing. A 5xx may come after the batch was made.
        if (400..500).contains(&code) {
            Err(SubmitError::Refused(error))
        } else {
            Err(SubmitError::Unknown {
                detail: error.to_string(),
            })
        }
    }

    /// One GET with retries: exponential backoff with jitter, at least as long as `Retry-After`.
    /// `read` turns a successful answer into its value; an answer it finds passing trouble in
    /// (another batch's, say) is asked for again like any other passing trouble.
    async fn get<T>(
        &self,
        endpoint_path: &str,
        query: &[(&str, &str)],
        endpoint: Endpoint<'_>,
        read: impl Fn(Bytes) -> Result<T, EnrowError>,
    ) -> Result<T, EnrowError> {
        let mut url = self.config.base_url.join(endpoint_path);
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        let mut delays = self.config.retry.delays();
        loop {
            let error = match self.attempt(url.clone(), endpoint).await.and_then(&read) {
                Ok(value) => return Ok(value),
                Err(error) if error.is_transient() => error,
                Err(error) => return Err(error),
            };
            let asked = error.retry_after();
            if asked.is_some_and(|wait| wait > self.config.retry.max_retry_after) {
                return Err(error);
            }
            let Some(backoff) = delays.next() else {
                return Err(error);
            };
            let wait = asked.map_or(backoff, |asked| asked.max(backoff));
            tracing::info!(code = %error.code(), wait_ms = wait.as_millis(), "retrying Enrow request");
            tokio::time::sleep(wait).await;
        }
    }

    async fn attempt(&self, url: url::Url, endpoint: Endpoint<'_>) -> Result<Bytes, EnrowError> {
        let response = self
            .http
            .get(url)
            .header(API_KEY_HEADER, self.key.clone())
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(|error| from_transport(&error))?;
        let status = response.status();
        let retry_after = retry_after(response.headers());
        let body = read_capped(response, &self.config).await?;
        classify(status, retry_after, body, endpoint)
    }
}

/// An answer that names another batch than the one asked for (a caching proxy, a wrong route)
/// is never taken for it: it would be shown, exported and saved as the wrong batch. Ids are
/// compared in their canonical form; an answer that names no batch is taken as it is.
fn check_names_the_asked_batch(batch: &Batch, asked: &BatchId) -> Result<(), EnrowError> {
    let named = batch.id().trim();
    if named.is_empty() {
        return Ok(());
    }
    match BatchId::parse_forgiving(named) {
        Ok(answered) if answered == *asked => Ok(()),
        _ => Err(EnrowError::WrongBatch {
            asked: asked.to_string(),
            answered: named.chars().take(60).collect(),
        }),
    }
}

/// Reads a body, refusing one larger than `max_body_bytes` instead of exhausting memory, and
/// one that arrives slower than `min_answer_rate` once `slow_answer_grace` has passed.
async fn read_capped(mut response: Response, config: &ClientConfig) -> Result<Bytes, EnrowError> {
    let max = config.max_body_bytes;
    let status = response.status().as_u16();
    let too_large = || EnrowError::UnexpectedResponse {
        status,
        body_start: format!("the answer is larger than {} MB", max / (1024 * 1024)),
    };
    if response
        .content_length()
        .is_some_and(|length| length > max as u64)
    {
        return Err(too_large());
    }
    let started = tokio::time::Instant::now();
    // The chunks as they come, joined once at the end: a buffer grown by doubling would hold
    // up to twice the answer, and the allocator keeps what it freed.
    let mut chunks: Vec<Bytes> = Vec::new();
    let mut received = 0usize;
    loop {
        // The time the bytes so far have earned: the grace, plus one second per
        // `min_answer_rate` bytes received.
        let earned = config.slow_answer_grace
            + Duration::from_secs_f64(received as f64 / config.min_answer_rate.max(1) as f64);
        let next = tokio::time::timeout_at(started + earned, response.chunk()).await;
        let Ok(next) = next else {
            return Err(EnrowError::Timeout);
        };
        let Some(chunk) = next.map_err(|error| from_transport(&error))? else {
            break;
        };
        received += chunk.len();
        if received > max {
            return Err(too_large());
        }
        chunks.push(chunk);
    }
    Ok(match chunks.len() {
        1 => chunks.swap_remove(0),
        _ => {
            let mut body = BytesMut::with_capacity(received);
            for chunk in chunks {
                body.extend_from_slice(&chunk);
            }
            body.freeze()
        }
    })
}

/// Turns an HTTP answer into the body or the matching error.
fn classify(
    status: StatusCode,
    retry_after: Option<Duration>,
    body: Bytes,
    endpoint: Endpoint<'_>,
) -> Result<Bytes, EnrowError> {
    if status.is_success() {
        return Ok(body);
    }
    let message = server_message(&body);
    let lower = message.as_deref().unwrap_or_default().to_ascii_lowercase();
    let code = status.as_u16();
    Err(match code {
        // Enrow answers 400 for an unknown, expired or foreign batch id; an older reference
        // answers 404 "Bulk search not found". A 404 without Enrow's words (an HTML page from
        // a wrong address) stays unexpected.
        404 => match endpoint {
            Endpoint::PhoneBulk(id) if lower.contains("not found") => EnrowError::BatchNotFound {
                batch_id: id.to_string(),
            },
            _ => EnrowError::unexpected(code, &body),
        },
        400 => match endpoint {
            Endpoint::PhoneBulk(id) => EnrowError::BatchNotFound {
                batch_id: id.to_string(),
            },
            Endpoint::AccountInfo | Endpoint::SubmitBulk => EnrowError::unexpected(code, &body),
        },
        401 | 403 if lower.contains("not allowed") || lower.contains("phone") => {
            EnrowError::PhoneNotAllowed
        }
        401 | 403 if lower.contains("no apikey") || lower.contains("missing") => {
            EnrowError::MissingKey
        }
        401 | 403 => EnrowError::InvalidKey {
            server_message: message.unwrap_or_default(),
        },
        402 | 422 => EnrowError::InsufficientCredits {
            server_message: message.unwrap_or_default(),
        },
        429 => EnrowError::RateLimited { retry_after },
        // A JSON (or empty) 5xx comes from Enrow itself; an HTML page from a gateway in front.
        500..=599 if message.is_some() || body.iter().all(u8::is_ascii_whitespace) => {
            EnrowError::ServerError {
                status: code,
                body_start: body_preview(&body),
            }
        }
        _ => EnrowError::unexpected(code, &body),
    })
}

/// `message` (or `reason`, or `error`) of a JSON error body.
fn server_message(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    ["message", "reason", "error"]
        .iter()
        .find_map(|field| value.get(field)?.as_str().map(str::to_owned))
}

/// `Retry-After` as seconds or as an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// Transport failures: no connection, a connection lost mid-answer, or too slow.
fn from_transport(error: &reqwest::Error) -> EnrowError {
    if error.is_timeout() {
        return EnrowError::Timeout;
    }
    let detail = if error.is_connect() {
        format!("no connection: {}", root_cause(error))
    } else if error.is_body() || error.is_decode() {
        format!(
            "the connection broke while the answer arrived: {}",
            root_cause(error)
        )
    } else {
        root_cause(error)
    };
    EnrowError::Network { detail }
}

/// The innermost cause, which is the part a person (or support) can act on, e.g.
/// “Connection refused”. reqwest's own message carries the whole URL, which adds nothing.
fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(source) = cause.source() {
        cause = source;
    }
    cause.to_string()
}
