//! One scripted HTTP answer, faults included.

use std::collections::VecDeque;
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use bytes::Bytes;
use serde_json::json;

#[derive(Debug, Clone)]
pub enum Reply {
    /// A complete answer.
    Body {
        status: u16,
        content_type: &'static str,
        body: Bytes,
        headers: Vec<(&'static str, String)>,
    },
    /// The status and the first part of the body, then the connection is dropped.
    DropMidBody { status: u16, partial: Bytes },
    /// Any answer, after a pause.
    Delayed(Duration, Box<Reply>),
    /// The status and headers at once, then the body `bytes_per_step` bytes at a time, one
    /// step every `every`: a server (or proxy) that never goes silent long enough to trip a
    /// silence limit, yet never finishes.
    Drip {
        status: u16,
        body: Bytes,
        every: Duration,
        bytes_per_step: usize,
    },
    /// A body streamed without a Content-Length: `head`, then `filler` `times` over, then
    /// `tail`. Nothing is held in memory but the three parts, so a body of hundreds of
    /// megabytes costs the fake nothing (the filler is shared, not copied).
    Stream {
        status: u16,
        content_type: &'static str,
        head: Bytes,
        filler: Bytes,
        times: usize,
        tail: Bytes,
    },
    /// A Content-Length of `declared_length`, then only `sent` (fewer bytes), then the
    /// connection is closed: an answer cut off by a proxy or a dropped line.
    Truncated {
        status: u16,
        declared_length: u64,
        sent: Bytes,
    },
    /// A redirect (`status` 3xx) to `location`.
    Redirect { status: u16, location: String },
    /// A redirect to the fake's second listener, on another loopback address (or, where the
    /// system has only 127.0.0.1, another port), which answers as Enrow would and records every
    /// request that follows the redirect and the key it carried
    /// ([`crate::FakeEnrow::redirected_requests`]). Served as the answer itself, not inside
    /// [`Reply::Delayed`].
    RedirectAway { status: u16 },
}

impl Reply {
    pub fn json(status: u16, body: Bytes) -> Self {
        Self::Body {
            status,
            content_type: "application/json; charset=utf-8",
            body,
            headers: Vec::new(),
        }
    }

    pub fn ok(body: Bytes) -> Self {
        Self::json(200, body)
    }

    /// Enrow's error shape: `{"message": "…"}`.
    pub fn message(status: u16, message: &str) -> Self {
        Self::json(
            status,
            crate::sample::to_bytes(&json!({ "message": message })),
        )
    }

    /// What a gateway in front of Enrow answers when Enrow is down.
    pub fn html(status: u16) -> Self {
        let page = format!(
            "<html>\r\n<head><title>{status} Bad Gateway</title></head>\r\n<body>\r\n\
             <center><h1>{status} Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n\
             </body>\r\n</html>\r\n"
        );
        Self::Body {
            status,
            content_type: "text/html",
            body: Bytes::from(page),
            headers: Vec::new(),
        }
    }

    pub fn too_many_requests(retry_after_seconds: u64) -> Self {
        match Self::message(429, "Too Many Requests") {
            Self::Body {
                status,
                content_type,
                body,
                ..
            } => Self::Body {
                status,
                content_type,
                body,
                headers: vec![("retry-after", retry_after_seconds.to_string())],
            },
            other => other,
        }
    }

    pub fn invalid_json() -> Self {
        Self::ok(Bytes::from_static(
            b"{\"general\": {\"id\": \"oops\", \"status\": \"completed\"}, \"results\": [{\"index\": 0,",
        ))
    }

    pub fn delayed(self, by: Duration) -> Self {
        Self::Delayed(by, Box::new(self))
    }

