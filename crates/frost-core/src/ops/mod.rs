//! Operations on profiles and flakes, run through one queue, watched as they
//! run: the part of Frost's Nix worker that needs no GTK, shared by the
//! window and the CLI.
//!
//! - [`operation`]: what can be done, as `nix` command lines for the
//!   installed Nix.
//! - [`queue`]: the worker: submit, cancel, one stream of events.
//! - [`progress`] and [`log`]: what Nix's event stream says, as a progress
//!   bar with a phrase and a bounded log; [`monitor`] feeds both.
//! - [`failure`]: plain explanations of common failures.
//! - [`MetadataCache`]: evaluated package descriptions, kept per store path.
//!
//! A window uses it like this: make an [`OpQueue`] on the app's Tokio
//! runtime, forward its receiver's [`QueueEvent`]s as messages, apply each
//! [`OpUpdate`] (`progress` replaces the bar's state, `log` goes through
//! [`LogModel::apply`] into the log view), and on [`OpEvent::Finished`] show
//! a toast ([`Completed::message`], Undo runs [`Completed::undo`]) or an
//! alert ([`Failed::nix_message`], [`Failed::explanation`],
//! [`Failed::details`] for Copy details).

mod context;
mod execute;
pub(crate) mod failure;
pub mod log;
mod metadata;
mod metadata_cache;
pub(crate) mod monitor;
pub(crate) mod operation;
mod outcome;
mod phrase;
pub(crate) mod progress;
pub(crate) mod queue;
mod unchanged;

pub use context::NixContext;
pub use execute::UPDATE_INTERVAL;
pub use failure::{explain, Diagnosis, Explanation};
pub use log::{Applied, LineKind, LogBatch, LogCounts, LogLine, LogModel};
pub use metadata::PackageMetadata;
pub use metadata_cache::MetadataCache;
pub use monitor::{Monitor, OpUpdate};
pub use operation::{Lane, Operation};
pub use outcome::{Completed, Failed, Frozen, GenerationChange, OpResult, PriorityRetries};
pub use phrase::format_size;
pub use progress::{CurrentActivity, Progress, ProgressModel, Tally};
pub use queue::{OpEvent, OpId, OpQueue, QueueEvent};
