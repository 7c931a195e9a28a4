//! From a profile's elements to what the frozen flake will hold: one input
//! per distinct locked source, one package per element, and every element
//! that cannot be frozen with the reason. Pure and fast (no Nix, no I/O), so
//! the GUI can show a plan as the user changes options.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::nix_syntax::{self, MAGIC_ATTRS};
use crate::element::{Element, Origin, Outputs};
use crate::error::{Error, Result};
use crate::flakeref::{FlakeRef, FlakeRefKind};
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

/// Names the rendered flake binds itself, or that Nix gives a meaning:
/// inputs never take them.
const RESERVED_INPUT_NAMES: [&str; 10] = [
    "self",
    "frozen",
    "packagesFor",
    "system",
    "builtins",
    "import",
    "true",
    "false",
    "null",
    "inputs",
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
                "installed from a store path: no flake records how to build it",
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

/// True when the ref pins one exact tree.
fn is_pinned(r: &FlakeRef) -> bool {
    match r.kind {
        FlakeRefKind::Path { .. } | FlakeRefKind::Tarball { .. } | FlakeRefKind::File { .. } => {
            r.nar_hash().is_some()
        }
        FlakeRefKind::Indirect { .. } => false,
        _ => r.rev().is_some(),
    }
}

/// Which repository or folder a ref is, whatever revision or branch:
/// kind plus `dir`.
fn identity(r: &FlakeRef) -> FlakeRef {
    let mut id = FlakeRef {
        kind: r.kind.clone(),
        attrs: BTreeMap::new(),
    };
    if let (FlakeRefKind::Github { owner, repo }, true) = (&r.kind, r.is_nixpkgs()) {
        id.kind = FlakeRefKind::Github {
            owner: owner.to_ascii_lowercase(),
            repo: repo.clone(),
        };
    }
    if let Some(d) = r.dir() {
        id.attrs.insert("dir".into(), d.to_owned());
    }
    id
}

/// A readable input name for a source: `nixpkgs`, the repository's name,
/// the folder's name.
fn base_name(url: &FlakeRef, locked: Option<&FlakeRef>) -> String {
    if url.is_nixpkgs() || locked.is_some_and(FlakeRef::is_nixpkgs) {
        return "nixpkgs".to_owned();
    }
    let raw = if let Some(dir) = url.dir() {
        dir.rsplit('/').next().unwrap_or(dir).to_owned()
    } else {
        match &url.kind {
            FlakeRefKind::Indirect { id } => id.clone(),
            FlakeRefKind::Github { repo, .. }
            | FlakeRefKind::Gitlab { repo, .. }
            | FlakeRefKind::Sourcehut { repo, .. } => repo.clone(),
            FlakeRefKind::Path { path } => {
                let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
                // A store path's name is `<hash>-source`.
                if path.starts_with("/nix/store/") {
                    last.split_once('-').map_or(last, |(_, n)| n).to_owned()
                } else {
                    last.to_owned()
                }
            }
            _ => {
                let short = url.short_name();
                let short = short.trim_end_matches(".git");
                let stem = short.split('.').next().unwrap_or(short);
                stem.to_owned()
            }
        }
    };
    sanitize_input_name(&raw)
}

/// An input name Nix accepts everywhere (`[a-zA-Z][a-zA-Z0-9_-]*`, as in
/// follows paths) that is also a plain Nix identifier and not one the
/// rendered flake uses itself.
fn sanitize_input_name(raw: &str) -> String {
    let mut s: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    while s.contains("--") {
        s = s.replace("--", "-");
    }
    let s = s.trim_matches('-');
    let mut s = if s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        s.to_owned()
    } else if s.is_empty() {
        "input".to_owned()
    } else {
        format!("input-{s}")
    };
    if nix_syntax::KEYWORDS.contains(&s.as_str()) || RESERVED_INPUT_NAMES.contains(&s.as_str()) {
        s.push_str("-input");
    }
    s
}

