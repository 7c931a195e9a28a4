//! What a freeze plan holds: options, inputs, packages, the elements left
//! out and why, and notes for the report. Built by [`plan`](super::plan).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::element::Outputs;
use crate::error::{Error, Result};
use crate::flakeref::FlakeRef;
use crate::i18n::gettext_f;

/// Nix's default global registry sends `flake:nixpkgs` here.
pub const NIXPKGS_REGISTRY_URL: &str = "github:NixOS/nixpkgs/nixpkgs-unstable";

/// Systems a freeze can also emit, for a friend's machine.
pub const KNOWN_SYSTEMS: [&str; 4] = [
    "x86_64-linux",
    "aarch64-linux",
    "aarch64-darwin",
    "x86_64-darwin",
];

/// `--follow SOURCE=REF`: the inputs SOURCE names move to REF.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Follow {
    /// An input name (`nixpkgs` means every nixpkgs revision) or a flake ref.
    pub source: String,
    pub target: FlakeRef,
}

impl Follow {
    /// Parses `SOURCE=REF`.
    pub fn parse(text: &str) -> Result<Follow> {
        let err = |detail: String| Error::FlakeRef {
            input: text.to_owned(),
            detail,
        };
        let (source, target) = text
            .split_once('=')
            .ok_or_else(|| err(gettext_f("expected SOURCE=REF", &[])))?;
        if source.is_empty() {
            return Err(err(gettext_f("expected SOURCE=REF", &[])));
        }
        Ok(Follow {
            source: source.to_owned(),
            target: FlakeRef::parse(target)?,
        })
    }

