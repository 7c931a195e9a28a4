//! The things Frost asks Nix to do, each with its command line for the
//! installed Nix and what it changes.
//!
//! Adding a kind of operation means adding a variant and its arms here:
//! its arguments ([`Operation::args`]), what it changes ([`Operation::lane`]),
//! and its titles. The queue and the runner need nothing new, unless it
//! takes more than one run of Nix, like [`Operation::Apply`].

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::freeze::engine::{FreezeRequest, KnownInputs};
use crate::freeze::managed_edit::ManagedUndo;
use crate::freeze::source::ApplySource;
use crate::freeze::update::SavedLock;
use crate::i18n::{gettext, gettext_f};
use crate::nix::NixVersion;
use crate::profile::Profile;
use crate::FlakeRef;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operation {
    /// `nix profile add` (`install` before Nix 2.30) of flake references or
    /// store paths.
    Install {
        profile: PathBuf,
        refs: Vec<String>,
        /// `--priority`: lower wins a file that two packages both provide;
        /// `None` leaves Nix's default (5).
        priority: Option<i64>,
    },
    /// Removes elements by name (as `nix profile list` names them).
    Remove {
        profile: PathBuf,
        names: Vec<String>,
    },
    /// Upgrades elements by name to the latest version of their flake.
    Upgrade {
        profile: PathBuf,
        names: Vec<String>,
    },
    UpgradeAll {
        profile: PathBuf,
    },
    /// Switches to generation `to`, or to the one before the current one.
    Rollback {
        profile: PathBuf,
        to: Option<u64>,
    },
    /// `nix flake lock` of a flake folder (a frozen profile).
    FlakeLock {
        dir: PathBuf,
    },
    /// `nix flake update` of a flake folder: every input to its newest.
    FlakeUpdate {
        dir: PathBuf,
    },
    /// Installs the packages of a flake (a folder `frost freeze` wrote, or
    /// any flake reference with `packages.<system>`) into a profile, as one
    /// new generation; with `replace`, the profile holds exactly those
    /// packages afterwards; with `only`, just the packages named. Several
    /// runs of Nix: what the flake holds, then the install (see
    /// [`crate::freeze::apply`]).
    Apply {
        source: ApplySource,
        profile: PathBuf,
        replace: bool,
        /// The flake's packages to install, by name; all when empty.
        only: Vec<String>,
    },
    /// What an [`Operation::Apply`] of `source` would do to `profile`:
    /// the flake's packages read through Nix (nothing built) and put
    /// beside the profile's ([`crate::freeze::restore_preview`]). Changes
    /// nothing; the result is [`Completed::preview`](super::Completed::preview).
    PreviewApply {
        source: ApplySource,
        profile: PathBuf,
    },
    /// Freezes generation `generation` of `source` (the current one when
    /// `None`) into the folder `request.out`, as `frost freeze` does and
    /// through the same engine, then with `verify` checks the flake
    /// against the profile. Reads the profile and never changes it; the
    /// request's `profile` and `generation` are filled from `source`.
    /// Several runs of Nix (see [`crate::freeze::engine`]), fewer for
    /// the inputs `known` holds (asked ahead by the window).
    Freeze {
        source: PathBuf,
        generation: Option<u64>,
        request: Box<FreezeRequest>,
        verify: bool,
        known: Box<KnownInputs>,
    },
    /// Hands the profile to the frozen folder of `source` (a folder, or a
    /// `path:`/`git+file:` reference to one): each element the flake has
    /// is installed again from the folder, store paths unchanged, as one
    /// new generation; refused when any store path would differ
    /// ([`crate::freeze::adopt`]). Any other reference is first fetched
    /// by Nix and copied (cloned, for Git) into the new folder `into`, or
    /// `~/nix-profile-flake` (numbered), which goes again on a failure.
    Adopt {
        source: ApplySource,
        into: Option<PathBuf>,
        profile: PathBuf,
    },
    /// Stops managing the profile with its folder: each managed element is
    /// installed again from the source flake.nix took it from, by its own
    /// reference (as flake.nix names it, or pinned to the revision
    /// flake.lock holds when that source has moved on), store paths
    /// unchanged, as one new generation.
    StopManaging {
        profile: PathBuf,
    },
    /// Installs again from the managing folder `dir` every element of
    /// `profile` it holds, as one new generation: the versions its
    /// flake.lock pins now, after an [`Operation::UpdateFolder`]. With a
    /// `message`, flake.nix and flake.lock are committed first when `dir`
    /// is a Git repository (taken back on a failure or a cancel). Several
    /// runs of Nix (see [`crate::freeze::adopt`]).
    UpgradeManaged {
        profile: PathBuf,
        dir: PathBuf,
        message: Option<String>,
    },
    /// Adds the package `reference` installs to the flake.nix of the
    /// managing folder `dir` (locked, and committed in a Git folder), then
    /// installs it from the folder into `profile` as one generation, with
    /// the store paths `reference` gives (see
    /// [`crate::freeze::managed_edit`]).
    AddToManaged {
        profile: PathBuf,
        dir: PathBuf,
        reference: String,
    },
    /// Removes the elements `names` from `profile` as one generation; those
    /// the managing folder `dir` holds leave its flake.nix first (locked,
    /// and committed in a Git folder).
    RemoveFromManaged {
        profile: PathBuf,
        dir: PathBuf,
        names: Vec<String>,
    },
    /// Adds the element `name` of `profile`, installed from elsewhere, to
    /// the flake.nix of the managing folder `dir` from its own source, at
    /// the revision it was installed from (locked, and committed in a Git
    /// folder), and replaces it with the same package from the folder, same
    /// store paths, as one generation (see [`crate::freeze::managed_edit`]).
    AddToFlake {
        profile: PathBuf,
        dir: PathBuf,
        name: String,
    },
    /// Takes back an [`Operation::AddToManaged`], [`Operation::AddToFlake`]
    /// or [`Operation::RemoveFromManaged`]: flake.nix and flake.lock of
    /// `dir` as they were before it, byte for byte (committed in a Git
    /// folder), and the generation before it current again, as one new
    /// generation. Refused when the files changed since.
    RevertManaged {
        profile: PathBuf,
        dir: PathBuf,
        undo: Box<ManagedUndo>,
    },
    /// Updates every input of the frozen folder `dir` (`nix flake
    /// update`) and reads its packages before and after, installing
    /// nothing: the result is [`Completed::folder_update`](super::Completed::folder_update),
    /// each package's installed version beside its new one. A cancel or a
    /// failure puts flake.lock back as it was. Several runs of Nix (see
    /// [`crate::freeze::update`]).
    UpdateFolder {
        dir: PathBuf,
    },
    /// Locks the inputs an edit added to the frozen folder `dir` (`nix
    /// flake lock`, the folder as a `path:` reference), staging flake.nix
    /// and flake.lock when it is in a Git work tree.
    LockFolder {
        dir: PathBuf,
    },
    /// Puts a frozen folder's flake.lock back as an
    /// [`Operation::UpdateFolder`] found it: the way back when a person
    /// cancels before anything is installed. No Nix.
    RestoreLock {
        saved: SavedLock,
    },
    /// `nix eval --json`, changing nothing: a package's description for the
    /// browser, for example ([`Operation::describe`]).
    Evaluate {
        installable: String,
        /// A Nix function applied to the value before printing it.
        apply: Option<String>,
    },
    /// Reads every package of the flake `source` into a search index
    /// ([`crate::search`]): `nix flake metadata` locks it (unless it is
    /// locked already), then `nix search --json` reads that revision,
    /// unless the cache holds its index. Changes nothing but the cache;
    /// the result is [`Completed::search`](super::Completed::search).
    BuildSearchIndex {
        source: String,
    },
}

