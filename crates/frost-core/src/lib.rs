//! Frost's core: everything about Nix profiles, manifests, flakes and running
//! `nix`, with no GTK dependency, so the `frost` CLI, the tests and the GTK app
//! share one implementation and the CLI stays fast and headless-friendly.

mod cache_dir;
pub mod catalog;
pub mod commands;
pub mod config;
pub mod describe;
pub mod diff;
pub mod disk_usage;
pub mod element;
pub(crate) mod error;
pub(crate) mod fasthash;
pub mod flakeref;
pub mod freeze;
pub mod history;
pub mod i18n;
pub(crate) mod manifest;
pub mod names;
pub mod nix;
pub mod ops;
pub mod profile;
pub mod search;
pub mod shell_search;
pub mod time;

pub use element::{Element, Outputs};
pub use error::{Error, Result};
pub use flakeref::{FlakeRef, FlakeRefKind};
pub use manifest::{Manifest, ManifestFormat};

#[cfg(test)]
mod test_support;
