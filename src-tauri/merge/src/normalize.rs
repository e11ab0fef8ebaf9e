//! Values compared the way a person would: "  François LEFÈVRE " is "francois lefevre", a
//! profile link is its handle, a website is its domain.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lowercase, accents folded, runs of spaces made one.
pub fn text(value: &str) -> String {
    let folded: String = value.nfkd().filter(|c| !is_combining_mark(*c)).collect();
    folded
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A column header reduced to its letters and digits, so "First name", "first_name",
/// "FirstName" and "Prénom " compare as "firstname" and "prenom".
pub fn header(value: &str) -> String {
    text(value)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Who a LinkedIn link names (`in/ann-peeters`, or the whole path of an old `/pub/` profile;
/// see [`enrow::export::linkedin_profile_key`]), with or without `https://` in front; `None`
/// for an empty cell. Anything that is not a profile link compares as the text it is, so a
/// searched value that is not a link still has to be written the same way to agree.
pub fn linkedin(value: &str) -> Option<String> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    Some(
        enrow::export::linkedin_profile_key(&with_scheme(value))
            .unwrap_or_else(|| format!("text:{}", text(value))),
    )
}

/// Whether `value` links to a person's LinkedIn profile, rather than to a company page or
/// anything else.
pub fn is_profile_link(value: &str) -> bool {
    matches!(
        enrow::export::linkedin_page(&with_scheme(value)),
        Some((enrow::export::LinkedinPage::Profile, _))
    )
}

/// `linkedin.com/in/ann` as people paste it, with `https://` in front.
fn with_scheme(value: &str) -> String {
    let value = value.trim();
    if value.contains("://") {
        value.to_owned()
    } else {
        format!("https://{value}")
    }
}

/// `https://www.Acme.com/about` as `acme.com`.
pub fn domain(value: &str) -> String {
    let value = text(value);
    let without_scheme = value
        .split_once("://")
        .map_or(value.as_str(), |(_, rest)| rest);
    let host = without_scheme
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default();
    host.strip_prefix("www.").unwrap_or(host).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_compare_as_a_person_reads_them() {
        assert_eq!(
            text("  François   LEFÈVRE-Müller "),
            "francois lefevre-muller"
        );
        assert_eq!(header("First_Name"), "firstname");
        assert_eq!(header(" Prénom "), "prenom");
        assert_eq!(
            linkedin("linkedin.com/in/Jurgen-Gross/"),
            Some("in/jurgen-gross".into())
        );
        assert_eq!(
            linkedin("https://www.linkedin.com/in/j%C3%BCrgen-gro%C3%9F"),
            Some("in/jürgen-groß".into())
        );
        assert_eq!(linkedin("  "), None);
        assert_eq!(linkedin("Ann  Peeters"), Some("text:ann peeters".into()));
        assert_eq!(domain("https://www.Acme.com/about"), "acme.com");
        assert_eq!(domain("acme.com"), "acme.com");
    }
}
