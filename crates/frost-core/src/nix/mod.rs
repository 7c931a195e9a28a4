//! Running `nix`. STUB: to be implemented.
