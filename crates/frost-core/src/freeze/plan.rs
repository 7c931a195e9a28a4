//! From a profile's elements to what the frozen flake will hold: one input
//! per distinct locked source, one package per element, and every element
//! that cannot be frozen with the reason. Pure and fast (no Nix, no I/O), so
//! the GUI can show a plan as the user changes options.

use std::collections::{BTreeMap, BTreeSet};

mod input_names;
mod model;

use input_names::{base_name, identity, is_pinned, written_url};
pub(crate) use input_names::{sanitize_input_name, unique_name};
pub use model::*;

use super::nix_syntax::{self, MAGIC_ATTRS};
use crate::element::{Element, Origin};
use crate::error::{Error, Result};
use crate::flakeref::FlakeRef;
use crate::i18n::gettext_f;

/// One distinct locked source and the elements that use it.
struct Group<'a> {
    locked: &'a FlakeRef,
    url: FlakeRef,
    registry_id: Option<String>,
    members: Vec<&'a Element>,
    name: String,
    /// The name before it was made unique (`nixpkgs` for `nixpkgs_2`).
    base: String,
    /// Merged into a `--follow` input.
    followed: bool,
}

/// How an element can be frozen.
enum Kind {
    /// From the flake it was installed from.
    Flake,
    /// Installed with nix-env: by name, from nixpkgs.
    NixEnv,
}

/// What the steps of [`plan`] build up.
#[derive(Default)]
struct Draft<'a> {
    inputs: BTreeMap<String, Input>,
    /// The input each package comes from, by element name.
    package_input: BTreeMap<&'a str, String>,
    /// Input names taken.
    used: BTreeSet<String>,
    packages: Vec<Package>,
    unfrozen: Vec<Unfrozen>,
    notes: Vec<Note>,
}

/// Plans the freeze of `elements`.
pub fn plan(elements: &[Element], options: &FreezeOptions, ctx: &PlanContext) -> Result<Plan> {
    for name in &options.only {
        if !elements.iter().any(|e| &e.name == name) {
            return Err(Error::FreezeUnknownElement { name: name.clone() });
        }
    }
    let mut draft = Draft::default();
    let mut flake_elements: Vec<&Element> = Vec::new();
    let mut nix_env: Vec<&Element> = Vec::new();
    let chosen = elements
        .iter()
        .filter(|e| options.only.is_empty() || options.only.contains(&e.name));
    for e in chosen {
        match freezable(e, options) {
            Ok(Kind::Flake) => flake_elements.push(e),
            Ok(Kind::NixEnv) => nix_env.push(e),
            Err(reason) => draft.unfrozen.push(unfrozen_of(e, reason)),
        }
    }

    let mut groups = group_by_source(&flake_elements, ctx);
    let order = name_groups(&mut groups, &mut draft.used);
    for follow in &options.follow {
        draft.follow(follow, &mut groups, &order, !nix_env.is_empty())?;
    }
    for g in groups.iter().filter(|g| !g.followed) {
        draft.keep(g);
    }
    for e in &flake_elements {
        draft.add_flake_package(e);
    }
    if !nix_env.is_empty() {
        draft.guess_nix_env(&nix_env, options);
    }
    draft.packages.sort_by(|a, b| a.name.cmp(&b.name));
    draft.unfrozen.sort_by(|a, b| a.name.cmp(&b.name));

    let systems = systems(&flake_elements, options, ctx);
    let env_input = draft.env_input();
    draft.notes.sort();
    Ok(Plan {
        inputs: draft.inputs.into_values().collect(),
        packages: draft.packages,
        unfrozen: draft.unfrozen,
        systems,
        env_input,
        notes: draft.notes,
    })
}

