//! Light work over every row of a large batch, split between the cores.
//!
//! Looking something up for each of 100,000 rows (is its number known, which parameters does
//! it carry) waits on memory more than it computes: about 5 ms on one core, done while the
//! other cores idle, between classifying the numbers and writing the file. Split in parts, the
//! cores wait for their part's memory side by side.

use crate::model::PhoneResult;

/// Below this many rows, one pass on this thread takes less than starting a thread.
const SPLIT_FROM_ROWS: usize = 20_000;

/// At most this many parts (as for the exports' formatting).
const MAX_PARTS: usize = 4;

/// `work` on consecutive parts of `rows` that together hold every row once, in order: one part
/// on this thread for a small batch or a single core, else one part a core. A part whose
/// thread cannot be started or stops is done again here, so the result never lacks a part.
pub fn on_parts<'r, T: Send>(
    rows: &'r [PhoneResult],
    work: impl Fn(&'r [PhoneResult]) -> T + Sync,
) -> Vec<T> {
    let cores = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(MAX_PARTS);
    if cores < 2 || rows.len() < SPLIT_FROM_ROWS {
        return vec![work(rows)];
    }
    let parts: Vec<&[PhoneResult]> = rows.chunks(rows.len().div_ceil(cores)).collect();
    let work = &work;
    std::thread::scope(|scope| {
        let started: Vec<_> = parts[1..]
            .iter()
            .map(|&part| {
                std::thread::Builder::new()
                    .spawn_scoped(scope, move || work(part))
                    .ok()
            })
            .collect();
        let mut done = vec![work(parts[0])];
        for (&part, thread) in parts[1..].iter().zip(started) {
            let result = thread.and_then(|thread| thread.join().ok());
            done.push(result.unwrap_or_else(|| work(part)));
        }
        done
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The indexes of the rows of each part.
    fn indexes(part: &[PhoneResult]) -> Vec<u64> {
        part.iter().map(PhoneResult::position).collect()
    }

    #[test]
    fn the_parts_hold_every_row_once_in_order() {
        for count in [0, 1, 5, SPLIT_FROM_ROWS as u64 - 1, 50_001] {
            let rows = PhoneResult::numbered(count);
            let parts = on_parts(&rows, indexes);
            let joined: Vec<u64> = parts.into_iter().flatten().collect();
            assert_eq!(joined, (0..count).collect::<Vec<_>>(), "{count} rows");
        }
    }

    #[test]
    fn a_part_whose_thread_stops_is_done_again_here() {
        let rows = PhoneResult::numbered(50_000);
        let here = std::thread::current().id();
        let parts = on_parts(&rows, |part| {
            // Only the first attempt at a part away from this thread stops.
            if std::thread::current().id() != here {
                panic!("stopped");
            }
            part.len()
        });
        assert_eq!(parts.iter().sum::<usize>(), 50_000);
    }
}
