//! Real Nix profiles for Frost's tests, built offline in temporary folders.
//! Nothing here touches the machine's own profile: every command runs with a
//! temporary HOME, XDG folders and `--profile`.

mod branch;
mod busy;
mod fixture;
mod flakes;
mod large;
mod listed;
mod sandbox;
mod scenario;
mod search;

pub use branch::{BranchFixture, NEXT_HELLO_VERSION};
pub use busy::{real_nix, write_executable, BusyNix, BusyTry, NIX_BUSY_LOG};
pub use fixture::{FixtureProfile, FIXTURE_ELEMENTS};
pub use flakes::{NIXPKGS_FLAKE, NIXPKGS_REV2_EXTRA, TOOL_FLAKE};
pub use large::LargeProfile;
pub use listed::{listed_by_frost, listed_by_nix, nix_listed, Listed};
pub use sandbox::{prepare_nix_store, NixSandbox, Result, OFFLINE_NIX_CONFIG};
pub use scenario::{ScenarioFlake, CHATTY_LINES, SCENARIO_FLAKE, SLOW_LINES};
pub use search::{CountingNix, SearchFlake, SEARCH_FLAKE};
