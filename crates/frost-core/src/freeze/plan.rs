//! From a profile's elements to what the frozen flake will hold: one input
//! per distinct locked source, one package per element, and every element
//! that cannot be frozen with the reason. Pure and fast (no Nix, no I/O), so
//! the GUI can show a plan as the user changes options.

use std::collections::{BTreeMap, BTreeSet};

mod input_names;
mod model;

use input_names::{base_name, identity, is_pinned, unique_name, written_url};
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
