//! A profile with many elements, for benchmarks: `count` tiny packages from
//! one local flake, installed by one real `nix profile install`.

use std::path::PathBuf;

use crate::sandbox::{NixSandbox, Result};

const LARGE_FLAKE: &str = r#"{
  description = "Many tiny packages, for Frost's benchmarks";
  outputs = { self }:
    let
      system = "@SYSTEM@";
      names = builtins.genList (i: "pkg${toString i}") @COUNT@;
      mk = n: derivation {
        name = "${n}-1.0.${toString (builtins.stringLength n)}";
        inherit system;
        builder = "/bin/sh";
        PATH = "/usr/bin:/bin";
        args = [ "-c" "mkdir -p $out/bin; echo > $out/bin/${n}" ];
      };
    in {
      legacyPackages.${system} = builtins.listToAttrs (map (n: { name = n; value = mk n; }) names);
    };
}
"#;

pub struct LargeProfile {
    pub sandbox: NixSandbox,
    pub profile: PathBuf,
    pub count: usize,
}

impl LargeProfile {
    /// Builds the profile in `sandbox`. The first build of the packages takes
    /// about a minute for 1,000 (Nix's per-build overhead); later runs reuse
    /// them from the store.
    pub fn build_in(sandbox: NixSandbox, count: usize) -> Result<LargeProfile> {
        let system = sandbox.system()?;
        let flake_dir = sandbox.root().join("src/large");
        std::fs::create_dir_all(&flake_dir).map_err(|e| format!("{}: {e}", flake_dir.display()))?;
        let text = LARGE_FLAKE
            .replace("@SYSTEM@", &system)
            .replace("@COUNT@", &count.to_string());
        std::fs::write(flake_dir.join("flake.nix"), text).map_err(|e| e.to_string())?;
        let profiles = sandbox.state_home().join("nix/profiles");
        std::fs::create_dir_all(&profiles).map_err(|e| e.to_string())?;
        let profile = profiles.join("profile");
        let p = profile.to_string_lossy().into_owned();
        let refs: Vec<String> = (0..count)
            .map(|i| format!("path:{}#pkg{i}", flake_dir.display()))
            .collect();
        let mut args = vec!["profile", "install", "--profile", p.as_str()];
        args.extend(refs.iter().map(String::as_str));
        sandbox.nix(&args)?;
        Ok(LargeProfile {
            sandbox,
            profile,
            count,
        })
    }
}
