//! Operations on profiles and flakes, and what Nix says while they run.

pub mod failure;
pub mod log;
mod metadata;
pub mod operation;
mod phrase;
pub mod progress;

pub use failure::{explain, Diagnosis, Explanation};
pub use log::{Applied, LineKind, LogBatch, LogCounts, LogLine, LogModel};
pub use metadata::PackageMetadata;
pub use operation::{Lane, Operation};
pub use phrase::format_size;
pub use progress::{CurrentActivity, Progress, ProgressModel, Tally};
