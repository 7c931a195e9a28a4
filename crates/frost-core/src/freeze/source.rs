//! Where an apply or its preview takes packages from: a folder on this
//! machine, or any flake reference a person was given
//! (`github:alice/my-profile`, `git+https://…`, `git+file:///…`, `path:…`),
//! and what such a flake offers this machine, read with one evaluation that
//! builds nothing.
//!
//! Only `packages.<system>.*` counts: a flake Frost did not write works as
//! long as it has that output, and any other shape is refused with what the
//! flake has instead. Nothing is guessed from `legacyPackages`,
//! `nixosConfigurations` or the like.

use std::fmt;
use std::path::{Path, PathBuf};

use super::apply::RunNix;
use super::nix_syntax as syn;
use crate::element::Outputs;
use crate::error::{Error, Result};
use crate::flakeref::{path_url, FlakeRef};
use crate::i18n::gettext_f;
use crate::nix::NixSetup;

/// A folder or a flake reference to install packages from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ApplySource {
    /// A folder on this machine holding a flake.nix (as `frost freeze`
    /// writes), read as `path:` with its name percent-encoded.
    Folder(PathBuf),
    /// A flake reference, as typed (checked to parse, without `#…`).
    Flake(String),
}

impl ApplySource {
    /// What a person typed: a folder when it names one or looks like a path
    /// (`/…`, `./…`, `../…`, `a/b`), else a flake reference, which must
    /// parse and must not choose packages with `#…` (`--only` does that).
    pub fn parse(text: &str) -> Result<ApplySource> {
        let path = Path::new(text);
        let path_like = text.starts_with('/')
            || text.starts_with("./")
            || text.starts_with("../")
            || text == "."
            || text == ".."
            || (!text.contains(':') && text.contains('/'));
        if path_like || (!text.contains(':') && path.is_dir()) {
            return Ok(ApplySource::Folder(path.to_owned()));
        }
        FlakeRef::parse(text)?;
        if text.contains('#') {
            return Err(Error::FlakeRef {
                input: text.to_owned(),
                detail: gettext_f(
                    "it chooses packages with #; give the flake alone and choose with --only",
                    &[],
                ),
            });
        }
        Ok(ApplySource::Flake(text.to_owned()))
    }

    /// The flake reference Nix is given: `path:DIR` (percent-encoded) for
    /// a folder, the reference itself otherwise.
    pub fn url(&self) -> String {
        match self {
            ApplySource::Folder(dir) => path_url(dir),
            ApplySource::Flake(r) => r.clone(),
        }
    }

    /// The folder, when it is one.
    pub fn folder(&self) -> Option<&Path> {
        match self {
            ApplySource::Folder(dir) => Some(dir),
            ApplySource::Flake(_) => None,
        }
    }

    /// What a person calls it in short: the folder's name, or the
    /// reference's (`alice/my-profile`).
    pub fn short_name(&self) -> String {
        match self {
            ApplySource::Folder(dir) => dir.file_name().map_or_else(
                || dir.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            ApplySource::Flake(r) => {
                FlakeRef::parse(r).map_or_else(|_| r.clone(), |f| f.short_name())
            }
        }
    }

    /// The same source with a folder made absolute, as `path:` needs.
    pub fn absolute(&self) -> ApplySource {
        match self {
            ApplySource::Folder(dir) => {
                ApplySource::Folder(std::path::absolute(dir).unwrap_or_else(|_| dir.clone()))
            }
            other => other.clone(),
        }
    }
}

impl fmt::Display for ApplySource {
    /// The folder's path, or the reference as typed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApplySource::Folder(dir) => write!(f, "{}", dir.display()),
            ApplySource::Flake(r) => f.write_str(r),
        }
    }
}

impl From<PathBuf> for ApplySource {
    fn from(dir: PathBuf) -> Self {
        ApplySource::Folder(dir)
    }
}

/// One package a flake offers this machine, as evaluated (nothing built).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlakePackage {
    /// Its attribute name under `packages.<system>`.
    pub name: String,
    /// The package's own name (`pname`, else from its `name`).
    pub pname: String,
    pub version: Option<String>,
    /// The store path of its main output; `None` when it fails to evaluate.
    pub out_path: Option<String>,
    /// What to install: `frozenOutputs` (written by a freeze), else Nix's
    /// default.
    pub outputs: Outputs,
}

/// What a flake offers this machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlakeContents {
    pub system: String,
    /// Sorted by name.
    pub packages: Vec<FlakePackage>,
}

