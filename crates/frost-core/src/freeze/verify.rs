//! `frost verify`: does the frozen flake still build the profile's very
//! store paths? Each package is evaluated through the runner (no build):
//! the out paths of the outputs `nix profile` would install, and the
//! priority, are compared with the profile's element of the same name.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::apply::RunNix;
use super::ask::{self, Direct};
use super::inspect::host_system;
use super::nix_syntax::cli_attr;
use crate::element::Element;
use crate::error::Result;
use crate::nix::NixSetup;

/// What one package evaluates to: the paths `nix profile` would install,
/// and its priority. Mirrors Nix's rules (src/libcmd/installable-flake.cc):
/// an output chosen in the attribute, else `meta.outputsToInstall`, else
/// `out`; `frozenOutputs` is what `frost apply` asks for explicitly.
pub const PACKAGE_FACTS: &str = r#"p:
let
  fo = p.frozenOutputs or null;
  outs =
    if fo == [ "*" ] then p.outputs or [ "out" ]
    else if fo != null then fo
    else if p.outputSpecified or false then [ p.outputName ]
    else p.meta.outputsToInstall or [ "out" ];
in
{
  paths = map (o: p.${o}.outPath) outs;
  priority = p.meta.priority or 5;
}"#;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "verdict")]
pub enum Verdict {
    Identical,
    Different {
        profile_paths: Vec<String>,
        flake_paths: Vec<String>,
        profile_priority: i64,
        flake_priority: i64,
    },
    /// Nix could not evaluate the package (offline, removed, …).
    CouldNotCheck {
        message: String,
    },
    /// The flake has no package of that name.
    NotFrozen,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ElementCheck {
    pub name: String,
    #[serde(flatten)]
    pub verdict: Verdict,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifyReport {
    pub dir: PathBuf,
    pub system: String,
    /// One per element of the profile, by name.
    pub elements: Vec<ElementCheck>,
    /// Packages of the flake that the profile does not have.
    pub extra: Vec<String>,
}

impl VerifyReport {
    pub fn all_identical(&self) -> bool {
        self.elements
            .iter()
            .all(|e| matches!(e.verdict, Verdict::Identical | Verdict::NotFrozen))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Facts {
    paths: Vec<String>,
    priority: i64,
}

fn facts_from_json(v: &serde_json::Value) -> Option<Facts> {
    let mut paths: Vec<String> = v
        .get("paths")?
        .as_array()?
        .iter()
        .map(|p| p.as_str().map(str::to_owned))
        .collect::<Option<_>>()?;
    paths.sort();
    Some(Facts {
        paths,
        priority: v.get("priority")?.as_i64()?,
    })
}

/// Checks the flake in `dir` against `elements` (a profile's), running Nix
/// directly (`frost verify`, `frost freeze --verify`).
pub async fn verify(nix: &NixSetup, dir: &Path, elements: &[Element]) -> Result<VerifyReport> {
    verify_through(&mut Direct, nix, dir, elements).await
}

/// [`verify`], each run of Nix through `runner` (the queue's).
pub(crate) async fn verify_through(
    runner: &mut impl RunNix,
    nix: &NixSetup,
    dir: &Path,
    elements: &[Element],
) -> Result<VerifyReport> {
    let system = main_system(runner, nix, elements).await?;
    let set = format!("{}#packages.{system}", crate::flakeref::path_url(dir));
    let names = match package_names(runner, nix, &set).await {
        Ok(names) => names,
        Err(e) => {
            // Nothing can be checked: say why for each element.
            let message = e.to_string();
            let could_not = |el: &Element| ElementCheck {
                name: el.name.clone(),
                verdict: Verdict::CouldNotCheck {
                    message: message.clone(),
                },
            };
            return Ok(VerifyReport {
                dir: dir.to_owned(),
                system,
                elements: elements.iter().map(could_not).collect(),
                extra: Vec::new(),
            });
        }
    };
    let results = match all_facts(runner, nix, &set, elements, &names).await {
        Some(results) => results,
        None => facts_one_by_one(runner, nix, &set, elements, &names).await,
    };
    let checks = elements
        .iter()
        .map(|e| ElementCheck {
            name: e.name.clone(),
            verdict: verdict(e, &names, results.get(&e.name)),
        })
        .collect();
    let in_profile: BTreeSet<&str> = elements.iter().map(|e| e.name.as_str()).collect();
    let extra = names
        .iter()
        .filter(|n| n.as_str() != "default" && !in_profile.contains(n.as_str()))
        .cloned()
        .collect();
    Ok(VerifyReport {
        dir: dir.to_owned(),
        system,
        elements: checks,
        extra,
    })
}

/// What each package evaluated to, or why it could not be evaluated.
type FactsByName = BTreeMap<String, std::result::Result<Facts, String>>;

/// The system most elements were installed for, or this machine's.
async fn main_system(
    runner: &mut impl RunNix,
    nix: &NixSetup,
    elements: &[Element],
) -> Result<String> {
    let mut systems: BTreeMap<&str, usize> = BTreeMap::new();
    for e in elements {
        if let Some(s) = e.system() {
            *systems.entry(s).or_default() += 1;
        }
    }
    match systems.iter().max_by_key(|(_, n)| **n) {
        Some((s, _)) => Ok((*s).to_owned()),
        None => host_system(runner, nix).await,
    }
}

/// The names of the packages in `set` (`path:DIR#packages.<system>`).
async fn package_names(
    runner: &mut impl RunNix,
    nix: &NixSetup,
    set: &str,
) -> Result<BTreeSet<String>> {
    let v = ask::json(
        runner,
        nix,
        [
            "eval",
            "--json",
            "--no-update-lock-file",
            set,
            "--apply",
            "builtins.attrNames",
        ],
    )
    .await?;
    Ok(v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default())
}

/// Every package's facts in one evaluation; `None` when it fails (one
/// package is enough to fail it).
async fn all_facts(
    runner: &mut impl RunNix,
    nix: &NixSetup,
    set: &str,
    elements: &[Element],
    names: &BTreeSet<String>,
) -> Option<FactsByName> {
    // `default` is the environment of all packages, unless an element has
    // that name (then the plan made no environment).
    let skip = if elements.iter().any(|e| e.name == "default") {
        ""
    } else {
        "\"default\""
    };
    let all =
        format!("ps: builtins.mapAttrs (n: {PACKAGE_FACTS}) (builtins.removeAttrs ps [ {skip} ])");
    let args = [
        "eval",
        "--json",
        "--no-update-lock-file",
        set,
        "--apply",
        &all,
    ];
    let v = ask::json(runner, nix, args).await.ok()?;
    let found = names
        .iter()
        .filter_map(|name| {
            let facts = v.get(name.as_str()).and_then(facts_from_json)?;
            Some((name.clone(), Ok(facts)))
        })
        .collect();
    Some(found)
}

/// Each element's package evaluated on its own, so that a failure is told
/// for that package only.
async fn facts_one_by_one(
    runner: &mut impl RunNix,
    nix: &NixSetup,
    set: &str,
    elements: &[Element],
    names: &BTreeSet<String>,
) -> FactsByName {
    let mut results = FactsByName::new();
    for e in elements {
        if !names.contains(&e.name) {
            continue;
        }
        let Some(attr) = cli_attr(&e.name) else {
            continue;
        };
        let one = format!("{set}.{attr}");
        let args = [
            "eval",
            "--json",
            "--no-update-lock-file",
            &one,
            "--apply",
            PACKAGE_FACTS,
        ];
        let r = ask::json(runner, nix, args).await;
        let r = match r {
            Ok(v) => facts_from_json(&v).ok_or_else(|| {
                crate::i18n::gettext("Nix printed something other than store paths")
            }),
            Err(e) => Err(e.to_string()),
        };
        results.insert(e.name.clone(), r);
    }
    results
}

/// How element `e` compares with what its package evaluated to.
fn verdict(
    e: &Element,
    names: &BTreeSet<String>,
    facts: Option<&std::result::Result<Facts, String>>,
) -> Verdict {
    if !names.contains(&e.name) {
        return Verdict::NotFrozen;
    }
    match facts {
        Some(Ok(f)) => {
            let mut expected = e.store_paths.clone();
            expected.sort();
            if f.paths == expected && f.priority == e.priority {
                Verdict::Identical
            } else {
                Verdict::Different {
                    profile_paths: expected,
                    flake_paths: f.paths.clone(),
                    profile_priority: e.priority,
                    flake_priority: f.priority,
                }
            }
        }
        Some(Err(message)) => Verdict::CouldNotCheck {
            message: message.clone(),
        },
        None => Verdict::CouldNotCheck {
            message: crate::i18n::gettext("Nix did not evaluate it"),
        },
    }
}
