//! Whatever number and country a row holds: `phone::classify` never panics, and what it says
//! holds together whichever written forms are asked for.
//!
//! libFuzzer's panic hook aborts even on a panic that `classify` catches (it guards against
//! libphonenumber's), so a panic anywhere below is reported here.
#![no_main]

use enrow::phone::{self, Forms, PhoneType};
use libfuzzer_sys::fuzz_target;

/// The number, then optionally a 0xFF byte (never in UTF-8) and Enrow's country for the row,
/// so a seed reads as it is: `+33612345678`, `0612345678\xFFFR`.
fn split(data: &[u8]) -> Option<(&str, Option<&str>)> {
    let (number, country) = match data.iter().position(|&byte| byte == 0xFF) {
        Some(at) => (&data[..at], Some(&data[at + 1..])),
        None => (data, None),
    };
    let country = match country {
        Some(country) => Some(std::str::from_utf8(country).ok()?),
        None => None,
    };
    Some((std::str::from_utf8(number).ok()?, country))
}

fuzz_target!(|data: &[u8]| {
    let Some((number, country)) = split(data) else {
        return;
    };
    let both = phone::classify(number, country);
    assert_eq!(
        both.valid,
        both.kind != PhoneType::Invalid,
        "{number:?} {both:?}"
    );
    if both.valid {
        assert!(
            both.national.is_some() && both.international.is_some(),
            "{both:?}"
        );
    }
    for forms in [
        Forms::Neither,
        Forms::National,
        Forms::International,
        Forms::Both,
    ] {
        let info = phone::classify_with(number, country, forms);
        // The type does not depend on the forms asked for, and only those are worked out.
        assert_eq!(
            (info.kind, info.valid),
            (both.kind, both.valid),
            "{number:?} {forms:?}"
        );
        let national = matches!(forms, Forms::National | Forms::Both);
        let international = matches!(forms, Forms::International | Forms::Both);
        assert_eq!(info.national.is_some(), national && both.national.is_some());
        assert_eq!(
            info.international.is_some(),
            international && both.international.is_some()
        );
        if national {
            assert_eq!(info.national, both.national);
        }
        if international {
            assert_eq!(info.international, both.international);
        }
    }
    // A batch classifies each distinct number once, to the same answer.
    let all = phone::classify_all([(number, country), (number, None)]);
    assert_eq!(all.len(), 1);
    assert_eq!(all.get(number), Some(&both));
});
