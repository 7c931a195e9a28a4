//! Running `nix` and understanding what it says.
//!
//! - [`events`]: parsing `--log-format internal-json` lines.
//! - [`runner`]: starting Nix in its own process group, streaming its log,
//!   collecting stdout, and turning failures into [`crate::Error`]s.
//! - [`cancel`]: stopping a run and everything it started.
//! - [`busy`]: which failures only mean "try again in a moment".
//! - [`version`]: which Nix is installed and which verbs it knows.
//! - [`setup`]: which `nix` to run, with which environment.
//! - [`host`]: whether `nix` runs here or, from inside Flatpak, on the host.

mod ansi;
pub mod busy;
pub(crate) mod cancel;
pub(crate) mod events;
pub mod host;
pub mod runner;
pub(crate) mod setup;
mod stderr;
pub(crate) mod version;

pub use busy::{is_transient, Retry, Transient};
pub use cancel::{Canceller, CANCEL_GRACE};
pub use events::{parse_line, strip_ansi, ActivityType, Field, LogEvent, ResultType};
pub use host::{FlatpakHost, Launcher};
pub use runner::{run, NixCommand, NixOutput, RunningNix};
pub use setup::NixSetup;
pub use version::NixVersion;