/// The flake's packages for this machine, or what it has instead. `default`
/// is left out when there are other packages (a freeze writes it as the
/// environment of all of them; other flakes alias one of them); a flake
/// whose only package is `default` offers that one. The store path is
/// `storePath`, not `outPath`: Nix prints a set with `outPath` as that
/// string. No `#` comments: the expression is joined into one line.
const READ_PACKAGES: &str = r#"let
  flake = builtins.getFlake @URL@;
  system = builtins.currentSystem;
  outputs = flake.outputs;
  packages = outputs.packages or null;
  set = if builtins.isAttrs packages then packages.${system} or null else null;
  try = e: let r = builtins.tryEval e; in if r.success then r.value else null;
  str = v: if builtins.isString v then v else null;
  info = name: p:
    if !(builtins.isAttrs p) || (p.type or null) != "derivation" then null
    else
      let
        drvName = try (str (p.name or null));
        parsed = if drvName == null then { name = name; version = ""; } else builtins.parseDrvName drvName;
        version = try (str (p.version or null));
        pname = try (str (p.pname or null));
      in {
        pname = if pname != null then pname else parsed.name;
        version = if version != null then version else if parsed.version != "" then parsed.version else null;
        storePath = try (str p.outPath);
        frozenOutputs = try (p.frozenOutputs or null);
      };
  chosen = if builtins.isAttrs set && builtins.length (builtins.attrNames set) > 1
    then builtins.removeAttrs set [ "default" ] else set;
in
if builtins.isAttrs set then { inherit system; packages = builtins.mapAttrs info chosen; }
else {
  inherit system;
  found = builtins.attrNames outputs;
  systems = if builtins.isAttrs packages then builtins.attrNames packages else null;
}"#;

/// The `nix eval` expression that reads what the flake at `url` offers.
fn read_expression(url: &str) -> Result<String> {
    let quoted = syn::string(url).map_err(|e| Error::FlakeRef {
        input: url.to_owned(),
        detail: e.to_string(),
    })?;
    // One line, so that the command reads well in messages.
    Ok(READ_PACKAGES
        .replace("@URL@", &quoted)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" "))
}

fn outputs_of(v: &serde_json::Value) -> Outputs {
    match v.as_array() {
        None => Outputs::Default,
        Some(a) if a.len() == 1 && a[0] == "*" => Outputs::All,
        Some(a) => Outputs::Named(
            a.iter()
                .filter_map(|o| o.as_str().map(str::to_owned))
                .collect(),
        ),
    }
}

