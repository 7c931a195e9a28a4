//! Installing a frozen flake's packages into a profile, as one new
//! generation: what [`Operation::Apply`](crate::ops::Operation::Apply) runs
//! (`frost apply`). Nix is asked first what the flake holds (`plan`).
//! Adding installs the packages whose store paths the profile does not
//! hold yet, so applying twice changes nothing the second time; a package
//! that is another version of an element (*different version here* in the
//! preview) replaces that element. Without such a package it is one `nix
//! profile add` (atomic; Nix's own lock guards concurrent use). With one,
//! and for Make My Profile Exactly This, the new generation is built in a
//! temporary profile first (the old versions removed, the new ones added)
//! and the profile then points at it in one step (`nix build --profile`,
//! see staged.rs), so a failure or a cancel changes nothing and `nix
//! profile rollback` works as usual.

use std::path::Path;

use super::plan::{AttrBase, Package};
use super::readme::installable;
use super::restore_preview::{check_names, compare, current_elements};
use super::source::{read_flake, ApplySource, FlakePackage};
use super::staged::StagedProfile;
use crate::element::Element;
use crate::error::{Error, Result};
use crate::nix::{NixCommand, NixOutput, NixSetup, NixVersion};

/// Whether `dir` holds a flake (a flake.nix), as an apply needs. Reads the
/// disk.
pub fn holds_flake(dir: &Path) -> bool {
    dir.join("flake.nix").is_file()
}

/// Runs an apply's commands, one at a time, each to its end. The queue's
/// runner shows their progress and log, and stops them on cancel.
pub(crate) trait RunNix {
    async fn run(&mut self, cmd: NixCommand) -> Result<NixOutput>;

    /// Whether the user asked to stop: steps that turn a failed run into a
    /// note (a freeze, a check) look here before going on.
    fn cancelled(&self) -> bool {
        false
    }

    /// Ends when the user asks to stop, for work that is not Nix's (a Git
    /// clone) to be dropped then; never, where nobody can ask.
    async fn until_cancelled(&mut self) {
        std::future::pending::<()>().await;
    }
}

/// What an apply installs: the frozen flake's packages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ApplyPlan {
    /// The packages, by the names the flake gives them.
    pub packages: Vec<String>,
    /// For each package, what `nix profile add` is given:
    /// `path:DIR#name^out,man`.
    pub installables: Vec<String>,
    /// For each package, what the flake says of it.
    pub read: Vec<FlakePackage>,
    /// The profile's elements an add takes out, since the package that
    /// comes in is another version of them.
    pub replaced: Vec<String>,
}

impl ApplyPlan {
    /// What adding these packages to a profile holding `elements` does,
    /// as the preview decides it ([`compare`]): a package whose very store
    /// path the profile holds is left out (adding it again would only
    /// give it a second name); one that is another version of an element
    /// (*different version here*) takes that element's place.
    fn adding_to(self, elements: &[Element]) -> ApplyPlan {
        let preview = compare("", "", &self.read, elements);
        let mut plan = ApplyPlan {
            replaced: preview
                .different_version
                .iter()
                .filter_map(|p| p.element.clone())
                .collect(),
            ..ApplyPlan::default()
        };
        let comes_in = |name: &String| {
            preview
                .will_be_added
                .iter()
                .chain(&preview.different_version)
                .any(|p| &p.name == name)
        };
        let all = self
            .packages
            .into_iter()
            .zip(self.installables)
            .zip(self.read);
        for ((name, installable), read) in all {
            if comes_in(&name) {
                plan.packages.push(name);
                plan.installables.push(installable);
                plan.read.push(read);
            }
        }
        plan
    }
}

/// Files that two packages both provide, from Nix's conflict message.
fn conflicting_files(message: &str) -> Vec<String> {
    if !message.contains("already provides the following file") {
        return Vec::new();
    }
    message
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("/nix/store/"))
        .map(str::to_owned)
        .collect()
}

fn conflict_or(e: Error) -> Error {
    if let Error::NixFailed { message, .. } = &e {
        let files = conflicting_files(message);
        if !files.is_empty() {
            return Error::ApplyConflict {
                files,
                message: message.clone(),
            };
        }
    }
    e
}

/// Asks Nix which packages the flake of `source` (a folder made absolute)
/// offers this machine, and the outputs of each; with `only`, just those
/// (a name it lacks is an error that lists what it has).
pub(crate) async fn plan(
    nix: &mut impl RunNix,
    setup: &NixSetup,
    source: &ApplySource,
    only: &[String],
) -> Result<ApplyPlan> {
    let contents = read_flake(nix, setup, source).await?;
    let available: Vec<String> = contents.packages.iter().map(|p| p.name.clone()).collect();
    check_names(&source.to_string(), only, &available)?;
    let url = source.url();
    let mut plan = ApplyPlan::default();
    for p in contents.packages {
        if !only.is_empty() && !only.contains(&p.name) {
            continue;
        }
        let package = Package {
            name: p.name.clone(),
            input: String::new(),
            base: AttrBase::Fixed,
            attr: Vec::new(),
            outputs: p.outputs.clone(),
            priority: 0,
            pname: p.pname.clone(),
            version: p.version.clone(),
            guessed: false,
            store_paths: Vec::new(),
            source: String::new(),
        };
        let Some(i) = installable(&url, &package) else {
            return Err(Error::FreezeUnwritable { detail: p.name });
        };
        plan.installables.push(i);
        plan.packages.push(p.name.clone());
        plan.read.push(p);
    }
    Ok(plan)
}

fn install_command(
    setup: &NixSetup,
    version: &NixVersion,
    profile: &Path,
    installables: &[String],
    priority: Option<i64>,
) -> NixCommand {
    install_command_with(setup, version, profile, installables, priority, &[])
}

