//! What a list may cost, said before anything is sent. Enrow charges for the numbers it finds
//! (40 credits each, 50 on older plans) and nothing for the searches that find none; it sets
//! the credits aside when the batch is made, and gives back the misses' when it completes.

use serde::Serialize;

/// Credits a found number costs on today's plans.
pub const CREDITS_PER_NUMBER: u64 = 40;
/// On the older plans.
pub const CREDITS_PER_NUMBER_LEGACY: u64 = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cost {
    pub searches: u64,
    /// Credits a found number costs today, and on the older plans.
    pub per_number: u64,
    pub per_number_legacy: u64,
    /// Every search finding a number, at today's price.
    pub at_most: u64,
    /// The same on an older plan.
    pub at_most_legacy: u64,
    /// The account's balance, when Enrow said.
    pub balance: Option<u64>,
    /// The balance covers the worst case (`None`: the balance is not known).
    pub covered: Option<bool>,
    /// When it does not: how many searches the balance covers at worst, the first rows to
    /// send only.
    pub affordable: Option<u64>,
}

impl Cost {
    pub fn of(searches: usize, balance: Option<u64>) -> Self {
        let searches = searches as u64;
        let at_most = searches.saturating_mul(CREDITS_PER_NUMBER);
        let covered = balance.map(|balance| balance >= at_most);
        Self {
            searches,
            per_number: CREDITS_PER_NUMBER,
            per_number_legacy: CREDITS_PER_NUMBER_LEGACY,
            at_most,
            at_most_legacy: searches.saturating_mul(CREDITS_PER_NUMBER_LEGACY),
            balance,
            covered,
            affordable: match (balance, covered) {
                (Some(balance), Some(false)) => Some(balance / CREDITS_PER_NUMBER),
                _ => None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worst_case_is_every_search_found() {
        let cost = Cost::of(1_412, Some(36_000));
        assert_eq!((cost.at_most, cost.at_most_legacy), (56_480, 70_600));
        assert_eq!(cost.covered, Some(false));
        assert_eq!(cost.affordable, Some(900), "36,000 / 40");
        let enough = Cost::of(10, Some(400));
        assert_eq!((enough.covered, enough.affordable), (Some(true), None));
        let unknown = Cost::of(10, None);
        assert_eq!((unknown.covered, unknown.affordable), (None, None));
    }
}
