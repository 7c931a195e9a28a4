//! Adopt: a frozen folder takes over the profile. Each element the flake
//! has as `packages.<system>.<name>` is replaced by the same package
//! installed from the folder, keeping its priority and outputs, all in one
//! new generation ([`StagedProfile`]): what
//! [`Operation::Adopt`](crate::ops::Operation::Adopt) runs (`frost adopt`).
//! Before, the flake's store paths are evaluated (nothing built) and the
//! adopt refused when any differs from the element's; after, the staged
//! generation is checked to hold the very store paths, and only then made
//! current. Leaving ([`stop_managing`], `frost adopt --stop`) installs each
//! managed package again from the input flake.nix takes it from, by that
//! input's own reference in flake.lock (never a registry name), with the
//! store paths it has: as flake.nix names it when that still gives them,
//! else pinned to the revision the lock holds (see [`plain_replacement`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rnix::ast::{self, AstNode};
use serde::Serialize;

use super::apply::{install_command_with, RunNix};
use super::git::{commit_folder, committed_at_top, undo_commit};
use super::lock::{ref_from_attrs, Edge, LockGraph};
use super::managed::{
    element_folder, from_folder as from, holds_frozen_flake, home_shortened, managed_state_on_disk,
};
use super::readme::installable_of;
use super::restore_preview::current_elements;
use super::source::ApplySource;
use super::staged::StagedProfile;
use super::verify::{verify_through, Verdict};
use crate::element::Element;
use crate::error::{Error, Result};
use crate::flakeref::{git_file_url, path_url, FlakeRef, FlakeRefKind};
use crate::i18n::gettext_f;
use crate::nix::{NixSetup, NixVersion};

/// What an adopt or a stop did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ManageReport {
    /// The managing folder.
    pub folder: PathBuf,
    /// The flake reference the packages were installed from.
    pub source: String,
    /// The elements replaced, by name.
    pub replaced: Vec<String>,
    /// Elements left as they were: not in the flake, or (adopt) already
    /// installed from the folder.
    pub kept: Vec<String>,
    /// The flake reference the folder was copied from, when the adopt made
    /// it ([`copy::copy_flake`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copied_from: Option<String>,
    /// How to take the change back, for a change to the folder's
    /// flake.nix (see [`super::managed_edit`]).
    #[serde(skip)]
    pub undo: Option<Box<super::managed_edit::ManagedUndo>>,
}

impl ManageReport {
    /// What an adopt that copied a reference did, in words: “Copied
    /// github:me/profile to ~/nix-profile-flake and manages your profile
    /// from there.” `None` for any other adopt or stop.
    pub fn copy_message(&self) -> Option<String> {
        let from = self.copied_from.as_deref()?;
        Some(gettext_f(
            "Copied {source} to {dir} and manages your profile from there.",
            &[("source", from), ("dir", &home_shortened(&self.folder))],
        ))
    }
}

/// The folder an adopt takes over in place: a folder, or a `path:`
/// reference to one, or a `git+file:` reference to a work tree that holds
/// the flake. Made absolute, as `path:` needs. `None` for any other
/// reference (remote, a bare repository, a tarball): Frost copies that
/// into a new folder first ([`copy::copy_flake`]).
pub fn adopt_folder(source: &ApplySource) -> Result<Option<PathBuf>> {
    let dir = match source {
        ApplySource::Folder(dir) => dir.clone(),
        ApplySource::Flake(text) => {
            let r = FlakeRef::parse(text)?;
            let path = matches!(r.kind, FlakeRefKind::Path { .. });
            let git = matches!(&r.kind, FlakeRefKind::Git { url } if url.starts_with("file:"));
            let Some(folder) = r.local_folder().filter(|_| path || git) else {
                return Ok(None);
            };
            let mut dir = PathBuf::from(folder);
            if let Some(sub) = r.dir() {
                dir.push(sub);
            }
            if git && !dir.join("flake.nix").is_file() {
                return Ok(None);
            }
            dir
        }
    };
    Ok(Some(std::path::absolute(&dir).unwrap_or(dir)))
}

