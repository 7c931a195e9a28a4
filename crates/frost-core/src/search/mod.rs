//! Finding software to add: every package of a flake (the nixpkgs the
//! profile uses, by default), searched as a person types.
//!
//! - [`SearchIndex`]: the packages of one revision, and the ranking: every
//!   word must match, case-insensitive; the exact name first, then names
//!   that start with the words, then names that hold them, then
//!   descriptions, each rank in the index's order.
//! - [`IndexCache`]: one file per revision in the XDG cache, versioned,
//!   checked and written atomically; a damaged or outdated file is built
//!   again, never trusted.
//! - [`default_source`], [`cached`]: which flake to read, and its index
//!   without Nix when the reference is locked and was read before.
//!
//! Building an index is
//! [`Operation::BuildSearchIndex`](crate::ops::Operation::BuildSearchIndex):
//! `nix search` evaluates the whole flake, a minute for a real nixpkgs, so
//! it runs in the worker with progress and Cancel.

mod index;
pub(crate) mod source;
mod store;

pub use index::{Hit, Listing, Package, Rank, SearchIndex};
pub use source::{cached, default_source, installed_from, locked_key, same_flake};
pub use store::{decode, encode, IndexCache, LockedIndex, FORMAT_VERSION};

#[cfg(test)]
mod tests;