fn unique_name(base: &str, used: &mut BTreeSet<String>) -> String {
    if used.insert(base.to_owned()) {
        return base.to_owned();
    }
    // Each name takes one number at most, so this ends within
    // `used.len() + 1` tries.
    let mut n: u64 = 2;
    loop {
        let candidate = format!("{base}-{n}");
        if used.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}

/// The ref flake.nix names for a group of elements: what they were
/// installed from, with a registry entry written out.
fn written_url(
    original: Option<&FlakeRef>,
    locked: &FlakeRef,
    ctx: &PlanContext,
) -> (FlakeRef, Option<String>) {
    let Some(original) = original else {
        return (locked.unpinned(), None);
    };
    let FlakeRefKind::Indirect { id } = &original.kind else {
        return (original.clone(), None);
    };
    // The repository the entry stood for, as the locked ref shows it;
    // from the registry when it names the same repository (for its branch).
    let mut url = locked.unpinned();
    url.attrs.remove("ref");
    let from_registry = ctx
        .registry
        .get(id)
        .filter(|r| identity(r) == identity(locked))
        .cloned();
    if let Some(r) = from_registry {
        url = r.unpinned();
    } else if locked.is_nixpkgs() {
        if let Ok(r) = FlakeRef::parse(NIXPKGS_REGISTRY_URL) {
            url = r;
        }
    }
    if let Some(r) = original.git_ref() {
        url.attrs.insert("ref".into(), r.to_owned());
    }
    if let Some(r) = original.rev() {
        url.attrs.insert("rev".into(), r.to_owned());
    }
    (url, Some(id.clone()))
}

/// One distinct locked source and the elements that use it.
struct Group<'a> {
    locked: &'a FlakeRef,
    url: FlakeRef,
    registry_id: Option<String>,
    members: Vec<&'a Element>,
    name: String,
}