/// A folder an adopt can take over with: it holds a flake.nix Frost wrote.
pub fn check_adoptable(dir: &Path) -> Result<()> {
    if !super::apply::holds_flake(dir) {
        return Err(Error::NotAFlake {
            dir: dir.to_owned(),
        });
    }
    if !holds_frozen_flake(dir) {
        return Err(Error::NotFrozenByFrost {
            dir: dir.to_owned(),
        });
    }
    Ok(())
}

/// How the profile refers to the folder: its Git URL when the folder is
/// a repository whose last commit holds flake.nix and flake.lock as they
/// are (so the element is pinned to that commit), else `path:`.
pub(crate) async fn folder_url(dir: &Path) -> Result<String> {
    if committed_at_top(dir, &["flake.nix", "flake.lock"]).await? {
        Ok(git_file_url(dir))
    } else {
        Ok(path_url(dir))
    }
}

/// One element to install again from elsewhere.
struct Replacement {
    name: String,
    installable: String,
    priority: i64,
    /// The store paths it must come back with; `None` for an update, which
    /// gives new ones.
    store_paths: Option<Vec<String>>,
    /// What to install instead, in turn, when `installable` does not give
    /// those store paths (or cannot be installed).
    fallbacks: Vec<Fallback>,
}

/// Another way to install a [`Replacement`]: an installable, and options
/// it needs besides the usual ones.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Fallback {
    installable: String,
    options: Vec<String>,
}

impl Replacement {
    /// `e` installed again as the package `attr` of the folder at `url`.
    fn from_folder(
        url: &str,
        e: &Element,
        attr: &str,
        store_paths: Option<Vec<String>>,
    ) -> Result<Replacement> {
        let installable =
            installable_of(url, &[attr], &e.outputs).ok_or_else(|| Error::FreezeUnwritable {
                detail: e.name.clone(),
            })?;
        Ok(Replacement {
            name: e.name.clone(),
            installable,
            priority: e.priority,
            store_paths,
            fallbacks: Vec::new(),
        })
    }
}

fn sorted(paths: &[String]) -> Vec<String> {
    let mut paths = paths.to_vec();
    paths.sort();
    paths
}

/// Removes the elements of `replacements` and installs each again from
/// its installable, in a copy of the profile; those that did not come back
/// with their very store paths (or whose run failed) are installed again
/// from their fallbacks in turn. Checks that every one came back under its
/// name with its very store paths and that `placed` holds for it; then
/// makes the copy the profile's next generation. Installs run in name
/// order (consecutive elements of the same priority in one run), so that
/// Nix gives the names back as they were (`hello`, `hello-1`).
async fn replace_in_one_generation(
    nix: &mut impl RunNix,
    setup: &NixSetup,
    version: &NixVersion,
    profile: &Path,
    mut replacements: Vec<Replacement>,
    options: &[String],
    placed: impl Fn(&Element) -> bool,
) -> Result<()> {
    replacements.sort_by(|a, b| a.name.cmp(&b.name));
    let staged = StagedProfile::copy_of(profile)?;
    let names: Vec<String> = replacements.iter().map(|r| r.name.clone()).collect();
    nix.run(staged.remove_command(setup, &names)).await?;
    let came_back = |after: &[Element], r: &Replacement| {
        after.iter().any(|e| {
            e.name == r.name
                && r.store_paths
                    .as_ref()
                    .is_none_or(|paths| sorted(&e.store_paths) == sorted(paths))
                && e.priority == r.priority
                && placed(e)
        })
    };
    let mut pending: Vec<&Replacement> = replacements.iter().collect();
    for tier in 0.. {
        let failed = install_tier(nix, setup, version, &staged, &pending, options, tier).await?;
        let after = current_elements(staged.link())?;
        let missing: Vec<&Replacement> = pending
            .into_iter()
            .filter(|r| !came_back(&after, r))
            .collect();
        if missing.is_empty() {
            break;
        }
        let (next, last): (Vec<&Replacement>, Vec<&Replacement>) =
            missing.into_iter().partition(|r| r.fallbacks.len() > tier);
        if !last.is_empty() {
            let ran_into_error = last.iter().any(|r| failed.names.contains(&r.name));
            return Err(match failed.error {
                Some(error) if ran_into_error => error,
                _ => Error::ManagedPathsChanged {
                    names: last.iter().map(|r| r.name.clone()).collect(),
                },
            });
        }
        // Those that came back with other store paths go out again.
        let present: Vec<String> = next
            .iter()
            .filter(|r| after.iter().any(|e| e.name == r.name))
            .map(|r| r.name.clone())
            .collect();
        if !present.is_empty() {
            nix.run(staged.remove_command(setup, &present)).await?;
        }
        pending = next;
    }
    if nix.cancelled() {
        return Err(Error::Cancelled);
    }
    staged.switch(nix, setup, profile).await
}

