//! Adopt: a frozen folder takes over the profile. Each element the flake
//! has as `packages.<system>.<name>` is replaced by the same package
//! installed from the folder, keeping its priority and outputs, all in one
//! new generation ([`StagedProfile`]): what
//! [`Operation::Adopt`](crate::ops::Operation::Adopt) runs (`frost adopt`).
//! Before, the flake's store paths are evaluated (nothing built) and the
//! adopt refused when any differs from the element's; after, the staged
//! generation is checked to hold the very store paths, and only then made
//! current. Leaving ([`stop_managing`], `frost adopt --stop`) installs each
//! managed package again from the input flake.nix takes it from, at the
//! revision flake.lock pins: the installable `frost freeze` recorded.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rnix::ast::{self, AstNode};
use serde::Serialize;

use super::apply::{install_command_with, RunNix};
use super::git::{commit_folder, committed_at_top, undo_commit};
use super::lock::{ref_from_attrs, Edge, LockGraph};
use super::managed::{
    element_folder, from_folder as from, holds_frozen_flake, managed_state_on_disk,
};
use super::readme::installable_of;
use super::restore_preview::current_elements;
use super::source::ApplySource;
use super::staged::StagedProfile;
use super::verify::{verify_through, Verdict};
use crate::element::Element;
use crate::error::{Error, Result};
use crate::flakeref::{git_file_url, path_url, FlakeRef, FlakeRefKind};
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
    /// How to take the change back, for a change to the folder's
    /// flake.nix (see [`super::managed_edit`]).
    #[serde(skip)]
    pub undo: Option<Box<super::managed_edit::ManagedUndo>>,
}

/// The folder an adopt takes over with: a folder, or a `path:` /
/// `git+file:` reference to one. Made absolute, as `path:` needs.
pub fn adopt_folder(source: &ApplySource) -> Result<PathBuf> {
    let dir = match source {
        ApplySource::Folder(dir) => dir.clone(),
        ApplySource::Flake(text) => {
            let r = FlakeRef::parse(text)?;
            let local = matches!(r.kind, FlakeRefKind::Path { .. })
                || matches!(&r.kind, FlakeRefKind::Git { url } if url.starts_with("file:"));
            match r.local_folder().filter(|_| local) {
                Some(folder) => {
                    let mut dir = PathBuf::from(folder);
                    if let Some(sub) = r.dir() {
                        dir.push(sub);
                    }
                    dir
                }
                None => {
                    return Err(Error::AdoptNotLocal {
                        source: text.clone(),
                    })
                }
            }
        }
    };
    Ok(std::path::absolute(&dir).unwrap_or(dir))
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
        })
    }
}

fn sorted(paths: &[String]) -> Vec<String> {
    let mut paths = paths.to_vec();
    paths.sort();
    paths
}

/// Removes the elements of `replacements` and installs each again from
/// its installable, in a copy of the profile; checks that every one came
/// back under its name with its very store paths and that `placed` holds
/// for it; then makes the copy the profile's next generation. Installs run
/// in name order (consecutive elements of the same priority in one run),
/// so that Nix gives the names back as they were (`hello`, `hello-1`).
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
    for run in replacements.chunk_by(|a, b| a.priority == b.priority) {
        let installables: Vec<String> = run.iter().map(|r| r.installable.clone()).collect();
        let install = install_command_with(
            setup,
            version,
            staged.link(),
            &installables,
            Some(run[0].priority),
            options,
        );
        nix.run(install).await?;
    }
    let after = current_elements(staged.link())?;
    let changed: Vec<String> = replacements
        .iter()
        .filter(|r| {
            !after.iter().any(|e| {
                e.name == r.name
                    && r.store_paths
                        .as_ref()
                        .is_none_or(|paths| sorted(&e.store_paths) == sorted(paths))
                    && e.priority == r.priority
                    && placed(e)
            })
        })
        .map(|r| r.name.clone())
        .collect();
    if !changed.is_empty() {
        return Err(Error::ManagedPathsChanged { names: changed });
    }
    if nix.cancelled() {
        return Err(Error::Cancelled);
    }
    staged.switch(nix, setup, profile).await
}

/// Replaces each element of `profile` that the frozen flake of `source`
/// has, with the same package from the folder, as one generation.
pub(crate) async fn adopt(
    nix: &mut impl RunNix,
    setup: &NixSetup,
    version: &NixVersion,
    source: &ApplySource,
    profile: &Path,
) -> Result<ManageReport> {
    let dir = adopt_folder(source)?;
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

/// The installable of `selection` for `system`: the input by its name
/// (`nixpkgs#legacyPackages.x86_64-linux.hello`), which `--inputs-from`
/// the folder resolves to the revision flake.lock pins; `None` when the
/// lock does not pin that input.
fn plain_installable(
    lock: &LockGraph,
    selection: &Selection,
    system: &str,
    e: &Element,
) -> Option<String> {
    let root = lock.nodes.first()?;
    let Edge::Node(i) = root.inputs.get(&selection.input)? else {
        return None;
    };
    // Pinned in the lock, and a name `--inputs-from` can stand for.
    ref_from_attrs(lock.nodes.get(*i)?.locked.as_ref()?)?;
    FlakeRef::parse(&format!("flake:{}", selection.input))
        .ok()
        .filter(|r| matches!(r.kind, FlakeRefKind::Indirect { .. }) && r.attrs.is_empty())?;
    let attr: Vec<&str> = selection
        .attr
        .iter()
        .map(|p| p.as_deref().unwrap_or(system))
        .collect();
    installable_of(&selection.input, &attr, &e.outputs)
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
        let installable = e
            .system()
            .zip(e.short_attr_path())
            .and_then(|(system, name)| {
                let selection = selections.get(name)?;
                plain_installable(&lock, selection, system, e)
            });
        match installable {
            Some(installable) => replacements.push(Replacement {
                name: e.name.clone(),
                installable,
                priority: e.priority,
                store_paths: Some(e.store_paths.clone()),
            }),
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
    // Each input by its name, resolved through the folder's lock: Nix
    // takes what a lock pins from the store when the source has moved on
    // (a folder changed since), which it does not for a locked URL given
    // directly (seen with 2.26: "NAR hash mismatch"). The global registry
    // is left out: only the folder's inputs are meant, and it is online.
    let options = [
        "--option".to_owned(),
        "flake-registry".to_owned(),
        String::new(),
        "--inputs-from".to_owned(),
        path_url(&dir),
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
        undo: None,
    })
}

#[cfg(test)]
mod tests;
