//! Figures as people read them.

/// `36000` → `36,000`. Hand-written: one fixed format does not justify a locale crate.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn percent(rate: f64) -> String {
    format!("{:.1}%", rate * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(36000), "36,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn percents() {
        assert_eq!(percent(0.604), "60.4%");
        assert_eq!(percent(1.0), "100.0%");
    }
}