/// The runs of installs that failed: the names in them, and the first
/// error.
#[derive(Default)]
struct Failed {
    names: Vec<String>,
    error: Option<Error>,
}

/// Installs `replacements` into `staged`, each the way `tier` says (0: its
/// installable; then its fallbacks in turn), consecutive ones of the same
/// priority and options in one run. A run that fails is noted and the
/// others go on; a cancel ends it all.
async fn install_tier(
    nix: &mut impl RunNix,
    setup: &NixSetup,
    version: &NixVersion,
    staged: &StagedProfile,
    replacements: &[&Replacement],
    options: &[String],
    tier: usize,
) -> Result<Failed> {
    let way = |r: &Replacement| -> (String, Vec<String>) {
        let mut all = options.to_vec();
        match tier.checked_sub(1).and_then(|i| r.fallbacks.get(i)) {
            Some(f) => {
                all.extend(f.options.iter().cloned());
                (f.installable.clone(), all)
            }
            None => (r.installable.clone(), all),
        }
    };
    let mut failed = Failed::default();
    for run in replacements.chunk_by(|a, b| a.priority == b.priority && way(a).1 == way(b).1) {
        let installables: Vec<String> = run.iter().map(|r| way(r).0).collect();
        let install = install_command_with(
            setup,
            version,
            staged.link(),
            &installables,
            Some(run[0].priority),
            &way(run[0]).1,
        );
        if let Err(error) = nix.run(install).await {
            if nix.cancelled() || matches!(error, Error::Cancelled) {
                return Err(Error::Cancelled);
            }
            failed.names.extend(run.iter().map(|r| r.name.clone()));
            failed.error.get_or_insert(error);
        }
    }
    Ok(failed)
}

/// Replaces each element of `profile` that the frozen flake of `source`
/// has, with the same package from its folder, as one generation. A
/// reference that is no folder here is first copied into a new folder
/// (`into`, or `~/nix-profile-flake`), which goes again when the adopt
/// fails.
pub(crate) async fn adopt(
    nix: &mut impl RunNix,
    setup: &NixSetup,
    version: &NixVersion,
    source: &ApplySource,
    into: Option<&Path>,
    profile: &Path,
) -> Result<ManageReport> {
    let local = match (adopt_folder(source)?, source) {
        (Some(dir), _) => Ok(dir),
        (None, ApplySource::Flake(text)) => Err(text),
        (None, ApplySource::Folder(dir)) => Ok(dir.clone()),
    };
    let text = match local {
        // Asked to copy what is managed in place: say so rather than
        // silently leave the copy out.
        Ok(dir) if into.is_some() => return Err(Error::AdoptIntoLocal { dir }),
        Ok(dir) => return adopt_dir(nix, setup, version, &dir, profile).await,
        Err(text) => text,
    };
    let copied = copy::copy_flake(nix, setup, text, into).await?;
    let adopted = adopt_dir(nix, setup, version, &copied.flake_dir, profile).await;
    match adopted {
        Ok(report) => Ok(ManageReport {
            copied_from: Some(text.clone()),
            ..report
        }),
        Err(e) => {
            copied.folder.remove();
            // The folder is gone again: the reference names the flake.
            let named = PathBuf::from(text);
            Err(match e {
                Error::NotFrozenByFrost { .. } => Error::NotFrozenByFrost { dir: named },
                Error::AdoptNothingInCommon { .. } => Error::AdoptNothingInCommon { dir: named },
                Error::AdoptWouldChange { names, .. } => {
                    Error::AdoptWouldChange { dir: named, names }
                }
                e => e,
            })
        }
    }
}

