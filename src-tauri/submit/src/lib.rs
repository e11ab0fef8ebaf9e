//! "Find numbers for a list": a person's own spreadsheet sent to Enrow as bulk phone searches,
//! with the cost shown first, never charged twice, and the numbers put back on exactly the rows
//! they were searched from. No window here: the desktop app and `enrow-batch submit` share it.
//!
//! 1. [`plan`] reads the sheet's columns as "Add to my spreadsheet" finds them (the same
//!    reader, headers and the person's choice), checks every row, and folds the same person
//!    listed twice into one search.
//! 2. [`cost`] says what it may cost before anything is sent.
//! 3. [`record`] keeps every submission on disk, each part's state written before its request
//!    leaves, so a crash at any moment is told truthfully at the next start.
//! 4. [`send`] sends the parts (3,000 searches at most each), paced under Enrow's limit, and
//!    never again once a request may have reached Enrow.
//! 5. [`place`] puts the numbers back into a copy of the sheet by the rows each search came
//!    from, not by matching names.

pub mod cost;
pub mod place;
pub mod plan;
pub mod record;
pub mod send;

pub use cost::Cost;
pub use place::place;
pub use plan::{ListError, ListPlan, Skip};
pub use record::{Part, PartState, Store, Submission};
pub use send::{SendConfig, SendEvent, SendOutcome, send_parts};