fn names(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// What [`READ_PACKAGES`] printed, for the flake called `source`.
pub(crate) fn contents_of(source: &str, v: &serde_json::Value) -> Result<FlakeContents> {
    let system = v["system"].as_str().unwrap_or_default().to_owned();
    let Some(map) = v["packages"].as_object() else {
        let found = names(&v["found"]);
        return Err(if found.iter().any(|o| o == "packages") {
            Error::FlakeNotForSystem {
                source: source.to_owned(),
                system,
                systems: names(&v["systems"]),
            }
        } else {
            Error::FlakeHasNoPackages {
                source: source.to_owned(),
                outputs: found,
            }
        });
    };
    let str_of = |p: &serde_json::Value, key: &str| p[key].as_str().map(str::to_owned);
    let packages = map
        .iter()
        .filter(|(_, p)| p.is_object())
        .map(|(name, p)| FlakePackage {
            name: name.clone(),
            pname: str_of(p, "pname").unwrap_or_else(|| name.clone()),
            version: str_of(p, "version"),
            out_path: str_of(p, "storePath"),
            outputs: outputs_of(&p["frozenOutputs"]),
        })
        .collect();
    Ok(FlakeContents { system, packages })
}

/// Asks Nix what the flake of `source` offers this machine. Reads only:
/// `builtins.getFlake` never writes a lock file, and nothing is built.
pub(crate) async fn read_flake(
    nix: &mut impl RunNix,
    setup: &NixSetup,
    source: &ApplySource,
) -> Result<FlakeContents> {
    read_flake_as(nix, setup, source, &source.to_string()).await
}

/// [`read_flake`] of `source`, named `name` in what it says (a reference
/// read at its lock is named as the person gave it).
pub(crate) async fn read_flake_as(
    nix: &mut impl RunNix,
    setup: &NixSetup,
    source: &ApplySource,
    name: &str,
) -> Result<FlakeContents> {
    let expr = read_expression(&source.url())?;
    let args = ["eval", "--json", "--impure", "--expr", expr.as_str()];
    let v = super::ask::json(nix, setup, args).await?;
    contents_of(name, &v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn folders_and_references_are_told_apart() {
        let f = |s: &str| ApplySource::parse(s).unwrap();
        assert_eq!(
            f("/home/me/frozen"),
            ApplySource::Folder("/home/me/frozen".into())
        );
        assert_eq!(f("./frozen"), ApplySource::Folder("./frozen".into()));
        assert_eq!(f("a b/Übung"), ApplySource::Folder("a b/Übung".into()));
        assert_eq!(f("."), ApplySource::Folder(".".into()));
        for r in [
            "github:alice/my-profile",
            "git+https://example.org/me/profile.git?ref=main",
            "git+file:///srv/profile",
            "path:/home/me/frozen",
            "nixpkgs",
        ] {
            assert_eq!(f(r), ApplySource::Flake(r.to_owned()), "{r}");
        }
        assert!(matches!(
            ApplySource::parse("github:alice/my-profile#hello"),
            Err(Error::FlakeRef { .. })
        ));
        assert!(matches!(
            ApplySource::parse("no such thing"),
            Err(Error::FlakeRef { .. })
        ));
        assert!(matches!(
            ApplySource::parse("github:alice"),
            Err(Error::FlakeRef { .. })
        ));
    }

    #[test]
    fn a_folder_becomes_an_encoded_path_reference() {
        let s = ApplySource::Folder("/home/me/mein Profil é".into());
        assert_eq!(s.url(), "path:/home/me/mein%20Profil%20%C3%A9");
        assert_eq!(s.to_string(), "/home/me/mein Profil é");
        assert_eq!(s.short_name(), "mein Profil é");
        let r = ApplySource::Flake("github:alice/my-profile".into());
        assert_eq!(r.url(), "github:alice/my-profile");
        assert_eq!(r.short_name(), "alice/my-profile");
        assert_eq!(r.absolute(), r);
    }

    #[test]
    fn the_expression_holds_the_reference_as_a_string() {
        let e = read_expression("path:/x/a\"b${c}").unwrap();
        assert!(
            e.contains(r#"builtins.getFlake "path:/x/a\"b\${c}";"#),
            "{e}"
        );
        assert!(!e.contains('\n'));
    }

    #[test]
    fn packages_are_read_with_their_versions_paths_and_outputs() {
        let v = json!({
            "system": "x86_64-linux",
            "packages": {
                "hello": { "pname": "hello", "version": "2.12.1", "storePath": "/nix/store/a-hello-2.12.1", "frozenOutputs": null },
                "pip": { "pname": "python3.12-pip", "version": null, "storePath": null, "frozenOutputs": ["out", "man"] },
                "lib": null,
            }
        });
        let c = contents_of("f", &v).unwrap();
        assert_eq!(c.system, "x86_64-linux");
        assert_eq!(
            c.packages,
            [
                FlakePackage {
                    name: "hello".into(),
                    pname: "hello".into(),
                    version: Some("2.12.1".into()),
                    out_path: Some("/nix/store/a-hello-2.12.1".into()),
                    outputs: Outputs::Default,
                },
                FlakePackage {
                    name: "pip".into(),
                    pname: "python3.12-pip".into(),
                    version: None,
                    out_path: None,
                    outputs: Outputs::Named(vec!["out".into(), "man".into()]),
                },
            ]
        );
    }

    #[test]
    fn another_shape_is_refused_with_what_was_found() {
        let none = json!({ "system": "x86_64-linux", "found": ["legacyPackages", "nixosConfigurations"], "systems": null });
        match contents_of("github:a/b", &none) {
            Err(e @ Error::FlakeHasNoPackages { .. }) => {
                let text = e.to_string();
                assert!(text.contains("github:a/b"), "{text}");
                assert!(
                    text.contains("legacyPackages, nixosConfigurations"),
                    "{text}"
                );
            }
            other => panic!("{other:?}"),
        }
        let other = json!({ "system": "x86_64-linux", "found": ["packages"], "systems": ["aarch64-darwin"] });
        match contents_of("github:a/b", &other) {
            Err(e @ Error::FlakeNotForSystem { .. }) => {
                let text = e.to_string();
                assert!(text.contains("aarch64-darwin"), "{text}");
                assert!(text.contains("x86_64-linux"), "{text}");
            }
            other => panic!("{other:?}"),
        }
        let empty = json!({ "system": "x86_64-linux", "found": [], "systems": null });
        assert!(matches!(
            contents_of("f", &empty),
            Err(Error::FlakeHasNoPackages { outputs, .. }) if outputs.is_empty()
        ));
    }
}