/// [`adopt`] of the folder `dir`.
async fn adopt_dir(
    nix: &mut impl RunNix,
    setup: &NixSetup,
    version: &NixVersion,
    dir: &Path,
    profile: &Path,
) -> Result<ManageReport> {
    let dir = dir.to_owned();
    check_adoptable(&dir)?;
    let elements = current_elements(profile)?;
    let (already, others): (Vec<Element>, Vec<Element>) =
        elements.into_iter().partition(|e| from(e, &dir));
    let checked = verify_through(nix, setup, &dir, &others).await?;
    if nix.cancelled() {
        return Err(Error::Cancelled);
    }
    let mut matching = Vec::new();
    let mut differ = Vec::new();
    let mut kept: Vec<String> = already.iter().map(|e| e.name.clone()).collect();
    for (e, check) in others.iter().zip(&checked.elements) {
        match check.verdict {
            Verdict::Identical => matching.push(e),
            Verdict::NotFrozen => kept.push(e.name.clone()),
            Verdict::Different { .. } | Verdict::CouldNotCheck { .. } => {
                differ.push(e.name.clone());
            }
        }
    }
    if !differ.is_empty() {
        return Err(Error::AdoptWouldChange { dir, names: differ });
    }
    let url = folder_url(&dir).await?;
    if matching.is_empty() {
        if already.is_empty() {
            return Err(Error::AdoptNothingInCommon { dir });
        }
        kept.sort();
        return Ok(ManageReport {
            folder: dir,
            source: url,
            replaced: Vec::new(),
            kept,
            copied_from: None,
            undo: None,
        });
    }
    let mut replacements = Vec::with_capacity(matching.len());
    for e in &matching {
        replacements.push(Replacement::from_folder(
            &url,
            e,
            &e.name,
            Some(e.store_paths.clone()),
        )?);
    }
    let replaced: Vec<String> = replacements.iter().map(|r| r.name.clone()).collect();
    replace_in_one_generation(nix, setup, version, profile, replacements, &[], |e| {
        from(e, &dir)
    })
    .await?;
    kept.sort();
    Ok(ManageReport {
        folder: dir,
        source: url,
        replaced,
        kept,
        copied_from: None,
        undo: None,
    })
}

/// Installs every element of `profile` that its managing folder `dir`
/// holds again from the folder, as one generation: after
/// [`super::update::update_folder`], the new versions. With a `message`,
/// flake.nix and flake.lock are committed first when the folder is a Git
/// repository ([`commit_folder`]), so that the elements are pinned to that
/// commit; a failure or a cancel takes the commit back.
pub(crate) async fn upgrade_managed(
    nix: &mut impl RunNix,
    setup: &NixSetup,
    version: &NixVersion,
    profile: &Path,
    dir: &Path,
    message: Option<&str>,
) -> Result<ManageReport> {
    let elements = current_elements(profile)?;
    let (managed, others): (Vec<&Element>, Vec<&Element>) =
        elements.iter().partition(|e| from(e, dir));
    if managed.is_empty() {
        return Err(Error::NotManaged {
            profile: profile.to_owned(),
        });
    }
    let record = match message {
        Some(message) => commit_folder(dir, message).await?,
        None => None,
    };
    let upgraded = async {
        let url = folder_url(dir).await?;
        let mut replacements = Vec::with_capacity(managed.len());
        for e in &managed {
            let attr = e.short_attr_path().unwrap_or(&e.name);
            replacements.push(Replacement::from_folder(&url, e, attr, None)?);
        }
        let replaced: Vec<String> = replacements.iter().map(|r| r.name.clone()).collect();
        replace_in_one_generation(nix, setup, version, profile, replacements, &[], |e| {
            from(e, dir)
        })
        .await?;
        Ok(ManageReport {
            folder: dir.to_owned(),
            source: url,
            replaced,
            kept: others.iter().map(|e| e.name.clone()).collect(),
            copied_from: None,
            undo: None,
        })
    }
    .await;
    if upgraded.is_err() {
        if let Some(record) = &record {
            undo_commit(dir, record).await?;
        }
    }
    upgraded
}

