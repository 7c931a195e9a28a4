//! A flake of packages for operation tests: one that installs cleanly, one
//! whose build fails, one that prints a lot and then hangs (to cancel), one
//! that prints a million lines and succeeds (for benchmarks), and two that
//! clash with the fixture profile's `cowsay` (same file, same priority):
//! another version of it (`cowsay` 3.8.0) and another package (`moo`). Built offline with `/bin/sh` and coreutils, like the fixture.
//! Some of them can also be written as a folder to apply, like the ones
//! `frost freeze` writes.

use std::path::{Path, PathBuf};

use crate::sandbox::{NixSandbox, Result};

/// `@SYSTEM@` and `@NONCE@` are replaced when written. The nonce is in every
/// derivation, so each sandbox builds its own (the store is shared, and a
/// build another run already made would not run again) and a test can find
/// the builder's processes by it.
pub const SCENARIO_FLAKE: &str = r#"{
  description = "Packages that install, fail, hang or clash, for Frost's tests";
  outputs = { self }:
    let
      system = "@SYSTEM@";
      mk = name: script: (derivation {
        inherit name system;
        builder = "/bin/sh";
        PATH = "/usr/bin:/bin";
        args = [ "-c" script ];
        frostNonce = "@NONCE@";
      }) // { meta.description = "The ${name} scenario package"; };
    in {
      legacyPackages.${system} = {
        greeter = mk "greeter-1.0" ''
          echo "building greeter"
          mkdir -p $out/bin
          printf '#!/bin/sh\necho hello from greeter\n' > $out/bin/greeter
          chmod +x $out/bin/greeter
        '';
        broken = mk "broken-1.0" ''
          echo "configuring broken"
          echo "src/broken.c:1:1: error: expected ';' before '}' token" >&2
          exit 2
        '';
        slow = mk "slow-1.0" ''
          i=0
          while [ $i -lt @SLOW_LINES@ ]; do echo "slow line $i"; i=$((i + 1)); done
          echo "now sleeping"
          sleep 1000
        '';
        chatty = mk "chatty-1.0" ''
          seq 1 @CHATTY_LINES@ | awk '{
            if ($1 % 100000 == 0) print "error: pretend error at line " $1;
            else if ($1 % 10000 == 0) print "warning: pretend warning at line " $1;
            else print "chatty line " $1 " of a build that prints a lot";
          }'
          mkdir -p $out/bin
          printf '#!/bin/sh\necho chatty\n' > $out/bin/greeter
          chmod +x $out/bin/greeter
        '';
        cowsay = mk "cowsay-3.8.0" ''
          mkdir -p $out/bin
          printf '#!/bin/sh\necho cowsay 3.8.0\n' > $out/bin/cowsay
          chmod +x $out/bin/cowsay
        '';
        # Another package with the same command: a clash between two
        # different packages, not two versions of one.
        moo = mk "moo-1.0" ''
          mkdir -p $out/bin
          printf '#!/bin/sh\necho moo\n' > $out/bin/cowsay
          chmod +x $out/bin/cowsay
        '';
      };
    };
}
"#;

/// Lines the `slow` package prints before it sleeps.
pub const SLOW_LINES: usize = 5000;

/// Lines the `chatty` package prints; every 10,000th is a warning and
/// every 100,000th an error (the build still succeeds).
pub const CHATTY_LINES: usize = 1_000_000;

pub struct ScenarioFlake {
    pub dir: PathBuf,
    /// In the environment of every build from this flake.
    pub nonce: String,
}

impl ScenarioFlake {
    /// Writes the flake into `sandbox` (`src/scenario`).
    pub fn write_in(sandbox: &NixSandbox) -> Result<ScenarioFlake> {
        let system = sandbox.system()?;
        let dir = sandbox.root().join("src/scenario");
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let name = sandbox
            .root()
            .file_name()
            .map_or_else(|| "frost".to_owned(), |n| n.to_string_lossy().into_owned());
        let nonce = format!("frost-scenario-{name}");
        let text = SCENARIO_FLAKE
            .replace("@SYSTEM@", &system)
            .replace("@NONCE@", &nonce)
            .replace("@SLOW_LINES@", &SLOW_LINES.to_string())
            .replace("@CHATTY_LINES@", &CHATTY_LINES.to_string());
        let path = dir.join("flake.nix");
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(ScenarioFlake { dir, nonce })
    }

    /// `path:DIR#attr`.
    pub fn installable(&self, attr: &str) -> String {
        format!("path:{}#{attr}", self.dir.display())
    }

    /// Writes into `dir` a flake like the ones `frost freeze` writes,
    /// offering `packages` of this flake as `packages.<system>.NAME`: what
    /// `frost apply` installs (`slow` for an apply to cancel, `cowsay` for
    /// one that clashes with the fixture). It has no inputs, so it needs no
    /// flake.lock.
    pub fn frozen_folder(&self, dir: &Path, packages: &[&str]) -> Result<()> {
        let path = self.dir.join("flake.nix");
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let set = "legacyPackages.${system} = {";
        if !text.contains(set) {
            return Err(format!("{}: no package set", path.display()));
        }
        let offered = format!(
            "packages.${{system}} = {{ inherit (self.legacyPackages.${{system}}) {}; }};\n      {set}",
            packages.join(" ")
        );
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let out = dir.join("flake.nix");
        std::fs::write(&out, text.replacen(set, &offered, 1))
            .map_err(|e| format!("{}: {e}", out.display()))
    }

    /// Makes the attribute `name` build what `package` builds, so that an
    /// element installed as `name` upgrades into it: `rebind("greeter",
    /// "slow")` gives an update that hangs, `rebind("greeter", "broken")`
    /// one that fails. The old `name` stays as `name-before`.
    pub fn rebind(&self, name: &str, package: &str) -> Result<()> {
        let path = self.dir.join("flake.nix");
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let own = format!("\n        {name} = mk ");
        let set = "legacyPackages.${system} = {";
        if !text.contains(&own) || !text.contains(set) {
            return Err(format!("{}: no attribute {name} to rebind", path.display()));
        }
        let text = text
            .replacen(&own, &format!("\n        {name}-before = mk "), 1)
            .replacen(
                set,
                &format!("{set}\n        {name} = self.legacyPackages.${{system}}.{package};"),
                1,
            );
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
    }
}