/// Whether `e` can be frozen, and how; if not, why.
fn freezable(e: &Element, options: &FreezeOptions) -> std::result::Result<Kind, Reason> {
    if !e.active {
        return Err(Reason::Inactive);
    }
    if MAGIC_ATTRS.contains(&e.name.as_str()) {
        return Err(Reason::ReservedName);
    }
    if nix_syntax::attr_name(&e.name).is_err() || nix_syntax::cli_attr(&e.name).is_none() {
        return Err(Reason::UnwritableName);
    }
    match (e.origin, &e.attr_path, &e.locked_ref) {
        (Origin::Flake, Some(path), Some(_)) if path.contains('\0') => {
            Err(Reason::UnwritableAttrPath)
        }
        (Origin::Flake, Some(_), Some(locked)) => {
            let local =
                locked.is_local() || e.original_ref.as_deref().is_some_and(FlakeRef::is_local);
            if options.portable && local {
                let path = e
                    .original_ref
                    .as_deref()
                    .and_then(FlakeRef::local_path)
                    .or_else(|| locked.local_path())
                    .unwrap_or_default()
                    .to_owned();
                Err(Reason::LocalSource { path })
            } else {
                Ok(Kind::Flake)
            }
        }
        (Origin::NixEnv, _, _) => Ok(Kind::NixEnv),
        _ => Err(Reason::NoSource),
    }
}

/// The flake elements grouped by locked source, in a stable order, each
/// group with the URL flake.nix will name.
fn group_by_source<'a>(elements: &[&'a Element], ctx: &PlanContext) -> Vec<Group<'a>> {
    let mut by_locked: BTreeMap<String, Vec<&Element>> = BTreeMap::new();
    for e in elements {
        if let Some(l) = &e.locked_ref {
            by_locked.entry(l.to_url()).or_default().push(e);
        }
    }
    let mut groups = Vec::new();
    for members in by_locked.into_values() {
        let Some(locked) = members.first().and_then(|e| e.locked_ref.as_deref()) else {
            continue;
        };
        let (url, registry_id) = written_url(most_used_original(&members), locked, ctx);
        let base = base_name(&url, Some(locked));
        groups.push(Group {
            locked,
            url,
            registry_id,
            members,
            name: String::new(),
            base,
            followed: false,
        });
    }
    groups
}

/// The original reference most of `members` were installed from.
fn most_used_original<'a>(members: &[&'a Element]) -> Option<&'a FlakeRef> {
    let mut counts: BTreeMap<String, (usize, Option<&FlakeRef>)> = BTreeMap::new();
    for e in members {
        let key = e
            .original_ref
            .as_deref()
            .map(FlakeRef::to_url)
            .unwrap_or_default();
        let slot = counts.entry(key).or_insert((0, e.original_ref.as_deref()));
        slot.0 += 1;
    }
    counts
        .values()
        .max_by(|a, b| a.0.cmp(&b.0))
        .and_then(|(_, r)| *r)
}

/// Names the groups' inputs: per base name, the group with most elements
/// first, then the newest, so `nixpkgs` is the revision most packages come
/// from. Returns the groups' indices in that order.
fn name_groups(groups: &mut [Group], used: &mut BTreeSet<String>) -> Vec<usize> {
    let mut order: Vec<usize> = (0..groups.len()).collect();
    order.sort_by(|&a, &b| {
        let (ga, gb) = (&groups[a], &groups[b]);
        ga.base
            .cmp(&gb.base)
            .then(gb.members.len().cmp(&ga.members.len()))
            .then(gb.locked.last_modified().cmp(&ga.locked.last_modified()))
            .then(ga.locked.to_url().cmp(&gb.locked.to_url()))
    });
    for &i in &order {
        groups[i].name = unique_name(&groups[i].base, used);
    }
    order
}

/// Whether `--follow SOURCE=…` names group `g`: by its base or input name,
/// or by a reference to the same source (any nixpkgs for a nixpkgs).
fn follow_matches(f: &Follow, source_ref: Option<&FlakeRef>, g: &Group) -> bool {
    g.base == f.source
        || g.name == f.source
        || source_ref.is_some_and(|s| {
            let sid = identity(s);
            sid == identity(&g.url)
                || sid == identity(g.locked)
                || (s.is_nixpkgs() && (g.url.is_nixpkgs() || g.locked.is_nixpkgs()))
        })
}