/// Plans the freeze of `elements`.
pub fn plan(elements: &[Element], options: &FreezeOptions, ctx: &PlanContext) -> Result<Plan> {
    for name in &options.only {
        if !elements.iter().any(|e| &e.name == name) {
            return Err(Error::FreezeUnknownElement { name: name.clone() });
        }
    }
    let chosen = elements
        .iter()
        .filter(|e| options.only.is_empty() || options.only.contains(&e.name));

    let mut unfrozen = Vec::new();
    let mut notes = Vec::new();
    let mut flake_elements: Vec<&Element> = Vec::new();
    let mut nix_env: Vec<&Element> = Vec::new();
    for e in chosen {
        let reason = if !e.active {
            Some(Reason::Inactive)
        } else if MAGIC_ATTRS.contains(&e.name.as_str()) {
            Some(Reason::ReservedName)
        } else if nix_syntax::attr_name(&e.name).is_err() || nix_syntax::cli_attr(&e.name).is_none()
        {
            Some(Reason::UnwritableName)
        } else {
            None
        };
        if let Some(reason) = reason {
            unfrozen.push(unfrozen_of(e, reason));
            continue;
        }
        match (e.origin, &e.attr_path, &e.locked_ref) {
            (Origin::Flake, Some(path), Some(locked)) => {
                if path.contains('\0') {
                    unfrozen.push(unfrozen_of(e, Reason::UnwritableAttrPath));
                } else if options.portable
                    && (locked.is_local()
                        || e.original_ref.as_deref().is_some_and(FlakeRef::is_local))
                {
                    let path = e
                        .original_ref
                        .as_deref()
                        .and_then(FlakeRef::local_path)
                        .or_else(|| locked.local_path())
                        .unwrap_or_default()
                        .to_owned();
                    unfrozen.push(unfrozen_of(e, Reason::LocalSource { path }));
                } else {
                    flake_elements.push(e);
                }
            }
            (Origin::NixEnv, _, _) => nix_env.push(e),
            _ => unfrozen.push(unfrozen_of(e, Reason::NoSource)),
        }
    }

    // Group by locked source, in a stable order.
    let mut by_locked: BTreeMap<String, Vec<&Element>> = BTreeMap::new();
    for e in &flake_elements {
        if let Some(l) = &e.locked_ref {
            by_locked.entry(l.to_url()).or_default().push(e);
        }
    }
    let mut groups: Vec<Group> = Vec::new();
    for members in by_locked.into_values() {
        let Some(locked) = members.first().and_then(|e| e.locked_ref.as_deref()) else {
            continue;
        };
        // The original most of its elements were installed from.
        let mut counts: BTreeMap<String, (usize, Option<&FlakeRef>)> = BTreeMap::new();
        for e in &members {
            let key = e
                .original_ref
                .as_deref()
                .map(FlakeRef::to_url)
                .unwrap_or_default();
            let slot = counts.entry(key).or_insert((0, e.original_ref.as_deref()));
            slot.0 += 1;
        }
        let original = counts
            .values()
            .max_by(|a, b| a.0.cmp(&b.0))
            .and_then(|(_, r)| *r);
        let (url, registry_id) = written_url(original, locked, ctx);
        groups.push(Group {
            locked,
            url,
            registry_id,
            members,
            name: String::new(),
        });
    }

    // Names: per base name, the group with most elements first, then the
    // newest, so `nixpkgs` is the revision most packages come from.
    let mut order: Vec<usize> = (0..groups.len()).collect();
    let bases: Vec<String> = groups
        .iter()
        .map(|g| base_name(&g.url, Some(g.locked)))
        .collect();
    order.sort_by(|&a, &b| {
        let (ga, gb) = (&groups[a], &groups[b]);
        bases[a]
            .cmp(&bases[b])
            .then(gb.members.len().cmp(&ga.members.len()))
            .then(gb.locked.last_modified().cmp(&ga.locked.last_modified()))
            .then(ga.locked.to_url().cmp(&gb.locked.to_url()))
    });
    let mut used = BTreeSet::new();
    for &i in &order {
        groups[i].name = unique_name(&bases[i], &mut used);
    }

    // Follows: matching groups become one input on the new ref.
    let mut inputs: BTreeMap<String, Input> = BTreeMap::new();
    let mut package_input: BTreeMap<&str, String> = BTreeMap::new();
    let mut followed: Vec<bool> = vec![false; groups.len()];
    for f in &options.follow {
        let source_ref = FlakeRef::parse(&f.source).ok();
        let matched: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&i| !followed[i])
            .filter(|&i| {
                let g = &groups[i];
                bases[i] == f.source
                    || g.name == f.source
                    || source_ref.as_ref().is_some_and(|s| {
                        let sid = identity(s);
                        sid == identity(&g.url)
                            || sid == identity(g.locked)
                            || (s.is_nixpkgs() && (g.url.is_nixpkgs() || g.locked.is_nixpkgs()))
                    })
            })
            .collect();
        if matched.is_empty() {
            if f.source == "nixpkgs" && !nix_env.is_empty() {
                // Only there for the nix-env elements: added below.
                continue;
            }
            return Err(Error::FreezeFollowUnmatched {
                source: f.source.clone(),
            });
        }
        let name = groups[matched[0]].name.clone();
        let mut previous = Vec::new();
        let mut count = 0;
        for &i in &matched {
            followed[i] = true;
            previous.push(groups[i].locked.clone());
            count += groups[i].members.len();
            for e in &groups[i].members {
                package_input.insert(&e.name, name.clone());
            }
        }
        inputs.insert(
            name.clone(),
            Input {
                name,
                url: f.target.clone(),
                pin: Pin::Follow { previous },
                registry_id: None,
                local: f.target.is_local(),
                packages: count,
            },
        );
    }
    for (i, g) in groups.iter().enumerate() {
        if followed[i] {
            continue;
        }
        for e in &g.members {
            package_input.insert(&e.name, g.name.clone());
        }
        let pin = if is_pinned(g.locked) {
            Pin::Exact {
                locked: g.locked.clone(),
            }
        } else {
            notes.push(Note::NotPinned {
                input: g.name.clone(),
            });
            Pin::Relock {
                recorded: g.locked.clone(),
            }
        };
        let local = g.locked.is_local() || g.url.is_local();
        if local {
            let path = g
                .url
                .local_path()
                .or_else(|| g.locked.local_path())
                .unwrap_or_default()
                .to_owned();
            notes.push(Note::LocalSource {
                input: g.name.clone(),
                path,
            });
        }
        if let Some(id) = &g.registry_id {
            notes.push(Note::Registry {
                input: g.name.clone(),
                id: id.clone(),
                url: g.url.to_url(),
            });
        }
        inputs.insert(
            g.name.clone(),
            Input {
                name: g.name.clone(),
                url: g.url.clone(),
                pin,
                registry_id: g.registry_id.clone(),
                local,
                packages: g.members.len(),
            },
        );
    }

    let mut packages: Vec<Package> = Vec::new();
    for e in &flake_elements {
        let Some(input) = package_input.get(e.name.as_str()) else {
            continue;
        };
        let path = e.attr_path.as_deref().unwrap_or_default();
        let mut parts = path.splitn(3, '.');
        let (base, attr) = match (e.system(), parts.next(), parts.next(), parts.next()) {
            (Some(_), Some(first), Some(_system), Some(rest)) => {
                (AttrBase::PerSystem(first.to_owned()), split_attr(rest))
            }
            _ => (AttrBase::Fixed, split_attr(path)),
        };
        packages.push(package_of(e, input.clone(), base, attr, false));
    }

    // nix-env elements: the attribute named like the package, in nixpkgs.
    if !nix_env.is_empty() {
        let nixpkgs = nixpkgs_input(&inputs).or_else(|| {
            let f = options.follow.iter().find(|f| f.source == "nixpkgs")?;
            let name = unique_name("nixpkgs", &mut used);
            inputs.insert(
                name.clone(),
                Input {
                    name: name.clone(),
                    url: f.target.clone(),
                    pin: Pin::Follow { previous: vec![] },
                    registry_id: None,
                    local: f.target.is_local(),
                    packages: 0,
                },
            );
            Some(name)
        });
        for e in nix_env {
            match &nixpkgs {
                Some(input) if nix_syntax::attr_name(&e.pname).is_ok() => {
                    if let Some(i) = inputs.get_mut(input) {
                        i.packages += 1;
                    }
                    notes.push(Note::Guessed {
                        package: e.name.clone(),
                        attr: e.pname.clone(),
                    });
                    let base = AttrBase::PerSystem("legacyPackages".into());
                    let mut p = package_of(e, input.clone(), base, vec![e.pname.clone()], true);
                    p.source = gettext_f(
                        "installed with nix-env, looked up by name in {input}",
                        &[("input", input)],
                    );
                    packages.push(p);
                }
                _ => unfrozen.push(unfrozen_of(e, Reason::NixEnvWithoutNixpkgs)),
            }
        }
    }
    packages.sort_by(|a, b| a.name.cmp(&b.name));
    unfrozen.sort_by(|a, b| a.name.cmp(&b.name));

    let mut systems: BTreeSet<String> = flake_elements
        .iter()
        .filter_map(|e| e.system())
        .map(str::to_owned)
        .collect();
    if systems.is_empty() {
        systems.insert(ctx.host_system.clone());
    }
    systems.extend(options.systems.iter().cloned());

    let env_input = if packages.iter().any(|p| p.name == "default") {
        notes.push(Note::DefaultTaken);
        None
    } else {
        let env = nixpkgs_input(&inputs);
        if env.is_none() && !packages.is_empty() {
            notes.push(Note::NoEnvironment);
        }
        env
    };

    notes.sort();
    Ok(Plan {
        inputs: inputs.into_values().collect(),
        packages,
        unfrozen,
        systems: systems.into_iter().collect(),
        env_input,
        notes,
    })
}

