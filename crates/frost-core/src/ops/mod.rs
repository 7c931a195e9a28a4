//! Operations on profiles and flakes, and what Nix says while they run.

pub mod log;

pub use log::{Applied, LineKind, LogBatch, LogCounts, LogLine, LogModel};
