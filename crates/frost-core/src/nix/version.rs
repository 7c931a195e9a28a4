//! Which Nix is installed, and what its command line accepts.

use std::path::Path;

use super::runner::{run, NixCommand};
use crate::error::{Error, Result};

/// The version `nix --version` reports. For Determinate Nix this is the
/// upstream Nix version it is based on (the last number on the line); for
/// Lix it is Lix's own numbering (2.90 and up), see [`NixVersion::is_lix`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NixVersion {
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
    /// The first line of `nix --version`, e.g. `nix (Nix) 2.26.3`.
    pub raw: String,
}

impl NixVersion {
    /// Runs `nix --version` (the binary given, else `nix` from PATH).
    pub async fn detect(nix_binary: Option<&Path>) -> Result<NixVersion> {
        let mut cmd = NixCommand::new(["--version"]).without_json_log();
        if let Some(binary) = nix_binary {
            cmd = cmd.nix_binary(binary);
        }
        let output = run(cmd).await?;
        let text = String::from_utf8_lossy(&output.stdout);
        NixVersion::parse(&text).ok_or_else(|| Error::NixVersionUnknown {
            output: text.trim().to_owned(),
        })
    }

    /// Reads `nix (Nix) 2.26.3`, `nix (Lix, like Nix) 2.91.1`,
    /// `nix (Determinate Nix 3.4.1) 2.28.2`, `nix (Nix) 2.4`, and
    /// pre-releases such as `2.25.0pre20240807_cafb5e8`.
    pub fn parse(s: &str) -> Option<NixVersion> {
        let line = s.lines().next()?.trim();
        let word = line
            .split_whitespace()
            .rev()
            .find(|w| w.starts_with(|c: char| c.is_ascii_digit()))?;
        let mut parts = word.split('.').map(leading_number);
        let major = parts.next()??;
        let minor = parts.next()??;
        let patch = parts.next().flatten().unwrap_or(0);
        Some(NixVersion {
            major,
            minor,
            patch,
            raw: line.to_owned(),
        })
    }

    pub fn is_lix(&self) -> bool {
        self.raw.contains("Lix")
    }

    /// Whether this is at least `major.minor` (in Nix's own numbering).
    pub fn at_least(&self, major: u32, minor: u32) -> bool {
        (self.major, self.minor) >= (major, minor)
    }

    /// `nix profile install` became `nix profile add` in Nix 2.30 (with
    /// `install` left as a deprecated alias). Lix kept `install`.
    pub fn profile_add_verb(&self) -> &'static str {
        if !self.is_lix() && self.at_least(2, 30) {
            "add"
        } else {
            "install"
        }
    }

    /// Manifest version 3 (elements keyed by name) came with Nix 2.20; every
    /// Lix release (2.90 on) reads and writes it too.
    pub fn supports_manifest_v3(&self) -> bool {
        self.at_least(2, 20)
    }
}

fn leading_number(part: &str) -> Option<u32> {
    let end = part
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(part.len());
    part[..end].parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> NixVersion {
        NixVersion::parse(s).unwrap()
    }

    #[test]
    fn versions_of_every_flavour_parse() {
        let nix = v("nix (Nix) 2.26.3\n");
        assert_eq!((nix.major, nix.minor, nix.patch), (2, 26, 3));
        assert_eq!(nix.raw, "nix (Nix) 2.26.3");
        let lix = v("nix (Lix, like Nix) 2.91.1\nSystem type: x86_64-linux\n");
        assert_eq!(
            (lix.major, lix.minor, lix.patch, lix.is_lix()),
            (2, 91, 1, true)
        );
        let det = v("nix (Determinate Nix 3.4.1) 2.28.2");
        assert_eq!(
            (det.major, det.minor, det.patch, det.is_lix()),
            (2, 28, 2, false)
        );
        let old = v("nix (Nix) 2.4");
        assert_eq!((old.major, old.minor, old.patch), (2, 4, 0));
        let pre = v("nix (Nix) 2.25.0pre20240807_cafb5e8");
        assert_eq!((pre.major, pre.minor, pre.patch), (2, 25, 0));
        let dev = v("nix (Lix, like Nix) 2.93.0-dev-pre20250101-abc");
        assert_eq!((dev.major, dev.minor, dev.patch), (2, 93, 0));
    }

    #[test]
    fn garbage_is_not_a_version() {
        for s in [
            "",
            "\n2.26.3",
            "nix (Nix)",
            "nix (Nix) 2",
            "nix (Nix) x.y",
            "nix 99999999999.1",
        ] {
            assert_eq!(NixVersion::parse(s), None, "{s:?}");
        }
    }

    #[test]
    fn command_line_features_follow_the_version() {
        assert_eq!(v("nix (Nix) 2.29.1").profile_add_verb(), "install");
        assert_eq!(v("nix (Nix) 2.30.0").profile_add_verb(), "add");
        assert_eq!(
            v("nix (Determinate Nix 3.8.2) 2.30.1").profile_add_verb(),
            "add"
        );
        assert_eq!(
            v("nix (Lix, like Nix) 2.93.0").profile_add_verb(),
            "install"
        );
        assert!(!v("nix (Nix) 2.19.3").supports_manifest_v3());
        assert!(v("nix (Nix) 2.20.0").supports_manifest_v3());
        assert!(v("nix (Lix, like Nix) 2.90.0").supports_manifest_v3());
        assert!(v("nix (Nix) 3.0.0").at_least(2, 30));
    }
}