    /// `--nixpkgs BRANCH`: every nixpkgs input moves to that branch of
    /// NixOS/nixpkgs (or to REF, when given a whole flake ref).
    pub fn nixpkgs(branch: &str) -> Result<Follow> {
        let target = if branch.contains(':') {
            FlakeRef::parse(branch)?
        } else {
            FlakeRef::parse(&format!("github:NixOS/nixpkgs/{branch}"))?
        };
        Ok(Follow {
            source: "nixpkgs".to_owned(),
            target,
        })
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FreezeOptions {
    /// Freeze only these elements (by name); empty means all.
    pub only: Vec<String>,
    pub follow: Vec<Follow>,
    /// Systems to emit besides the elements' own.
    pub systems: Vec<String>,
    /// Treat local sources (folders, local Git repositories) as
    /// unfreezable, for a flake meant for another machine.
    pub portable: bool,
}

/// What the plan needs to know about this machine.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanContext {
    /// `nix config show system`, for profiles whose elements do not say.
    pub host_system: String,
    /// Flake registry entries by id (`nixpkgs` → `github:NixOS/nixpkgs/…`),
    /// as `nix registry list` shows them; may be empty.
    pub registry: BTreeMap<String, FlakeRef>,
}

/// How an input is pinned in flake.lock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Pin {
    /// Locked to exactly what the profile used.
    Exact { locked: FlakeRef },
    /// Moved to the input's URL: `nix flake lock` locks it. `previous` are
    /// the revisions the profile used.
    Follow { previous: Vec<FlakeRef> },
    /// The profile recorded no exact revision (a dirty Git tree, an old
    /// Nix): `nix flake lock` locks it to the source as it is now.
    Relock { recorded: FlakeRef },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Input {
    pub name: String,
    /// What flake.nix names: the ref the elements were installed from.
    pub url: FlakeRef,
    pub pin: Pin,
    /// Set when the elements named a registry entry (`flake:nixpkgs`) that
    /// flake.nix writes as the repository it stood for.
    pub registry_id: Option<String>,
    /// The source is a folder or repository on this machine.
    pub local: bool,
    /// How many packages use it.
    pub packages: usize,
}

/// Where a package's attribute path starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "attr")]
pub enum AttrBase {
    /// `legacyPackages.<system>.…`, `packages.<system>.…`: the same path
    /// exists for each system.
    PerSystem(String),
    /// A path with no system in it, used as it is.
    Fixed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Package {
    /// The element's name, and the attribute under `packages.<system>`.
    pub name: String,
    pub input: String,
    pub base: AttrBase,
    /// The path below the base (`python3Packages`, `pip`).
    pub attr: Vec<String>,
    pub outputs: Outputs,
    pub priority: i64,
    pub pname: String,
    pub version: Option<String>,
    /// The attribute was guessed from a nix-env element's name.
    pub guessed: bool,
    pub store_paths: Vec<String>,
    /// The element's source in words, for the comment above it.
    pub source: String,
}

impl Package {
    /// The attribute path in the input for `system`, as Nix would record it.
    pub fn full_attr_path(&self, system: &str) -> Vec<String> {
        let mut v = match &self.base {
            AttrBase::PerSystem(first) => vec![first.clone(), system.to_owned()],
            AttrBase::Fixed => Vec::new(),
        };
        v.extend(self.attr.iter().cloned());
        v
    }
}

/// Why an element is not in the frozen flake.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Reason {
    /// A bare store path: nothing says how to build it again.
    NoSource,
    /// A nix-env element, and no nixpkgs to look its name up in.
    NixEnvWithoutNixpkgs,
    /// A local folder or repository, and the freeze is for another machine.
    LocalSource { path: String },
    /// The element is switched off in the profile.
    Inactive,
    /// Its name cannot be an attribute and a command-line fragment.
    UnwritableName,
    /// Its name would change what `packages.<system>` means to Nix.
    ReservedName,
    /// Its attribute path holds text Nix cannot represent.
    UnwritableAttrPath,
    /// The ref it was moved to has no such attribute.
    MissingFromTarget { input: String, message: String },
}

impl Reason {
    /// The reason in words.
    pub fn describe(&self) -> String {
        match self {
            Reason::NoSource => gettext_f(
                "installed from a file; no source recorded, so it cannot be rebuilt elsewhere",
                &[],
            ),
            Reason::NixEnvWithoutNixpkgs => gettext_f(
                "installed with nix-env, and there is no nixpkgs to find it in; give one with --nixpkgs",
                &[],
            ),
            Reason::LocalSource { path } => gettext_f(
                "its source {path} is a folder on this machine and will not exist on another",
                &[("path", path)],
            ),
            Reason::Inactive => gettext_f("it is not active in the profile", &[]),
            Reason::UnwritableName => gettext_f(
                "its name cannot be written in a flake reference",
                &[],
            ),
            Reason::ReservedName => gettext_f("its name is reserved in Nix attribute sets", &[]),
            Reason::UnwritableAttrPath => gettext_f(
                "its attribute path holds a character Nix cannot represent",
                &[],
            ),
            Reason::MissingFromTarget { input, message } => gettext_f(
                "the new {input} does not have it: {message}",
                &[("input", input), ("message", message)],
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Unfrozen {
    pub name: String,
    pub version: Option<String>,
    pub reason: Reason,
}

/// Things the user should know about a plan that is otherwise fine.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Note {
    /// `flake:ID` was written as `url`, the repository it stood for.
    Registry {
        input: String,
        id: String,
        url: String,
    },
    /// The input is a folder on this machine.
    LocalSource { input: String, path: String },
    /// A nix-env element's attribute was guessed from its name.
    Guessed { package: String, attr: String },
    /// The input was not pinned in the profile.
    NotPinned { input: String },
    /// There is no nixpkgs input, so no `default` environment.
    NoEnvironment,
    /// An element is called `default`, so the environment is left out.
    DefaultTaken,
}

impl Note {
    pub fn describe(&self) -> String {
        match self {
            Note::Registry { input, id, url } => gettext_f(
                "input {input}: the profile named the registry entry “{id}”; flake.nix names what it stands for, {url}",
                &[("input", input), ("id", id), ("url", url)],
            ),
            Note::LocalSource { input, path } => gettext_f(
                "input {input} is the local folder {path}: the flake works where that folder exists",
                &[("input", input), ("path", path)],
            ),
            Note::Guessed { package, attr } => gettext_f(
                "{package} was installed with nix-env; its attribute “{attr}” is a guess until verified",
                &[("package", package), ("attr", attr)],
            ),
            Note::NotPinned { input } => gettext_f(
                "input {input}: the profile recorded no exact revision, so it is locked to the source as it is now",
                &[("input", input)],
            ),
            Note::NoEnvironment => gettext_f(
                "no nixpkgs input, so there is no packages.<system>.default environment",
                &[],
            ),
            Note::DefaultTaken => gettext_f(
                "a package is called “default”, so there is no environment of all packages",
                &[],
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    /// Sorted by name.
    pub inputs: Vec<Input>,
    /// Sorted by name.
    pub packages: Vec<Package>,
    pub unfrozen: Vec<Unfrozen>,
    pub systems: Vec<String>,
    /// The input whose `buildEnv` makes `packages.<system>.default`.
    pub env_input: Option<String>,
    pub notes: Vec<Note>,
}

impl Plan {
    pub fn input(&self, name: &str) -> Option<&Input> {
        self.inputs.iter().find(|i| i.name == name)
    }
}
