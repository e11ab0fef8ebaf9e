//! The fake's ready-made batches use numbers that their countries' plans give out, so the demo
//! and the tests show mobiles and landlines, not a column of "Invalid".

#![allow(clippy::unwrap_used, clippy::expect_used)]

use enrow::PhoneType;

#[test]
fn the_fakes_numbers_are_valid_mobiles_and_landlines() {
    let rows = fake_enrow::sample::rows(3_000, 3_000, 100, false);
    let numbers: Vec<(String, Option<String>)> = rows
        .into_iter()
        .filter_map(|row| Some((row.number?, row.country)))
        .collect();
    let all = enrow::phone::classify_all(numbers.iter().map(|(n, c)| (n.as_str(), c.as_deref())));
    let count = |kind: PhoneType| all.values().filter(|info| info.kind == kind).count();
    let invalid = count(PhoneType::Invalid);
    assert_eq!(invalid, 0, "{invalid} of {} invalid", all.len());
    assert!(count(PhoneType::Mobile) > all.len() / 2);
    assert!(count(PhoneType::Landline) > all.len() / 10);
    assert!(count(PhoneType::MobileOrLandline) > 0);
}
