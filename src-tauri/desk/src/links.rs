//! Which links the page may have opened in the browser, and the exact address that is opened.
//! The page's `ui/js/linkedin.js` applies the same rule to decide whether to offer the button;
//! both are tested against `tests/fixtures/linkedin-links.json`.

use url::Url;

/// The path prefixes of LinkedIn profiles and company pages; anything else there (the feed,
/// the redirector, settings) is not what a results grid links to.
const LINKEDIN_PATHS: [&str; 3] = ["/in/", "/pub/", "/company/"];

/// A LinkedIn profile or company page, as the address to open; `None` for anything else.
pub fn linkedin_profile(text: &str) -> Option<Url> {
    let url = Url::parse(text.trim()).ok()?;
    let host = url.host_str()?.to_ascii_lowercase();
    let profile = LINKEDIN_PATHS.iter().any(|prefix| {
        url.path()
            .strip_prefix(prefix)
            .is_some_and(|rest| !rest.trim_matches('/').is_empty())
    });
    let allowed = url.scheme() == "https"
        && url.username().is_empty()
        && url.password().is_none()
        // `Url` drops the scheme's own port (443), so any port left is another one.
        && url.port().is_none()
        && (host == "linkedin.com" || host.ends_with(".linkedin.com"))
        && profile;
    allowed.then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct Cases {
        allowed: Vec<Allowed>,
        refused: Vec<String>,
    }

    #[derive(serde::Deserialize)]
    struct Allowed {
        link: String,
        opened: String,
    }

    #[test]
    fn the_shared_cases_hold() {
        let cases: Cases =
            serde_json::from_str(include_str!("../../../tests/fixtures/linkedin-links.json"))
                .expect("the shared cases");
        for case in cases.allowed {
            assert_eq!(
                linkedin_profile(&case.link).map(String::from).as_deref(),
                Some(case.opened.as_str()),
                "{}",
                case.link
            );
        }
        for link in cases.refused {
            assert_eq!(linkedin_profile(&link), None, "{link}");
        }
    }
}