impl<'a> Draft<'a> {
    /// `--follow`: the groups it names become one input on the new ref.
    fn follow(
        &mut self,
        f: &Follow,
        groups: &mut [Group<'a>],
        order: &[usize],
        has_nix_env: bool,
    ) -> Result<()> {
        let source_ref = FlakeRef::parse(&f.source).ok();
        let matched: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&i| !groups[i].followed && follow_matches(f, source_ref.as_ref(), &groups[i]))
            .collect();
        let Some(&first) = matched.first() else {
            if f.source == "nixpkgs" && has_nix_env {
                // Only there for the nix-env elements: added by guess_nix_env.
                return Ok(());
            }
            return Err(Error::FreezeFollowUnmatched {
                source: f.source.clone(),
            });
        };
        let name = groups[first].name.clone();
        let mut previous = Vec::new();
        let mut count = 0;
        for &i in &matched {
            let g = &mut groups[i];
            g.followed = true;
            previous.push(g.locked.clone());
            count += g.members.len();
            for e in &g.members {
                self.package_input.insert(&e.name, name.clone());
            }
        }
        self.inputs.insert(
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
        Ok(())
    }

    /// A group no `--follow` moved: an input pinned where it is, with
    /// notes on what a person should know about it.
    fn keep(&mut self, g: &Group<'a>) {
        for e in &g.members {
            self.package_input.insert(&e.name, g.name.clone());
        }
        let pin = if is_pinned(g.locked) {
            Pin::Exact {
                locked: g.locked.clone(),
            }
        } else {
            self.notes.push(Note::NotPinned {
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
            self.notes.push(Note::LocalSource {
                input: g.name.clone(),
                path,
            });
        }
        if let Some(id) = &g.registry_id {
            self.notes.push(Note::Registry {
                input: g.name.clone(),
                id: id.clone(),
                url: g.url.to_url(),
            });
        }
        self.inputs.insert(
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

    /// The package of a flake element, at the attribute it was installed
    /// from (`packages.<system>.…` becomes per-system).
    fn add_flake_package(&mut self, e: &Element) {
        let Some(input) = self.package_input.get(e.name.as_str()) else {
            return;
        };
        let path = e.attr_path.as_deref().unwrap_or_default();
        let mut parts = path.splitn(3, '.');
        let (base, attr) = match (e.system(), parts.next(), parts.next(), parts.next()) {
            (Some(_), Some(first), Some(_system), Some(rest)) => {
                (AttrBase::PerSystem(first.to_owned()), split_attr(rest))
            }
            _ => (AttrBase::Fixed, split_attr(path)),
        };
        let package = package_of(e, input.clone(), base, attr, false);
        self.packages.push(package);
    }

    /// nix-env elements: the attribute named like the package, in the
    /// nixpkgs input (or the one `--follow nixpkgs=…` names).
    fn guess_nix_env(&mut self, elements: &[&Element], options: &FreezeOptions) {
        let nixpkgs = nixpkgs_input(&self.inputs).or_else(|| {
            let f = options.follow.iter().find(|f| f.source == "nixpkgs")?;
            let name = unique_name("nixpkgs", &mut self.used);
            self.inputs.insert(
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
        for e in elements {
            match &nixpkgs {
                Some(input) if nix_syntax::attr_name(&e.pname).is_ok() => {
                    if let Some(i) = self.inputs.get_mut(input) {
                        i.packages += 1;
                    }
                    self.notes.push(Note::Guessed {
                        package: e.name.clone(),
                        attr: e.pname.clone(),
                    });
                    let base = AttrBase::PerSystem("legacyPackages".into());
                    let mut p = package_of(e, input.clone(), base, vec![e.pname.clone()], true);
                    p.source = gettext_f(
                        "installed with nix-env, looked up by name in {input}",
                        &[("input", input)],
                    );
                    self.packages.push(p);
                }
                _ => self
                    .unfrozen
                    .push(unfrozen_of(e, Reason::NixEnvWithoutNixpkgs)),
            }
        }
    }

    /// The input the `default` package (all packages together) takes its
    /// `buildEnv` from, unless a package is called `default`.
    fn env_input(&mut self) -> Option<String> {
        if self.packages.iter().any(|p| p.name == "default") {
            self.notes.push(Note::DefaultTaken);
            return None;
        }
        let env = nixpkgs_input(&self.inputs);
        if env.is_none() && !self.packages.is_empty() {
            self.notes.push(Note::NoEnvironment);
        }
        env
    }
}

/// The systems the flake is written for: those the packages were
/// installed for (or this machine's), and any asked for.
fn systems(elements: &[&Element], options: &FreezeOptions, ctx: &PlanContext) -> Vec<String> {
    let mut systems: BTreeSet<String> = elements
        .iter()
        .filter_map(|e| e.system())
        .map(str::to_owned)
        .collect();
    if systems.is_empty() {
        systems.insert(ctx.host_system.clone());
    }
    systems.extend(options.systems.iter().cloned());
    systems.into_iter().collect()
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
