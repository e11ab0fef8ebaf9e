//! Whatever is pasted: `BatchId::parse_forgiving` never panics, and an id it accepts is the
//! canonical form (lower-case, hyphenated, not nil) that reads back as itself.
#![no_main]

use enrow::BatchId;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|pasted: &str| {
    let Ok(id) = BatchId::parse_forgiving(pasted) else {
        return;
    };
    let text = id.as_str();
    assert_eq!(text.len(), 36, "{text:?}");
    for (at, byte) in text.bytes().enumerate() {
        if [8, 13, 18, 23].contains(&at) {
            assert_eq!(byte, b'-', "{text:?}");
        } else {
            assert!(matches!(byte, b'0'..=b'9' | b'a'..=b'f'), "{text:?}");
        }
    }
    assert_ne!(text, "00000000-0000-0000-0000-000000000000");
    assert_eq!(BatchId::parse_forgiving(text).as_ref(), Ok(&id));
    assert!(id.short().len() == 8 && text.starts_with(id.short()));
    // Saved ids (history, settings) come back through serde the same.
    let saved = serde_json::to_string(&id).expect("an id serialises");
    assert_eq!(
        serde_json::from_str::<BatchId>(&saved).ok().as_ref(),
        Some(&id)
    );
});
