//! `freeze`: plan, ask Nix what the manifest did not record, write the
//! folder, and lock the inputs that moved. Every Nix run goes through the
//! runner; nothing lands in the target folder until everything worked.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::apply::RunNix;
use super::ask::{self, Direct};
use super::git::{commit_freeze, GitRecord};
use super::inspect::{host_system, inspect_input, registry, InputFacts};
use super::lock::{attrs_from_ref, LockGraph};
use super::nix_syntax as syn;
use super::plan::{plan, FreezeOptions, Pin, Plan, PlanContext, Reason, Unfrozen};
use super::readme::render_readme;
use super::render::{render_flake, Origin};
use super::write::{Staging, FROZEN_FILES};
use crate::element::Element;
use crate::error::{Error, Result};
use crate::flakeref::{path_url, FlakeRef, FlakeRefKind};
use crate::i18n::gettext_f;
use crate::nix::NixSetup;
use crate::profile::ProfileView;

/// An input whose lock Frost completed from `nix flake metadata`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Completion {
    pub input: String,
    pub added: Vec<String>,
}

/// An input whose lock still lacks something Nix may use in evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Incomplete {
    pub input: String,
    pub missing: Vec<String>,
    pub message: String,
}

/// What became of a package whose input moved to another ref.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Moved {
    pub name: String,
    pub input: String,
    pub old_version: Option<String>,
    /// `None` when the new ref lacks it (then it is in the plan's unfrozen
    /// list) or Nix could not say.
    pub new_version: Option<String>,
    pub missing: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreezeRequest {
    pub options: FreezeOptions,
    pub out: PathBuf,
    /// Replace flake.nix, flake.lock and README.md in a non-empty folder.
    pub force: bool,
    /// The profile and generation frozen, for the header and README.
    pub profile: Option<PathBuf>,
    pub generation: Option<u64>,
    /// Keep the folder's history with Git: commit the three files once they
    /// are in place (see [`super::git`]).
    pub git: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct FreezeReport {
    pub out: PathBuf,
    pub files: Vec<PathBuf>,
    pub plan: Plan,
    pub completed: Vec<Completion>,
    pub incomplete: Vec<Incomplete>,
    pub moved: Vec<Moved>,
    /// What Git did, when the request asked for it.
    pub git: Option<GitRecord>,
}

/// What a freeze of one generation reads: its elements, and the profile
/// and generation that the flake's header and README name.
#[derive(Debug, Clone)]
pub struct FreezeSource {
    pub elements: Vec<Element>,
    pub profile: Option<PathBuf>,
    pub generation: Option<u64>,
}

/// Reads generation `number` of `view` (the current one when `None`) for a
/// freeze. `frost freeze` and the window's freeze both read it here, so
/// that the same choices write the same files.
pub fn read_source(view: &ProfileView, number: Option<u64>) -> Result<FreezeSource> {
    let generation = view.generation(number)?;
    let manifest = view.manifest(number)?;
    Ok(FreezeSource {
        elements: manifest.elements,
        profile: view.profile().map(|p| p.path.clone()),
        generation: generation.map(|g| g.number),
    })
}

/// Keys whose absence Nix notices when it evaluates from a lock: nixpkgs
/// derives its version suffix from `lastModified`.
const EVAL_KEYS: [&str; 1] = ["lastModified"];

/// The flake.lock of a plan: a node per exactly-pinned input, completed
/// with what `facts` (from `nix flake metadata`) knows of the same
/// revision, and with the input's own lock beneath it. Moved inputs have no
/// node: `nix flake lock` adds them.
pub fn build_lock(
    plan: &Plan,
    facts: &BTreeMap<String, std::result::Result<InputFacts, String>>,
) -> (LockGraph, Vec<Completion>, Vec<Incomplete>) {
    let mut graph = LockGraph::new();
    let mut completed = Vec::new();
    let mut incomplete = Vec::new();
    for input in &plan.inputs {
        let Pin::Exact { locked } = &input.pin else {
            continue;
        };
        let mut attrs = attrs_from_ref(locked);
        let mut failure = None;
        let mut subtree = None;
        match facts.get(&input.name) {
            Some(Ok(f)) => {
                // Only facts about this very revision count.
                let agrees = attrs
                    .iter()
                    .all(|(k, v)| f.locked.get(k).is_none_or(|fv| fv == v));
                if agrees {
                    let mut added = Vec::new();
                    for (k, v) in &f.locked {
                        if !attrs.contains_key(k) {
                            attrs.insert(k.clone(), v.clone());
                            added.push(k.clone());
                        }
                    }
                    if !added.is_empty() {
                        completed.push(Completion {
                            input: input.name.clone(),
                            added,
                        });
                    }
                    subtree = f.locks.clone();
                } else {
                    failure = Some(gettext_f(
                        "Nix reports other attributes for this revision than the profile recorded",
                        &[],
                    ));
                }
            }
            Some(Err(message)) => failure = Some(message.clone()),
            None => {}
        }
        let missing: Vec<String> = EVAL_KEYS
            .iter()
            .filter(|k| !attrs.contains_key(**k))
            .map(|k| (*k).to_owned())
            .collect();
        if !missing.is_empty() {
            incomplete.push(Incomplete {
                input: input.name.clone(),
                missing,
                message: failure.unwrap_or_default(),
            });
        }
        let node = graph.add_input(0, &input.name, attrs, attrs_from_ref(&input.url));
        if let Some(locks) = subtree {
            // A lock that does not graft is left out: `nix flake lock`
            // then locks those inputs itself.
            let mut copy = graph.clone();
            if copy
                .graft(node, &locks, std::slice::from_ref(&input.name))
                .is_ok()
            {
                graph = copy;
            }
        }
    }
    (graph, completed, incomplete)
}

/// Which exact inputs to ask Nix about: those missing something, and
/// those that may have inputs of their own (nixpkgs has none).
fn needs_inspection(locked: &FlakeRef) -> bool {
    let missing_pin = locked.last_modified().is_none()
        || (matches!(locked.kind, FlakeRefKind::Git { .. })
            && (locked.nar_hash().is_none() || locked.rev_count().is_none()));
    missing_pin || !locked.is_nixpkgs()
}

/// The inputs of `plan` a freeze asks `nix flake metadata` about, by name.
fn to_inspect(plan: &Plan) -> impl Iterator<Item = (&str, &FlakeRef)> {
    plan.inputs.iter().filter_map(|input| match &input.pin {
        Pin::Exact { locked } if needs_inspection(locked) => Some((input.name.as_str(), locked)),
        _ => None,
    })
}

/// What Nix already said about locked inputs, by their locked reference.
/// A reference with a revision or a NAR hash names fixed content, so the
/// answer stays true: the window asks while a person reads the wizard's
/// first page ([`ask_ahead`]), and its export then need not ask again.
/// The files written are the same either way: the answers are the ones
/// the export would get. Only [`ask_ahead`] fills it, and only with
/// answers about fixed content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KnownInputs(BTreeMap<String, InputFacts>);

impl KnownInputs {
    fn get(&self, locked: &FlakeRef) -> Option<&InputFacts> {
        self.0.get(&locked.to_url())
    }

    /// Adds what `other` knows.
    pub fn extend(&mut self, other: KnownInputs) {
        self.0.extend(other.0);
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Only a reference to fixed content may be answered from what was asked
/// before: a folder or branch without a revision or hash may change.
fn names_fixed_content(locked: &FlakeRef) -> bool {
    locked.rev().is_some() || locked.nar_hash().is_some()
}

/// Asks Nix, ahead of a freeze of `elements` with `options`, what that
/// freeze will ask about their inputs, skipping what `known` holds; adds
/// the answers to it. A question that fails is left for the freeze to ask
/// again, and to report. Read-only, and nothing is written.
pub async fn ask_ahead(
    nix: &NixSetup,
    elements: &[Element],
    options: &FreezeOptions,
    mut known: KnownInputs,
) -> KnownInputs {
    // Without the host system or the registry, a plan may differ from the
    // freeze's own; a reference asked about needlessly costs only time.
    let Ok(plan) = plan(elements, options, &PlanContext::default()) else {
        return known;
    };
    for (_, locked) in to_inspect(&plan) {
        if !names_fixed_content(locked) || known.get(locked).is_some() {
            continue;
        }
        if let Ok(facts) = inspect_input(&mut Direct, nix, locked).await {
            known.0.insert(locked.to_url(), facts);
        }
    }
    known
}

/// Freezes `elements` into `req.out`, running Nix directly (`frost
/// freeze`).
pub async fn freeze(
    nix: &NixSetup,
    elements: &[Element],
    req: &FreezeRequest,
) -> Result<FreezeReport> {
    freeze_through(&mut Direct, nix, elements, req, &KnownInputs::default()).await
}

/// Freezes `elements` into `req.out`, each run of Nix through `runner`
/// (the queue's, for the window: progress, log and Cancel); what `known`
/// holds about an input is not asked again. A cancel drops this future
/// before the files are moved into place, and the staging folder goes
/// with it.
pub(crate) async fn freeze_through(
    runner: &mut impl RunNix,
    nix: &NixSetup,
    elements: &[Element],
    req: &FreezeRequest,
    known: &KnownInputs,
) -> Result<FreezeReport> {
    let chosen: Vec<&Element> = elements
        .iter()
        .filter(|e| req.options.only.is_empty() || req.options.only.contains(&e.name))
        .collect();
    let mut ctx = PlanContext::default();
    if chosen.iter().all(|e| e.system().is_none()) {
        ctx.host_system = host_system(runner, nix).await?;
    }
    if chosen.iter().any(|e| {
        e.original_ref
            .as_deref()
            .is_some_and(|r| matches!(r.kind, FlakeRefKind::Indirect { .. }))
    }) {
        ctx.registry = registry(runner, nix).await;
    }
    let mut plan = plan(elements, &req.options, &ctx)?;
    let staging = Staging::new(&req.out, req.force)?;

    let mut facts = BTreeMap::new();
    for (name, locked) in to_inspect(&plan) {
        let f = match known.get(locked) {
            Some(f) => Ok(f.clone()),
            None => inspect_input(runner, nix, locked)
                .await
                .map_err(|e| e.to_string()),
        };
        facts.insert(name.to_owned(), f);
    }
    let (lock, completed, incomplete) = build_lock(&plan, &facts);
    let origin = Origin {
        profile: req.profile.as_deref(),
        generation: req.generation,
    };
    let write_all = |plan: &Plan, staging: &Staging| -> Result<()> {
        let flake = render_flake(plan, origin).map_err(|e| Error::FreezeUnwritable {
            detail: e.to_string(),
        })?;
        staging.write("flake.nix", &flake)?;
        staging.write("README.md", &render_readme(plan, origin))
    };
    write_all(&plan, &staging)?;
    staging.write("flake.lock", &lock.to_json_string())?;

    let mut moved = Vec::new();
    if plan
        .inputs
        .iter()
        .any(|i| !matches!(i.pin, Pin::Exact { .. }))
    {
        let flake_ref = path_url(staging.path());
        ask::stdout(runner, nix, ["flake", "lock", flake_ref.as_str()]).await?;
        moved = moved_versions(runner, nix, &plan, staging.path()).await?;
        let gone: Vec<&Moved> = moved.iter().filter(|m| m.missing).collect();
        if !gone.is_empty() {
            for m in gone {
                plan.packages.retain(|p| p.name != m.name);
                // The summaries count each input's packages: one left out
                // is one fewer from its input (which stays, as it is
                // locked already).
                if let Some(input) = plan.inputs.iter_mut().find(|i| i.name == m.input) {
                    input.packages = input.packages.saturating_sub(1);
                }
                let version = moved
                    .iter()
                    .find(|x| x.name == m.name)
                    .and_then(|x| x.old_version.clone());
                plan.unfrozen.push(Unfrozen {
                    name: m.name.clone(),
                    version,
                    reason: Reason::MissingFromTarget {
                        input: m.input.clone(),
                        message: gettext_f("no such attribute, or it fails to evaluate", &[]),
                    },
                });
            }
            plan.unfrozen.sort_by(|a, b| a.name.cmp(&b.name));
            write_all(&plan, &staging)?;
        }
    }
    let files = staging.commit(&FROZEN_FILES)?;
    // After the files are in place: a Git failure leaves a complete freeze
    // and says so in its message.
    let git = if req.git {
        Some(commit_freeze(&req.out, plan.packages.len()).await?)
    } else {
        None
    };
    Ok(FreezeReport {
        out: req.out.clone(),
        files,
        plan,
        completed,
        incomplete,
        moved,
        git,
    })
}

/// The version each package of a moved input has in its new revision, or
/// that it is missing there. One evaluation for all packages: the lookup
/// walks the attribute path itself, so a missing package cannot fail it.
async fn moved_versions(
    runner: &mut impl RunNix,
    nix: &NixSetup,
    plan: &Plan,
    flake_dir: &Path,
) -> Result<Vec<Moved>> {
    let moved_inputs: Vec<&str> = plan
        .inputs
        .iter()
        .filter(|i| matches!(i.pin, Pin::Follow { .. }))
        .map(|i| i.name.as_str())
        .collect();
    let packages: Vec<_> = plan
        .packages
        .iter()
        .filter(|p| moved_inputs.contains(&p.input.as_str()))
        .collect();
    if packages.is_empty() {
        return Ok(Vec::new());
    }
    let system = plan.systems.first().cloned().unwrap_or_default();
    let unwritable = |e: syn::SyntaxError| Error::FreezeUnwritable {
        detail: e.to_string(),
    };
    let mut expr = format!(
        "let
  flake = builtins.getFlake {};
  get = path: set: builtins.foldl' (acc: n: if builtins.isAttrs acc && builtins.hasAttr n acc then builtins.getAttr n acc else null) set path;
  info = input: path:
    let
      p = get path flake.inputs.${{input}};
      v = builtins.tryEval (p.version or (builtins.parseDrvName (p.name or \"\")).version);
    in
    if !(builtins.isAttrs p) then {{ missing = true; }}
    else if v.success && builtins.isString v.value then {{ version = v.value; }}
    else {{ missing = true; }};
in
{{
",
        syn::string(&path_url(flake_dir)).map_err(unwritable)?
    );
    for p in &packages {
        let path: Vec<String> = p
            .full_attr_path(&system)
            .iter()
            .map(|s| syn::string(s))
            .collect::<std::result::Result<_, _>>()
            .map_err(unwritable)?;
        expr.push_str(&format!(
            "  {} = info {} [ {} ];\n",
            syn::attr_name(&p.name).map_err(unwritable)?,
            syn::string(&p.input).map_err(unwritable)?,
            path.join(" ")
        ));
    }
    expr.push_str("}\n");
    let args = ["eval", "--json", "--impure", "--expr", expr.as_str()];
    let v = ask::json(runner, nix, args).await?;
    Ok(packages
        .iter()
        .map(|p| {
            let r = &v[p.name.as_str()];
            let missing = r.get("missing").and_then(serde_json::Value::as_bool) == Some(true);
            Moved {
                name: p.name.clone(),
                input: p.input.clone(),
                old_version: p.version.clone(),
                new_version: r
                    .get("version")
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_owned),
                missing,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests;
