//! Who a row is, from what was searched: the names, else the LinkedIn handle, and the company.
//! For contact cards and CRM files, which want a person, not search parameters.

use super::columns::value;
use crate::model::PhoneResult;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Person {
    pub first: String,
    pub last: String,
    /// `michael-scott` for `https://www.linkedin.com/in/michael-scott`.
    pub handle: String,
    pub company: String,
    pub linkedin: String,
    /// The row's custom value, as text.
    pub note: String,
}

impl Person {
    pub fn of(row: &PhoneResult) -> Self {
        let field = |name: &str| value(row.params.get(name)).as_text().trim().to_owned();
        let linkedin = field("linkedin_url");
        let company = match field("company_name") {
            name if !name.is_empty() => name,
            _ => field("company_domain"),
        };
        Self {
            first: field("firstname"),
            last: field("lastname"),
            handle: linkedin_handle(&linkedin),
            company,
            linkedin,
            note: value(row.custom.as_ref()).as_text().trim().to_owned(),
        }
    }

    /// What to call the person: the names, else the LinkedIn handle, else the company.
    pub fn display_name(&self) -> String {
        let names = [self.first.as_str(), self.last.as_str()]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        [names.as_str(), self.handle.as_str(), self.company.as_str()]
            .into_iter()
            .find(|name| !name.is_empty())
            .unwrap_or_default()
            .to_owned()
    }

    pub fn has_names(&self) -> bool {
        !self.first.is_empty() || !self.last.is_empty()
    }
}

/// What a LinkedIn link points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkedinPage {
    /// A person's profile (`/in/…`, or the older `/pub/…`).
    Profile,
    /// A company page (`/company/…`).
    Company,
}

/// The kind of page and the last path part of a LinkedIn profile or company link, decoded
/// (`éloïse` for `/in/%C3%A9lo%C3%AFse`); `None` for anything else.
pub fn linkedin_page(link: &str) -> Option<(LinkedinPage, String)> {
    let url = url::Url::parse(link.trim()).ok()?;
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    if host != "linkedin.com" && !host.ends_with(".linkedin.com") {
        return None;
    }
    let mut parts = url.path_segments().into_iter().flatten();
    let page = match parts.next() {
        Some("in" | "pub") => LinkedinPage::Profile,
        Some("company") => LinkedinPage::Company,
        _ => return None,
    };
    let handle = parts.next().filter(|handle| !handle.is_empty())?;
    let handle = percent_encoding::percent_decode_str(handle)
        .decode_utf8_lossy()
        .into_owned();
    Some((page, handle))
}

/// Who a LinkedIn profile link names, for telling people apart: `in/ann-peeters` for
/// `https://be.linkedin.com/in/Ann-Peeters/?trk=x`, and the whole path for the older public
/// profiles, `pub/john-smith/12/345/678`, whose handle alone many people share. Host, scheme,
/// letter case, a trailing slash, a query and what follows the profile (`/details/…`) aside;
/// `None` for anything that is not a person's profile (a company page, another site).
///
/// Accents are kept, not folded: `/in/rené` and `/in/rene` are two addresses, so possibly two
/// people.
pub fn linkedin_profile_key(link: &str) -> Option<String> {
    let url = url::Url::parse(link.trim()).ok()?;
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    if host != "linkedin.com" && !host.ends_with(".linkedin.com") {
        return None;
    }
    let mut parts = url
        .path_segments()
        .into_iter()
        .flatten()
        .filter(|part| !part.is_empty());
    let kind = parts.next()?;
    // `/in/<handle>`: the handle is the person. `/pub/<handle>/<a>/<b>/<c>`: the three parts
    // after the handle are, since many people had the same handle there.
    let wanted = match kind {
        "in" => 1,
        "pub" => 4,
        _ => return None,
    };
    let path: Vec<String> = parts
        .take(wanted)
        .map(|part| {
            percent_encoding::percent_decode_str(part)
                .decode_utf8_lossy()
                .to_lowercase()
        })
        .collect();
    if path.is_empty() || path.iter().any(|part| part.chars().any(char::is_control)) {
        return None;
    }
    Some(format!("{kind}/{}", path.join("/")))
}

/// A LinkedIn profile link fit to be written as a link (a contact card's `URL`): a person's
/// profile (see [`linkedin_page`]) over `https`, without a user name, password or other port,
/// and without any control character. The URL parser silently drops tabs and line breaks, so a
/// link carrying them would pass for a clean one: it is refused instead, since Enrow never sends
/// such a link and whatever it hides is not the person's profile. The address comes back
/// serialised: ASCII only, percent-encoded, never a space.
pub fn linkedin_profile_url(link: &str) -> Option<url::Url> {
    let link = link.trim();
    if link.chars().any(is_control) {
        return None;
    }
    let url = url::Url::parse(link).ok()?;
    let allowed = url.scheme() == "https"
        && url.username().is_empty()
        && url.password().is_none()
        // `Url` drops the scheme's own port (443), so any port left is another one.
        && url.port().is_none()
        && matches!(linkedin_page(url.as_str()), Some((LinkedinPage::Profile, _)));
    allowed.then_some(url)
}

