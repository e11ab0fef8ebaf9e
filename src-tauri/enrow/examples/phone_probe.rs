#![allow(clippy::unwrap_used)]
use rlibphonenumber::{PhoneNumber, PhoneNumberFormat};
fn main() {
    use std::time::Instant;
    let rows = fake_enrow::sample::rows(30_000, 30_000, 100, false);
    let nums: Vec<String> = rows.into_iter().filter_map(|r| r.number).collect();
    let parsed: Vec<PhoneNumber> = nums
        .iter()
        .map(|n| PhoneNumber::parse(n, None).unwrap())
        .collect();
    for _ in 0..2 {
        let t = Instant::now();
        for p in &parsed {
            let _ = p.is_valid();
        }
        println!("valid {:?}", t.elapsed());
        let t = Instant::now();
        for p in &parsed {
            let _ = p.get_type();
        }
        println!("type {:?}", t.elapsed());
        let t = Instant::now();
        for p in &parsed {
            let _ = p.format_as(PhoneNumberFormat::National);
        }
        println!("national {:?}", t.elapsed());
        let t = Instant::now();
        for p in &parsed {
            let _ = p.format_as(PhoneNumberFormat::International);
        }
        println!("intl {:?}", t.elapsed());
        let t = Instant::now();
        for p in &parsed {
            let _ = p.get_region_code();
        }
        println!("region {:?}", t.elapsed());
        let t = Instant::now();
        for n in &nums {
            let _ = enrow::phone::classify(n, None);
        }
        println!("classify {:?}", t.elapsed());
    }
}