    pub(crate) async fn into_response(self) -> Response {
        let mut reply = self;
        while let Reply::Delayed(by, inner) = reply {
            tokio::time::sleep(by).await;
            reply = *inner;
        }
        match reply {
            Reply::Body {
                status,
                content_type,
                body,
                headers,
            } => {
                let mut response = Response::new(Body::from(body));
                *response.status_mut() = status_code(status);
                response
                    .headers_mut()
                    .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
                for (name, value) in headers {
                    if let Ok(value) = HeaderValue::from_str(&value) {
                        response.headers_mut().insert(name, value);
                    }
                }
                response
            }
            Reply::DropMidBody { status, partial } => {
                use futures_util::StreamExt;
                let first = futures_util::stream::iter([Ok::<_, std::io::Error>(partial)]);
                // The pause lets the status line and the first part reach the client before the
                // connection breaks, as when a network drops mid-answer.
                let broken = futures_util::stream::once(async {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    Err(std::io::Error::new(
                        std::io::ErrorKind::ConnectionReset,
                        "fake Enrow dropped the connection",
                    ))
                });
                let mut response = Response::new(Body::from_stream(first.chain(broken)));
                *response.status_mut() = status_code(status);
                response.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
                response
            }
            Reply::Drip {
                status,
                body,
                every,
                bytes_per_step,
            } => {
                let step = bytes_per_step.max(1);
                let chunks: Vec<Bytes> = (0..body.len())
                    .step_by(step)
                    .map(|start| body.slice(start..(start + step).min(body.len())))
                    .collect();
                let stream = futures_util::stream::unfold(
                    (chunks.into_iter(), true),
                    move |(mut chunks, first)| async move {
                        if !first {
                            tokio::time::sleep(every).await;
                        }
                        let chunk = chunks.next()?;
                        Some((Ok::<_, std::io::Error>(chunk), (chunks, false)))
                    },
                );
                let mut response = Response::new(Body::from_stream(stream));
                *response.status_mut() = status_code(status);
                response.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
                response
            }
            Reply::Stream {
                status,
                content_type,
                head,
                filler,
                times,
                tail,
            } => {
                let parts = std::iter::once(head)
                    .chain(std::iter::repeat_n(filler, times))
                    .chain(std::iter::once(tail))
                    .map(Ok::<_, std::io::Error>);
                let mut response =
                    Response::new(Body::from_stream(futures_util::stream::iter(parts)));
                *response.status_mut() = status_code(status);
                response
                    .headers_mut()
                    .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
                response
            }
            Reply::Truncated {
                status,
                declared_length,
                sent,
            } => {
                use futures_util::StreamExt;
                // A stream, so that hyper takes the length from the header instead of counting
                // the bytes; when the stream ends short of it, hyper closes the connection. The
                // pause lets what was sent reach the client first (hyper drops what it still
                // holds when the body ends short).
                let sent = futures_util::stream::iter([Ok::<_, std::io::Error>(sent)]);
                let then_close =
                    futures_util::stream::once(tokio::time::sleep(Duration::from_millis(50)))
                        .filter_map(|()| async { None::<Result<Bytes, std::io::Error>> });
                let mut response = Response::new(Body::from_stream(sent.chain(then_close)));
                *response.status_mut() = status_code(status);
                let headers = response.headers_mut();
                headers.insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
                headers.insert(header::CONTENT_LENGTH, HeaderValue::from(declared_length));
                response
            }
            Reply::Redirect { status, location } => {
                let page = format!("<html><body><a href=\"{location}\">Moved</a></body></html>");
                let mut response = Response::new(Body::from(page));
                *response.status_mut() = status_code(status);
                response
                    .headers_mut()
                    .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
                if let Ok(location) = HeaderValue::from_str(&location) {
                    response.headers_mut().insert(header::LOCATION, location);
                }
                response
            }
            // Resolved by the routes, which know where the second listener is; reaching here
            // means it was put where they do not look (inside `Delayed`).
            Reply::RedirectAway { .. } => {
                let mut response = Response::new(Body::from("RedirectAway inside Delayed"));
                *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
                response
            }
            Reply::Delayed(..) => Response::new(Body::empty()),
        }
    }
}

fn status_code(status: u16) -> StatusCode {
    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// Answers to give in turn; the last one repeats for ever.
#[derive(Debug, Clone)]
pub struct Script {
    steps: VecDeque<Reply>,
    last: Reply,
}

impl Script {
    pub fn always(reply: Reply) -> Self {
        Self {
            steps: VecDeque::new(),
            last: reply,
        }
    }

    pub fn then(steps: impl IntoIterator<Item = Reply>, last: Reply) -> Self {
        Self {
            steps: steps.into_iter().collect(),
            last,
        }
    }

    /// The first answer, without consuming it.
    pub fn first_reply(&self) -> Reply {
        self.steps.front().unwrap_or(&self.last).clone()
    }

    pub(crate) fn next_reply(&mut self) -> Reply {
        self.steps.pop_front().unwrap_or_else(|| self.last.clone())
    }
}