/// Where flake.nix takes one package from: `input.a.${system}.b` as the
/// input's name and the attribute path (`None` for `${system}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Selection {
    pub input: String,
    pub attr: Vec<Option<String>>,
}

fn attr_text(attr: &ast::Attr) -> Option<Option<String>> {
    match attr {
        ast::Attr::Ident(i) => Some(Some(i.ident_token()?.text().to_owned())),
        ast::Attr::Str(s) => {
            let mut text = String::new();
            for part in s.normalized_parts() {
                match part {
                    ast::InterpolPart::Literal(l) => text.push_str(&l),
                    ast::InterpolPart::Interpolation(_) => return None,
                }
            }
            Some(Some(text))
        }
        ast::Attr::Dynamic(d) => match d.expr()? {
            ast::Expr::Ident(i) if i.ident_token()?.text() == "system" => Some(None),
            _ => None,
        },
    }
}

fn unparen(mut e: ast::Expr) -> ast::Expr {
    while let ast::Expr::Paren(p) = &e {
        match p.expr() {
            Some(inner) => e = inner,
            None => break,
        }
    }
    e
}

/// `frozen { … } input.path` → the selection.
fn selection_of(value: ast::Expr) -> Option<Selection> {
    let ast::Expr::Apply(outer) = unparen(value) else {
        return None;
    };
    let ast::Expr::Apply(inner) = unparen(outer.lambda()?) else {
        return None;
    };
    match unparen(inner.lambda()?) {
        ast::Expr::Ident(i) if i.ident_token()?.text() == "frozen" => {}
        _ => return None,
    }
    let ast::Expr::Select(select) = unparen(outer.argument()?) else {
        return None;
    };
    if select.default_expr().is_some() {
        return None;
    }
    let ast::Expr::Ident(input) = select.expr()? else {
        return None;
    };
    let attr = select
        .attrpath()?
        .attrs()
        .map(|a| attr_text(&a))
        .collect::<Option<Vec<_>>>()?;
    Some(Selection {
        input: input.ident_token()?.text().to_owned(),
        attr,
    })
}

// rnix's `AstNode` is a subtrait of rowan's, which this crate does not
// name; a bound brings its methods into reach (as in manifest::nix_env).
fn syntax<N: AstNode>(node: &N) -> &rnix::SyntaxNode {
    node.syntax()
}

fn cast<N: AstNode>(node: rnix::SyntaxNode) -> Option<N> {
    N::cast(node)
}

/// Each package flake.nix binds as `name = frozen { … } input.path;` (the
/// shape `frost freeze` writes), by name.
pub(crate) fn frozen_selections(text: &str) -> BTreeMap<String, Selection> {
    let root = rnix::Root::parse(text).tree();
    let mut found = BTreeMap::new();
    for node in syntax(&root).descendants() {
        let Some(binding) = cast::<ast::AttrpathValue>(node) else {
            continue;
        };
        let Some(path) = binding.attrpath() else {
            continue;
        };
        let attrs: Vec<ast::Attr> = path.attrs().collect();
        let [attr] = attrs.as_slice() else {
            continue;
        };
        let (Some(Some(name)), Some(value)) = (attr_text(attr), binding.value()) else {
            continue;
        };
        if let Some(selection) = selection_of(value) {
            found.insert(name, selection);
        }
    }
    found
}