/// `nix profile add` of `installables` into `profile`, with `options`
/// before them.
pub(crate) fn install_command_with(
    setup: &NixSetup,
    version: &NixVersion,
    profile: &Path,
    installables: &[String],
    priority: Option<i64>,
    options: &[String],
) -> NixCommand {
    let mut args: Vec<String> = vec![
        "profile".into(),
        version.profile_add_verb().into(),
        "--no-update-lock-file".into(),
        "--profile".into(),
        profile.display().to_string(),
    ];
    args.extend(options.iter().cloned());
    if let Some(p) = priority {
        args.extend(["--priority".into(), p.to_string()]);
    }
    args.extend(installables.iter().cloned());
    setup.command(args)
}

/// What an apply installs, and where.
pub(crate) struct ApplyRequest<'a> {
    /// A folder made absolute, or a flake reference.
    pub source: &'a ApplySource,
    /// The profile link itself.
    pub profile: &'a Path,
    /// Make the profile hold exactly the packages.
    pub replace: bool,
    /// Only these packages (all when empty).
    pub only: &'a [String],
}

/// Installs the packages of the flake of `req.source` into its profile,
/// making it hold exactly them when `replace`. Returns what was installed.
pub(crate) async fn apply(
    nix: &mut impl RunNix,
    setup: &NixSetup,
    version: &NixVersion,
    req: &ApplyRequest<'_>,
) -> Result<ApplyPlan> {
    let (profile, replace) = (req.profile, req.replace);
    let plan = plan(nix, setup, req.source, req.only).await?;
    if !replace {
        let plan = plan.adding_to(&current_elements(profile)?);
        if plan.installables.is_empty() {
            return Ok(plan);
        }
        if plan.replaced.is_empty() {
            // One `nix profile add` is one generation already.
            let install = install_command(setup, version, profile, &plan.installables, None);
            nix.run(install).await.map_err(conflict_or)?;
            return Ok(plan);
        }
        // The other versions go and the new ones come in one generation.
        let staged = StagedProfile::copy_of(profile)?;
        nix.run(staged.remove_command(setup, &plan.replaced))
            .await?;
        let install = install_command(setup, version, staged.link(), &plan.installables, None);
        nix.run(install).await.map_err(conflict_or)?;
        staged.switch(nix, setup, profile).await?;
        return Ok(plan);
    }
    if plan.installables.is_empty() {
        return Err(Error::FreezeUnwritable {
            detail: crate::i18n::gettext("the flake has no packages"),
        });
    }
    let staged = StagedProfile::empty()?;
    let install = install_command(setup, version, staged.link(), &plan.installables, None);
    nix.run(install).await.map_err(conflict_or)?;
    staged.switch(nix, setup, profile).await?;
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn element(name: &str, pname: &str, path: &str) -> Element {
        Element {
            name: name.into(),
            origin: crate::element::Origin::Flake,
            attr_path: None,
            original_ref: None,
            locked_ref: None,
            outputs: crate::Outputs::Default,
            priority: 5,
            active: true,
            store_paths: vec![path.into()],
            pname: pname.into(),
            version: None,
        }
    }

    fn plan(packages: &[(&str, &str, &str)]) -> ApplyPlan {
        let mut plan = ApplyPlan::default();
        for (name, pname, path) in packages {
            plan.packages.push((*name).into());
            plan.installables.push(format!("f#{name}"));
            plan.read.push(FlakePackage {
                name: (*name).into(),
                pname: (*pname).into(),
                version: None,
                out_path: Some((*path).into()),
                outputs: crate::Outputs::Default,
            });
        }
        plan
    }

    #[test]
    fn an_add_skips_what_is_installed_and_replaces_other_versions() {
        let plan = plan(&[
            ("same", "same", "/nix/store/s"),
            ("hello", "hello", "/nix/store/hello-2"),
            ("rg", "ripgrep", "/nix/store/ripgrep-14"),
            ("new", "new", "/nix/store/new"),
        ]);
        let elements = [
            element("same", "same", "/nix/store/s"),
            element("hello", "hello", "/nix/store/hello-1"),
            element("ripgrep", "ripgrep", "/nix/store/ripgrep-13"),
            element("other", "other", "/nix/store/other"),
        ];
        let add = plan.clone().adding_to(&elements);
        assert_eq!(add.packages, ["hello", "rg", "new"]);
        assert_eq!(add.installables, ["f#hello", "f#rg", "f#new"]);
        assert_eq!(add.read.len(), 3);
        assert_eq!(add.replaced, ["hello", "ripgrep"]);
        // The same decision as the preview's groups.
        let preview = compare("", "", &plan.read, &elements);
        let names = |l: &[super::super::restore_preview::PreviewPackage]| {
            l.iter().map(|p| p.name.clone()).collect::<Vec<_>>()
        };
        assert_eq!(names(&preview.different_version), ["hello", "rg"]);
        assert_eq!(names(&preview.already_installed), ["same"]);

        let into_empty = plan.adding_to(&[]);
        assert_eq!(into_empty.packages.len(), 4);
        assert!(into_empty.replaced.is_empty());
    }

    #[test]
    fn conflicts_are_read_from_nixs_message() {
        let message = "An existing package already provides the following file:\n\n         /nix/store/pqw8-hello-2.12.1/bin/hello\n\n       This is the conflicting file from the new package:\n\n         /nix/store/27rd-hello-2.13/bin/hello\n\n       To remove the existing package:";
        assert_eq!(
            conflicting_files(message),
            [
                "/nix/store/pqw8-hello-2.12.1/bin/hello",
                "/nix/store/27rd-hello-2.13/bin/hello"
            ]
        );
        assert!(conflicting_files("error: attribute 'x' missing\n/nix/store/a").is_empty());
    }
}