/// The nixpkgs input most packages come from.
fn nixpkgs_input(inputs: &BTreeMap<String, Input>) -> Option<String> {
    inputs
        .values()
        .filter(|i| {
            i.url.is_nixpkgs()
                || match &i.pin {
                    Pin::Exact { locked } => locked.is_nixpkgs(),
                    _ => false,
                }
        })
        .max_by(|a, b| a.packages.cmp(&b.packages).then(b.name.cmp(&a.name)))
        .map(|i| i.name.clone())
}

/// Nix records attribute paths joined with dots, never quoted.
fn split_attr(path: &str) -> Vec<String> {
    path.split('.').map(str::to_owned).collect()
}

fn package_of(
    e: &Element,
    input: String,
    base: AttrBase,
    attr: Vec<String>,
    guessed: bool,
) -> Package {
    Package {
        name: e.name.clone(),
        input,
        base,
        attr,
        outputs: e.outputs.clone(),
        priority: e.priority,
        pname: e.pname.clone(),
        version: e.version.clone(),
        guessed,
        store_paths: e.store_paths.clone(),
        source: e.source_description(),
    }
}

fn unfrozen_of(e: &Element, reason: Reason) -> Unfrozen {
    Unfrozen {
        name: e.name.clone(),
        version: e.version.clone(),
        reason,
    }
}

#[cfg(test)]
pub(crate) mod tests;