/// How `e` is installed again from where flake.nix takes it
/// (`selection`, for `system`) when the folder `dir` manages it no more:
/// from the input's own reference in flake.lock, so that no registry is
/// needed later — as flake.nix names it (`original`, not pinned, so `nix
/// profile upgrade` moves it on), else pinned to the revision the lock
/// holds (`locked`), for a source that has moved on since. Last, for a
/// source that no longer has that revision (a `path:` folder changed since:
/// Nix fetches a locked `path:` URL given directly anew and fails with
/// "NAR hash mismatch", seen with 2.26), the input by its name with
/// `--inputs-from` the folder, which Nix takes from the store as the lock
/// pins it; that element's original reference then reads `flake:INPUT`.
/// `None` when the lock does not pin that input.
fn plain_replacement(
    lock: &LockGraph,
    selection: &Selection,
    system: &str,
    e: &Element,
    dir: &Path,
) -> Option<Replacement> {
    let root = lock.nodes.first()?;
    let Edge::Node(i) = root.inputs.get(&selection.input)? else {
        return None;
    };
    let node = lock.nodes.get(*i)?;
    let locked = ref_from_attrs(node.locked.as_ref()?)?;
    if matches!(locked.kind, FlakeRefKind::Indirect { .. }) {
        return None;
    }
    // A registry name, which only a hand-written flake.nix has: pinned.
    let original = node
        .original
        .as_ref()
        .and_then(ref_from_attrs)
        .filter(|r| !matches!(r.kind, FlakeRefKind::Indirect { .. }))
        .unwrap_or_else(|| locked.clone());
    let attr: Vec<&str> = selection
        .attr
        .iter()
        .map(|p| p.as_deref().unwrap_or(system))
        .collect();
    let installable = installable_of(&original.to_url(), &attr, &e.outputs)?;
    let mut fallbacks = Vec::new();
    let pinned = installable_of(&locked.to_url(), &attr, &e.outputs)?;
    if pinned != installable {
        fallbacks.push(Fallback {
            installable: pinned,
            options: Vec::new(),
        });
    }
    let by_name = FlakeRef::parse(&format!("flake:{}", selection.input))
        .ok()
        .filter(|r| matches!(r.kind, FlakeRefKind::Indirect { .. }) && r.attrs.is_empty())
        .and_then(|_| installable_of(&selection.input, &attr, &e.outputs));
    if let Some(by_name) = by_name {
        fallbacks.push(Fallback {
            installable: by_name,
            options: vec!["--inputs-from".to_owned(), path_url(dir)],
        });
    }
    Some(Replacement {
        name: e.name.clone(),
        installable,
        priority: e.priority,
        store_paths: Some(e.store_paths.clone()),
        fallbacks,
    })
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| Error::io(path, e))
}

/// Installs each element the managing folder holds again from where
/// flake.nix takes it, as one generation: the profile is no longer
/// managed.
pub(crate) async fn stop_managing(
    nix: &mut impl RunNix,
    setup: &NixSetup,
    version: &NixVersion,
    profile: &Path,
) -> Result<ManageReport> {
    let elements = current_elements(profile)?;
    let managed = managed_state_on_disk(&elements).ok_or_else(|| Error::NotManaged {
        profile: profile.to_owned(),
    })?;
    let dir = managed.folder.clone();
    let selections = frozen_selections(&read(&dir.join("flake.nix"))?);
    let lock_path = dir.join("flake.lock");
    let lock = LockGraph::parse(&read(&lock_path)?).map_err(|e| Error::ManifestCorrupt {
        path: lock_path.clone(),
        detail: e.0,
    })?;
    let mut replacements = Vec::new();
    let mut unknown = Vec::new();
    for e in elements
        .iter()
        .filter(|e| managed.in_flake.contains(&e.name))
    {
        let replacement = e
            .system()
            .zip(e.short_attr_path())
            .and_then(|(system, name)| {
                let selection = selections.get(name)?;
                plain_replacement(&lock, selection, system, e, &dir)
            });
        match replacement {
            Some(r) => replacements.push(r),
            None => unknown.push(e.name.clone()),
        }
    }
    if !unknown.is_empty() {
        return Err(Error::ManagedSourceUnknown {
            dir,
            names: unknown,
        });
    }
    let replaced: Vec<String> = replacements.iter().map(|r| r.name.clone()).collect();
    // Each from its input's own reference, as a plain element has it:
    // no registry is asked (the global one is online), so a name in it
    // cannot stand in for one.
    let options = [
        "--option".to_owned(),
        "flake-registry".to_owned(),
        String::new(),
    ];
    replace_in_one_generation(nix, setup, version, profile, replacements, &options, |e| {
        element_folder(e).is_none_or(|f| f != dir)
    })
    .await?;
    Ok(ManageReport {
        source: dir.display().to_string(),
        folder: dir,
        replaced,
        kept: managed.not_in_flake,
        copied_from: None,
        undo: None,
    })
}

mod copy;
#[cfg(test)]
mod tests;
