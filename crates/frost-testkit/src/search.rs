//! A flake of packages to find: names and descriptions chosen so that a
//! search ranks them in every way (exact name, name prefix, name
//! substring, description only), each one installable offline.

use std::path::{Path, PathBuf};

use crate::busy::{real_nix, write_executable};
use crate::sandbox::{NixSandbox, Result};

/// `@SYSTEM@` is replaced when written.
pub const SEARCH_FLAKE: &str = r#"{
  description = "Packages to find, for Frost's search tests";
  outputs = { self }:
    let
      system = "@SYSTEM@";
      tool = pname: version: description: (derivation {
        name = "${pname}-${version}";
        inherit system;
        builder = "/bin/sh";
        PATH = "/usr/bin:/bin";
        args = [ "-c" "mkdir -p $out/bin; printf '#!/bin/sh\\necho ${pname} ${version}\\n' > $out/bin/${pname}; chmod +x $out/bin/${pname}" ];
      }) // { inherit pname version; meta.description = description; };
    in {
      legacyPackages.${system} = {
        paint = tool "paint" "1.0" "A simple paint program";
        painter = tool "painter" "3.0.1" "Paint pictures";
        mypaint = tool "mypaint" "2.0" "Draw with brushes";
        sketchbook = tool "sketchbook" "5.1" "Paint and draw on a canvas";
        hello = tool "hello" "2.12.1" "Prints a friendly greeting";
        greeter = tool "greeter" "1.0" "Says a friendly hello";
        figlet = tool "figlet" "2.2.5" "Draws large letters out of ordinary text";
      };
    };
}
"#;

/// [`SEARCH_FLAKE`] written into a sandbox.
pub struct SearchFlake {
    pub dir: PathBuf,
}

impl SearchFlake {
    /// Writes the flake into `sandbox`'s folder `name`.
    pub fn write_in(sandbox: &NixSandbox, name: &str) -> Result<SearchFlake> {
        let dir = sandbox.root().join(name);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let text = SEARCH_FLAKE.replace("@SYSTEM@", &sandbox.system()?);
        let file = dir.join("flake.nix");
        std::fs::write(&file, text).map_err(|e| format!("{}: {e}", file.display()))?;
        Ok(SearchFlake { dir })
    }

    /// `path:DIR`, a space in DIR percent-encoded as Nix needs it (the
    /// tests put the flake in a folder with a space).
    pub fn url(&self) -> String {
        format!("path:{}", self.dir.display()).replace(' ', "%20")
    }

    /// `path:DIR#NAME`.
    pub fn installable(&self, name: &str) -> String {
        format!("{}#{name}", self.url())
    }
}

/// A `nix` that writes each command line to a log, then runs the real
/// one: to tell which runs of Nix a program made.
pub struct CountingNix {
    dir: PathBuf,
}

impl CountingNix {
    pub fn write(sandbox: &NixSandbox) -> Result<CountingNix> {
        let dir = sandbox.root().join("counting-nix");
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let q = |p: &Path| format!("'{}'", p.display().to_string().replace('\'', r"'\''"));
        let script = format!(
            "#!/bin/sh\n[ \"$1\" = --frost-ready ] && exit 0\necho \"$*\" >> {log}\nexec {real} \"$@\"\n",
            log = q(&dir.join("calls")),
            real = q(&real_nix()?),
        );
        write_executable(&dir.join("nix"), &script)?;
        Ok(CountingNix { dir })
    }

    /// A PATH that finds the stand-in first.
    pub fn path_var(&self) -> String {
        let rest = std::env::var("PATH").unwrap_or_default();
        format!("{}:{rest}", self.dir.display())
    }

    /// The stand-in, to give as the `nix` binary.
    pub fn binary(&self) -> PathBuf {
        self.dir.join("nix")
    }

    /// The command lines run since the last call, and forgets them.
    pub fn take_calls(&self) -> Vec<String> {
        let log = self.dir.join("calls");
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        let _ = std::fs::remove_file(&log);
        text.lines().map(str::to_owned).collect()
    }
}
