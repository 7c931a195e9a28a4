//! The freeze engine: a profile's elements become a flake (flake.nix,
//! flake.lock, README.md) that rebuilds the same packages, plus checking
//! such a flake against the profile and installing it back.
//!
//! - [`plan`]: pure planning (inputs, packages, what cannot be frozen and
//!   why), fast enough to redo on every option change;
//! - [`render`], [`lock`], [`readme`]: the three files, deterministic, with
//!   every piece of outside text written through [`nix_syntax`];
//! - [`write`]: staging and moving into place, never half a flake;
//! - [`engine`]: `freeze`, which asks Nix (through the runner) what the
//!   manifest did not record and locks moved inputs;
//! - [`verify`] and [`apply`]: the frozen flake against a profile, and back
//!   into one, from a folder or any flake reference ([`source`]), with a
//!   preview of what would change ([`restore_preview`]);
//! - [`adopt`] and [`managed`]: a frozen folder taking over the profile,
//!   telling from the profile alone which folder manages it, and leaving;
//! - [`branches`], [`summary`], [`target`]: what the Freeze to Flake wizard
//!   offers and says (the same functions `frost freeze` uses), and [`git`]
//!   for keeping the folder's history;
//! - [`edit`] and [`update`]: a frozen folder that manages a profile,
//!   changed a package at a time (flake.nix edited in place, never
//!   rendered again), its lock updated with a preview and a way back.

pub mod adopt;
pub mod apply;
pub(crate) mod ask;
pub mod branches;
pub mod edit;
pub mod engine;
pub(crate) mod export;
pub mod git;
pub(crate) mod inspect;
pub(crate) mod lock;
pub mod managed;
pub mod managed_edit;
pub(crate) mod nix_syntax;
pub mod plan;
pub mod readme;
pub mod render;
pub mod restore_preview;
pub mod source;
pub(crate) mod staged;
pub mod summary;
pub mod target;
pub mod update;
pub mod verify;
pub(crate) mod write;
