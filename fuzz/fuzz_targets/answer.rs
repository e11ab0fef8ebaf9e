//! Whatever Enrow (or something posing as it) answers: `Batch::from_json` never panics, and a
//! batch it reads has its rows in index order and survives being saved and read again (the
//! app keeps batches as JSON) unchanged.
#![no_main]

use enrow::Batch;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|answer: &[u8]| {
    let Ok(batch) = Batch::from_json(answer) else {
        return;
    };
    assert!(
        batch.results.iter().all(|row| row.index.is_some()),
        "every row gets an index"
    );
    assert!(
        batch.results.is_sorted_by_key(|row| row.index),
        "rows sorted by index"
    );
    for row in &batch.results {
        assert_ne!(row.qualification, enrow::Qualification::Missing, "{row:?}");
        assert_eq!(
            row.found_number().is_some(),
            row.is_found() && row.number.is_some()
        );
    }
    let saved = serde_json::to_vec(&batch).expect("a parsed batch serialises");
    let again = Batch::from_json(&saved).unwrap_or_else(|error| {
        panic!(
            "a saved batch reads again: {error}\n{}",
            String::from_utf8_lossy(&saved)
        )
    });
    assert_eq!(again, batch, "{}", String::from_utf8_lossy(&saved));
    // Figures derived from the rows never panic either.
    let _ = (
        batch.found(),
        batch.requested(),
        batch.hit_rate(),
        batch.progress(),
    );
    let _ = batch.net_credits();
});