/// Characters that break or end a line somewhere, or that no text format shows: C0 and C1
/// controls, DEL, and the Unicode line and paragraph separators.
pub fn is_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// The handle of a LinkedIn profile or company link (see [`linkedin_page`]); empty for
/// anything else.
pub fn linkedin_handle(link: &str) -> String {
    linkedin_page(link)
        .map(|(_, handle)| handle)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(params: serde_json::Value) -> PhoneResult {
        serde_json::from_value(serde_json::json!({"index": 0, "params": params})).expect("row")
    }

    /// The links a contact card may carry follow the rule the app opens links by (the
    /// shared cases of `tests/fixtures/linkedin-links.json`), company pages aside, and refuse
    /// a link whose line breaks the URL parser would silently drop.
    #[test]
    fn a_card_links_only_to_a_clean_profile() {
        let cases: serde_json::Value = serde_json::from_str(include_str!(
            "../../../../tests/fixtures/linkedin-links.json"
        ))
        .expect("the shared cases");
        let link = |case: &serde_json::Value| case.as_str().unwrap_or_default().to_owned();
        for case in cases["allowed"].as_array().expect("allowed") {
            let (given, opened) = (link(&case["link"]), link(&case["opened"]));
            let expected = (!opened.contains("/company/")).then_some(opened);
            let url = linkedin_profile_url(&given).map(String::from);
            assert_eq!(url, expected, "{given}");
        }
        for refused in cases["refused"].as_array().expect("refused") {
            assert_eq!(linkedin_profile_url(&link(refused)), None, "{refused}");
        }
        for hidden in [
            "https://www.linkedin.com/in/x\r\nEND:VCARD",
            "https://www.linkedin.com/in/x\ty",
            "https://www.linkedin.com/in/x\u{2028}y",
            "https://www.linkedin.com/in/x\u{85}y",
        ] {
            assert_eq!(linkedin_profile_url(hidden), None, "{hidden:?}");
        }
    }

    #[test]
    fn names_else_the_handle_with_the_company() {
        let ann = Person::of(&row(serde_json::json!({
            "first_name": "Ann", "last_name": "Peeters", "company_name": "De Gans"})));
        assert_eq!(
            (ann.display_name().as_str(), ann.company.as_str()),
            ("Ann Peeters", "De Gans")
        );
        let linked = Person::of(&row(serde_json::json!({
            "linkedin_url": "https://fr.linkedin.com/in/%C3%A9lo%C3%AFse-martin/"})));
        assert_eq!(linked.display_name(), "éloïse-martin");
        assert!(!linked.has_names());
        assert_eq!(
            Person::of(&row(serde_json::json!({"company_domain": "acme.com"}))).company,
            "acme.com"
        );
        assert_eq!(linkedin_handle("https://evil.example/in/x"), "");
        assert_eq!(linkedin_handle("https://www.linkedin.com/feed/"), "");
        assert_eq!(linkedin_handle("https://www.linkedin.com/in/"), "");
        assert_eq!(
            linkedin_page("https://be.linkedin.com/company/de-gans/about"),
            Some((LinkedinPage::Company, "de-gans".into()))
        );
        assert_eq!(
            linkedin_page("https://www.linkedin.com/pub/ann-peeters/1/2/3").map(|(page, _)| page),
            Some(LinkedinPage::Profile)
        );
    }

    #[test]
    fn a_profile_is_told_apart_by_its_whole_path() {
        let key = |link: &str| linkedin_profile_key(link);
        // Old public profiles sharing a handle are two people.
        assert_ne!(
            key("https://www.linkedin.com/pub/john-smith/12/345/678"),
            key("https://www.linkedin.com/pub/john-smith/98/765/432")
        );
        assert_eq!(
            key("http://BE.linkedin.com/pub/John-Smith/12/345/678/?trk=x").as_deref(),
            Some("pub/john-smith/12/345/678")
        );
        // The same person however the link is written.
        for same in [
            "https://www.linkedin.com/in/ann-peeters",
            "https://linkedin.com/in/Ann-Peeters/",
            "https://be.linkedin.com/in/ann-peeters?originalSubdomain=be",
            "https://www.linkedin.com/in/ann-peeters/details/experience/",
        ] {
            assert_eq!(key(same).as_deref(), Some("in/ann-peeters"), "{same}");
        }
        assert_eq!(
            key("https://www.linkedin.com/in/%C3%A9lo%C3%AFse").as_deref(),
            Some("in/éloïse")
        );
        assert_ne!(
            key("https://www.linkedin.com/in/rené"),
            key("https://www.linkedin.com/in/rene")
        );
        // Not a person: a company page, another site, a profile without a handle.
        for none in [
            "https://www.linkedin.com/company/acme",
            "https://evil.example/in/ann",
            "https://www.linkedin.com/in/",
            "ann-peeters",
        ] {
            assert_eq!(key(none), None, "{none}");
        }
    }
}
