//! The freeze engine: a profile's elements become a flake (flake.nix,
//! flake.lock, README.md) that rebuilds the same packages, plus checking
//! such a flake against the profile and installing it back.

pub mod apply;
pub mod engine;
pub mod inspect;
pub mod lock;
pub mod nix_syntax;
pub mod plan;
pub mod readme;
pub mod render;
pub mod verify;
pub mod write;