/// What an operation changes. Operations with the same lane run one after
/// another, in the order they were submitted.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Lane {
    Profile(PathBuf),
    Flake(PathBuf),
}

/// The `meta` fields the browser shows, each `null` when the package does not
/// set it. Licenses become a list of short names.
const DESCRIBE_APPLY: &str = r#"p: let
  m = p.meta or { };
  licenseName = l: if builtins.isAttrs l then (l.spdxId or l.shortName or l.fullName or null) else l;
  licenses = if m ? license then map licenseName (if builtins.isList m.license then m.license else [ m.license ]) else [ ];
in {
  description = m.description or null;
  longDescription = m.longDescription or null;
  homepage = m.homepage or null;
  mainProgram = m.mainProgram or null;
  version = p.version or null;
  inherit licenses;
}"#;

impl Operation {
    /// A read-only evaluation of the metadata of `attr_path` in `flake` (a
    /// locked URL from the manifest keeps it offline and exact). Its output
    /// parses with [`PackageMetadata::from_json`](super::PackageMetadata::from_json).
    pub fn describe(flake: &str, attr_path: &str) -> Operation {
        Operation::Evaluate {
            installable: format!("{flake}#{attr_path}"),
            // One line, so that the command reads well in messages.
            apply: Some(
                DESCRIBE_APPLY
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        }
    }

    /// The arguments after `nix`, for this version of Nix, when one run of
    /// Nix does the operation: `None` for [`Operation::Apply`], whose later
    /// runs depend on what the first ones find. Names and refs follow `--`,
    /// so one that starts with `-` is never taken for an option.
    pub fn args(&self, nix: &NixVersion) -> Option<Vec<OsString>> {
        let mut args: Vec<OsString> = Vec::new();
        let mut push = |a: &dyn AsRef<std::ffi::OsStr>| args.push(a.as_ref().to_owned());
        match self {
            Operation::Install {
                profile,
                refs,
                priority,
            } => {
                for a in ["profile", nix.profile_add_verb(), "--profile"] {
                    push(&a);
                }
                push(profile);
                if let Some(p) = priority {
                    push(&"--priority");
                    push(&p.to_string());
                }
                push(&"--");
                refs.iter().for_each(|r| push(r));
            }
            Operation::Remove { profile, names } | Operation::Upgrade { profile, names } => {
                let verb = if matches!(self, Operation::Remove { .. }) {
                    "remove"
                } else {
                    "upgrade"
                };
                for a in ["profile", verb, "--profile"] {
                    push(&a);
                }
                push(profile);
                push(&"--");
                names.iter().for_each(|n| push(n));
            }
            Operation::UpgradeAll { profile } => {
                for a in ["profile", "upgrade", "--profile"] {
                    push(&a);
                }
                push(profile);
                // `--all` came with Nix 2.21; before, every argument was a
                // regular expression matched against the whole name. Lix
                // forked before 2.21 and kept the regular expressions.
                if nix.at_least(2, 21) && !nix.is_lix() {
                    push(&"--all");
                } else {
                    push(&"--");
                    push(&".*");
                }
            }
            Operation::Rollback { profile, to } => {
                for a in ["profile", "rollback", "--profile"] {
                    push(&a);
                }
                push(profile);
                if let Some(n) = to {
                    push(&"--to");
                    push(&n.to_string());
                }
            }
            Operation::FlakeLock { dir } => {
                push(&"flake");
                push(&"lock");
                push(dir);
            }
            Operation::FlakeUpdate { dir } => {
                push(&"flake");
                push(&"update");
                // Since 2.19 the positional arguments are input names and
                // the flake is `--flake`; before, the flake was positional.
                if nix.at_least(2, 19) {
                    push(&"--flake");
                }
                push(dir);
            }
            Operation::Evaluate { installable, apply } => {
                push(&"eval");
                push(&"--json");
                if let Some(apply) = apply {
                    push(&"--apply");
                    push(apply);
                }
                push(&"--");
                push(installable);
            }
            Operation::Apply { .. }
            | Operation::Adopt { .. }
            | Operation::StopManaging { .. }
            | Operation::UpgradeManaged { .. }
            | Operation::AddToManaged { .. }
            | Operation::RemoveFromManaged { .. }
            | Operation::AddToFlake { .. }
            | Operation::RevertManaged { .. }
            | Operation::PreviewApply { .. }
            | Operation::Freeze { .. }
            | Operation::BuildSearchIndex { .. }
            | Operation::UpdateFolder { .. }
            | Operation::LockFolder { .. }
            | Operation::RestoreLock { .. } => return None,
        }
        Some(args)
    }

    /// The profile this operation changes, if it changes one.
    pub fn profile(&self) -> Option<&Path> {
        match self {
            Operation::Install { profile, .. }
            | Operation::Remove { profile, .. }
            | Operation::Upgrade { profile, .. }
            | Operation::UpgradeAll { profile }
            | Operation::Rollback { profile, .. }
            | Operation::Apply { profile, .. }
            | Operation::Adopt { profile, .. }
            | Operation::UpgradeManaged { profile, .. }
            | Operation::AddToManaged { profile, .. }
            | Operation::RemoveFromManaged { profile, .. }
            | Operation::AddToFlake { profile, .. }
            | Operation::RevertManaged { profile, .. }
            | Operation::StopManaging { profile } => Some(profile),
            Operation::FlakeLock { .. }
            | Operation::FlakeUpdate { .. }
            | Operation::Freeze { .. }
            | Operation::PreviewApply { .. }
            | Operation::BuildSearchIndex { .. }
            | Operation::Evaluate { .. }
            | Operation::UpdateFolder { .. }
            | Operation::LockFolder { .. }
            | Operation::RestoreLock { .. } => None,
        }
    }

    /// The same operation on the profile link itself. Nix takes `--profile`
    /// literally: given `~/.nix-profile` it would start a new profile named
    /// `.nix-profile` beside it (seen with 2.26) instead of changing the one
    /// the link points to. A frozen folder to apply becomes absolute, as a
    /// `path:` flake reference needs.
    pub fn resolved(&self) -> Operation {
        let mut op = self.clone();
        if let Operation::Apply { source, .. }
        | Operation::PreviewApply { source, .. }
        | Operation::Adopt { source, .. } = &mut op
        {
            *source = source.absolute();
        }
        if let Operation::Adopt {
            into: Some(into), ..
        } = &mut op
        {
            if let Ok(absolute) = std::path::absolute(&*into) {
                *into = absolute;
            }
        }
        if let Operation::Freeze { request, .. } = &mut op {
            if let Ok(absolute) = std::path::absolute(&request.out) {
                request.out = absolute;
            }
        }
        if let Operation::UpdateFolder { dir }
        | Operation::LockFolder { dir }
        | Operation::UpgradeManaged { dir, .. }
        | Operation::AddToManaged { dir, .. }
        | Operation::RemoveFromManaged { dir, .. }
        | Operation::AddToFlake { dir, .. }
        | Operation::RevertManaged { dir, .. }
        | Operation::RestoreLock {
            saved: SavedLock { dir, .. },
        } = &mut op
        {
            if let Ok(absolute) = std::path::absolute(&*dir) {
                *dir = absolute;
            }
        }
        match &mut op {
            Operation::Install { profile, .. }
            | Operation::Remove { profile, .. }
            | Operation::Upgrade { profile, .. }
            | Operation::UpgradeAll { profile }
            | Operation::Rollback { profile, .. }
            | Operation::Apply { profile, .. }
            | Operation::Adopt { profile, .. }
            | Operation::UpgradeManaged { profile, .. }
            | Operation::AddToManaged { profile, .. }
            | Operation::RemoveFromManaged { profile, .. }
            | Operation::AddToFlake { profile, .. }
            | Operation::RevertManaged { profile, .. }
            | Operation::StopManaging { profile } => {
                if let Ok(opened) = Profile::open(profile) {
                    *profile = opened.path;
                }
            }
            Operation::FlakeLock { .. }
            | Operation::FlakeUpdate { .. }
            | Operation::Freeze { .. }
            | Operation::PreviewApply { .. }
            | Operation::BuildSearchIndex { .. }
            | Operation::Evaluate { .. }
            | Operation::UpdateFolder { .. }
            | Operation::LockFolder { .. }
            | Operation::RestoreLock { .. } => {}
        }
        op
    }

    /// What it changes; `None` for read-only operations, which may run
    /// beside anything. A profile is named by its resolved link, so the
    /// same profile reached through `~/.nix-profile` shares its lane.
    pub fn lane(&self) -> Option<Lane> {
        match self {
            Operation::FlakeLock { dir }
            | Operation::FlakeUpdate { dir }
            | Operation::UpdateFolder { dir }
            | Operation::LockFolder { dir }
            | Operation::RestoreLock {
                saved: SavedLock { dir, .. },
            } => Some(Lane::Flake(
                dir.canonicalize().unwrap_or_else(|_| dir.clone()),
            )),
            // Only the folder it writes: the profile is read, never changed.
            Operation::Freeze { request, .. } => Some(Lane::Flake(
                request
                    .out
                    .canonicalize()
                    .unwrap_or_else(|_| request.out.clone()),
            )),
            Operation::Evaluate { .. }
            | Operation::PreviewApply { .. }
            | Operation::BuildSearchIndex { .. } => None,
            _ => {
                let profile = self.profile()?;
                let resolved =
                    Profile::open(profile).map_or_else(|_| profile.to_owned(), |p| p.path);
                Some(Lane::Profile(resolved))
            }
        }
    }

    /// Where Nix runs: a flake operation in its folder.
    pub fn working_dir(&self) -> Option<&Path> {
        match self {
            Operation::FlakeLock { dir } | Operation::FlakeUpdate { dir } => Some(dir),
            _ => None,
        }
    }

    /// What is going on, for a progress line: "Removing hello".
    pub fn title(&self) -> String {
        match self {
            Operation::Install { refs, .. } => gettext_f(
                "Installing {packages}",
                &[("packages", &list(refs.iter().map(|r| ref_label(r))))],
            ),
            Operation::Remove { names, .. } => gettext_f(
                "Removing {packages}",
                &[("packages", &list(names.iter().cloned()))],
            ),
            Operation::Upgrade { names, .. } => gettext_f(
                "Updating {packages}",
                &[("packages", &list(names.iter().cloned()))],
            ),
            Operation::UpgradeAll { .. } => gettext("Updating all packages"),
            Operation::Rollback { to: Some(n), .. } => {
                gettext_f("Rolling back to generation {n}", &[("n", &n.to_string())])
            }
            Operation::Rollback { to: None, .. } => {
                gettext("Rolling back to the previous generation")
            }
            Operation::FlakeLock { dir } => {
                gettext_f("Locking {dir}", &[("dir", &dir.display().to_string())])
            }
            Operation::FlakeUpdate { dir } | Operation::UpdateFolder { dir } => gettext_f(
                "Updating the inputs of {dir}",
                &[("dir", &dir.display().to_string())],
            ),
            Operation::LockFolder { dir } => {
                gettext_f("Locking {dir}", &[("dir", &dir.display().to_string())])
            }
            Operation::RestoreLock { saved } => gettext_f(
                "Putting back the lock of {dir}",
                &[("dir", &saved.dir.display().to_string())],
            ),
            Operation::Evaluate { installable, .. } => {
                gettext_f("Reading {what}", &[("what", installable)])
            }
            Operation::Freeze { request, .. } => gettext_f(
                "Freezing the profile into {dir}",
                &[("dir", &request.out.display().to_string())],
            ),
            Operation::Apply {
                source,
                replace: false,
                ..
            } => gettext_f(
                "Installing the packages of {dir}",
                &[("dir", &source.to_string())],
            ),
            Operation::Apply {
                source,
                replace: true,
                ..
            } => gettext_f(
                "Replacing the packages with those of {dir}",
                &[("dir", &source.to_string())],
            ),
            Operation::PreviewApply { source, .. } => gettext_f(
                "Reading the packages of {source}",
                &[("source", &source.to_string())],
            ),
            Operation::Adopt { source, .. } => gettext_f(
                "Handing the profile to {dir}",
                &[("dir", &source.to_string())],
            ),
            Operation::StopManaging { .. } => {
                gettext("Returning the packages to their own sources")
            }
            Operation::UpgradeManaged { dir, .. } => gettext_f(
                "Installing the new versions from {dir}",
                &[("dir", &dir.display().to_string())],
            ),
            Operation::AddToManaged { reference, .. } => gettext_f(
                "Installing {packages}",
                &[("packages", &ref_label(reference))],
            ),
            Operation::RemoveFromManaged { names, .. } => gettext_f(
                "Removing {packages}",
                &[("packages", &list(names.iter().cloned()))],
            ),
            Operation::AddToFlake { name, .. } => {
                gettext_f("Adding {name} to the flake", &[("name", name)])
            }
            Operation::RevertManaged { undo, .. } => gettext_f(
                "Undoing the change to {packages}",
                &[("packages", &list(undo.names.iter().cloned()))],
            ),
            Operation::BuildSearchIndex { source } => {
                gettext_f("Reading the packages of {source}", &[("source", source)])
            }
        }
    }

    /// What was done, for a toast or the CLI's last line: "Removed hello".
    pub fn done_message(&self) -> String {
        match self {
            Operation::Install { refs, .. } => gettext_f(
                "Installed {packages}",
                &[("packages", &list(refs.iter().map(|r| ref_label(r))))],
            ),
            Operation::Remove { names, .. } => gettext_f(
                "Removed {packages}",
                &[("packages", &list(names.iter().cloned()))],
            ),
            Operation::Upgrade { names, .. } => gettext_f(
                "Updated {packages}",
                &[("packages", &list(names.iter().cloned()))],
            ),
            Operation::UpgradeAll { .. } => gettext("Updated all packages"),
            Operation::Rollback { to: Some(n), .. } => {
                gettext_f("Rolled back to generation {n}", &[("n", &n.to_string())])
            }
            Operation::Rollback { to: None, .. } => {
                gettext("Rolled back to the previous generation")
            }
            Operation::FlakeLock { dir } => {
                gettext_f("Locked {dir}", &[("dir", &dir.display().to_string())])
            }
            Operation::FlakeUpdate { dir } | Operation::UpdateFolder { dir } => gettext_f(
                "Updated the inputs of {dir}",
                &[("dir", &dir.display().to_string())],
            ),
            Operation::LockFolder { dir } => {
                gettext_f("Locked {dir}", &[("dir", &dir.display().to_string())])
            }
            Operation::RestoreLock { saved } => gettext_f(
                "Put back the lock of {dir}",
                &[("dir", &saved.dir.display().to_string())],
            ),
            Operation::Evaluate { installable, .. } => {
                gettext_f("Read {what}", &[("what", installable)])
            }
            Operation::Freeze { request, .. } => gettext_f(
                "Froze the profile into {dir}",
                &[("dir", &request.out.display().to_string())],
            ),
            Operation::Apply {
                source,
                replace: false,
                ..
            } => gettext_f(
                "Installed the packages of {dir}",
                &[("dir", &source.to_string())],
            ),
            Operation::Apply {
                source,
                replace: true,
                ..
            } => gettext_f(
                "Replaced the packages with those of {dir}",
                &[("dir", &source.to_string())],
            ),
            Operation::PreviewApply { source, .. } => gettext_f(
                "Read the packages of {source}",
                &[("source", &source.to_string())],
            ),
            Operation::Adopt { source, .. } => gettext_f(
                "The profile is now managed by {dir}",
                &[("dir", &source.to_string())],
            ),
            Operation::StopManaging { .. } => {
                gettext("The profile is no longer managed by a flake folder")
            }
            Operation::UpgradeManaged { dir, .. } => gettext_f(
                "Installed the new versions from {dir}",
                &[("dir", &dir.display().to_string())],
            ),
            Operation::AddToManaged { reference, .. } => gettext_f(
                "Installed {packages}",
                &[("packages", &ref_label(reference))],
            ),
            Operation::RemoveFromManaged { names, .. } => gettext_f(
                "Removed {packages}",
                &[("packages", &list(names.iter().cloned()))],
            ),
            Operation::AddToFlake { name, .. } => {
                gettext_f("Added {name} to the flake", &[("name", name)])
            }
            Operation::RevertManaged { undo, .. } => gettext_f(
                "Undid the change to {packages}",
                &[("packages", &list(undo.names.iter().cloned()))],
            ),
            Operation::BuildSearchIndex { source } => {
                gettext_f("Read the packages of {source}", &[("source", source)])
            }
        }
    }
}

/// What a person calls the package a ref installs: the attribute's last
/// part (`path:/x#legacyPackages.x86_64-linux.hello^out` → `hello`), the
/// store path's name, or the flake's short name.
pub fn ref_label(r: &str) -> String {
    if let Some((_, fragment)) = r.split_once('#') {
        let attr = fragment.split('^').next().unwrap_or(fragment);
        let last = attr.rsplit('.').next().unwrap_or(attr).trim_matches('"');
        if !last.is_empty() {
            return last.to_owned();
        }
    }
    if let Some(name) = crate::names::store_path_name(r) {
        return crate::names::split_drv_name(name).0;
    }
    FlakeRef::parse(r).map_or_else(|_| r.to_owned(), |f| f.short_name())
}

fn list(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
#[path = "operation_tests.rs"]
mod tests;
