//! Installing a frozen flake's packages into a profile, as one new
//! generation: what [`Operation::Apply`](crate::ops::Operation::Apply) runs
//! (`frost apply`). Nix is asked first what the flake holds (`plan`).
//! Adding is then one `nix profile add` (atomic; Nix's own lock guards
//! concurrent use) of the packages whose store paths the profile does not
//! hold yet, so applying twice changes nothing the second time. Replacing
//! builds the new generation in a temporary profile first and then points
//! the profile at it in one step (`nix build --profile`), so a failure or a
//! cancel changes nothing and `nix profile rollback` works as usual.

use std::collections::HashSet;
use std::path::Path;

use super::plan::{AttrBase, Package};
use super::readme::installable;
use super::restore_preview::{check_names, current_elements};
use super::source::{read_flake, ApplySource};
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
}

/// What an apply installs: the frozen flake's packages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ApplyPlan {
    /// The packages, by the names the flake gives them.
    pub packages: Vec<String>,
    /// For each package, what `nix profile add` is given:
    /// `path:DIR#name^out,man`.
    pub installables: Vec<String>,
    /// For each package, the store path of its main output, when known.
    pub store_paths: Vec<Option<String>>,
    /// For each package, its own name (`pname`).
    pub pnames: Vec<String>,
}

impl ApplyPlan {
    /// The plan without the packages whose very store path the profile
    /// holds already: adding them again would only give them a second name.
    fn without(self, installed: &HashSet<String>) -> ApplyPlan {
        let mut plan = ApplyPlan::default();
        let all = self
            .packages
            .into_iter()
            .zip(self.installables)
            .zip(self.store_paths)
            .zip(self.pnames);
        for (((name, installable), path), pname) in all {
            if path.as_ref().is_some_and(|p| installed.contains(p)) {
                continue;
            }
            plan.packages.push(name);
            plan.installables.push(installable);
            plan.store_paths.push(path);
            plan.pnames.push(pname);
        }
        plan
    }

    /// The priority that lets these packages take the place of other
    /// versions of them the profile holds (an element of the same name or
    /// package name): one better than the best of `elements`, so that their
    /// files win and the add makes one generation instead of a conflict.
    /// `None` when none of them is another version of an element.
    fn newer_wins(&self, elements: &[Element]) -> Option<i64> {
        let replaces = self.packages.iter().zip(&self.pnames).any(|(name, pname)| {
            elements
                .iter()
                .any(|e| &e.name == name || &e.pname == pname)
        });
        let best = elements.iter().map(|e| e.priority).min()?;
        replaces.then_some(best - 1)
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
    let mut plan = ApplyPlan {
        packages: Vec::with_capacity(contents.packages.len()),
        installables: Vec::with_capacity(contents.packages.len()),
        store_paths: Vec::with_capacity(contents.packages.len()),
        pnames: Vec::with_capacity(contents.packages.len()),
    };
    for p in contents.packages {
        if !only.is_empty() && !only.contains(&p.name) {
            continue;
        }
        let package = Package {
            name: p.name.clone(),
            input: String::new(),
            base: AttrBase::Fixed,
            attr: Vec::new(),
            outputs: p.outputs,
            priority: 0,
            pname: p.pname.clone(),
            version: p.version,
            guessed: false,
            store_paths: Vec::new(),
            source: String::new(),
        };
        let Some(i) = installable(&url, &package) else {
            return Err(Error::FreezeUnwritable { detail: p.name });
        };
        plan.installables.push(i);
        plan.packages.push(p.name);
        plan.store_paths.push(p.out_path);
        plan.pnames.push(p.pname);
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
        let elements = current_elements(profile)?;
        let installed: HashSet<String> = elements
            .iter()
            .flat_map(|e| e.store_paths.iter().cloned())
            .collect();
        let plan = plan.without(&installed);
        if !plan.installables.is_empty() {
            let priority = plan.newer_wins(&elements);
            let install = install_command(setup, version, profile, &plan.installables, priority);
            nix.run(install).await.map_err(conflict_or)?;
        }
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

    #[test]
    fn packages_the_profile_holds_are_not_added_again() {
        let plan = ApplyPlan {
            packages: vec!["a".into(), "b".into(), "c".into()],
            installables: vec!["f#a".into(), "f#b".into(), "f#c".into()],
            store_paths: vec![
                Some("/nix/store/a".into()),
                Some("/nix/store/b".into()),
                None,
            ],
            pnames: vec!["a".into(), "bee".into(), "c".into()],
        };
        let installed = HashSet::from(["/nix/store/a".to_owned()]);
        let left = plan.without(&installed);
        assert_eq!(left.packages, ["b", "c"]);
        assert_eq!(left.installables, ["f#b", "f#c"]);
        assert_eq!(left.pnames, ["bee", "c"]);
    }

    fn element(name: &str, pname: &str, priority: i64) -> Element {
        Element {
            name: name.into(),
            origin: crate::element::Origin::Flake,
            attr_path: None,
            original_ref: None,
            locked_ref: None,
            outputs: crate::Outputs::Default,
            priority,
            active: true,
            store_paths: vec![format!("/nix/store/x-{name}")],
            pname: pname.into(),
            version: None,
        }
    }

    #[test]
    fn another_version_of_an_element_gets_a_priority_that_wins() {
        let plan = ApplyPlan {
            packages: vec!["new".into(), "hello".into()],
            installables: vec!["f#new".into(), "f#hello".into()],
            store_paths: vec![None, None],
            pnames: vec!["new".into(), "hello".into()],
        };
        let others = [element("7zip", "7zip", 5), element("h", "hi", 3)];
        assert_eq!(plan.newer_wins(&others), None);
        let by_name = [element("hello", "x", 5), element("h", "hi", 3)];
        assert_eq!(plan.newer_wins(&by_name), Some(2));
        let by_pname = [element("greeting", "hello", 5)];
        assert_eq!(plan.newer_wins(&by_pname), Some(4));
        assert_eq!(plan.newer_wins(&[]), None);
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
