//! Everything the steps choose, and the operation it makes. Every choice
//! starts at its default (all packages, exact versions, the default
//! folder, Git when installed, a check afterwards), so Export works from
//! any step: the one-click path is simply Export on the first page.

use std::collections::BTreeSet;
use std::path::PathBuf;

use frost_core::freeze::engine::{FreezeRequest, KnownInputs};
use frost_core::freeze::plan::{plan, Follow, FreezeOptions, PlanContext};
use frost_core::freeze::render::{render_flake, Origin};
use frost_core::freeze::summary::summarize;
use frost_core::ops::Operation;
use frost_core::Element;

#[derive(Debug, Default)]
pub struct Choices {
    /// The profile read, and its generation when the wizard opened.
    pub source: Option<(PathBuf, Option<u64>)>,
    pub elements: Vec<Element>,
    /// How many packages can be frozen, and the names ticked.
    pub freezable: usize,
    pub chosen: BTreeSet<String>,
    /// Where nixpkgs moves to, and the branch or reference as chosen;
    /// `None` keeps exactly these versions.
    pub follow: Option<(Follow, String)>,
    pub out: PathBuf,
    /// The user agreed to replace the frozen files in a folder that is
    /// not empty.
    pub force: bool,
    pub git: bool,
    /// What Nix said about the profile's inputs while the first page
    /// showed: the export does not ask again.
    pub known: KnownInputs,
}

impl Choices {
    fn options(&self) -> FreezeOptions {
        // All of them is what `frost freeze` does without `--only`.
        let only = if self.chosen.len() == self.freezable {
            Vec::new()
        } else {
            self.chosen.iter().cloned().collect()
        };
        FreezeOptions {
            only,
            follow: self.follow.iter().map(|(f, _)| f.clone()).collect(),
            ..FreezeOptions::default()
        }
    }

    /// The export these choices make, as `frost freeze --verify` with the
    /// same options would run it.
    pub fn operation(&self) -> Option<Operation> {
        let (profile, generation) = self.source.clone()?;
        let request = FreezeRequest {
            options: self.options(),
            out: self.out.clone(),
            force: self.force,
            profile: None,
            generation: None,
            git: self.git,
        };
        Some(Operation::Freeze {
            source: profile,
            generation,
            request: Box::new(request),
            verify: true,
            known: Box::new(self.known.clone()),
        })
    }

    /// The same freeze into the scratch folder `out`, without Git or a
    /// check: what the preview of a move runs to learn each package's new
    /// version before anything is written where the user chose.
    pub fn preview_operation(&self, out: PathBuf) -> Option<Operation> {
        let mut op = self.operation()?;
        if let Operation::Freeze {
            request, verify, ..
        } = &mut op
        {
            request.out = out;
            request.force = false;
            request.git = false;
            *verify = false;
        }
        Some(op)
    }

    /// The names of the profile's packages a freeze with these choices
    /// leaves out (not ticked, or not freezable), which applying its
    /// folder in place of the profile would remove.
    pub fn left_out<'a>(&'a self, frozen: &[String]) -> Vec<&'a str> {
        self.elements
            .iter()
            .map(|e| e.name.as_str())
            .filter(|name| !frozen.iter().any(|f| f == name))
            .collect()
    }

    /// The preview: a summary in words, and flake.nix as it will be
    /// written (moved inputs are locked only by the export itself), or why
    /// it cannot be written.
    pub fn preview(&self) -> (String, Result<String, String>) {
        let planned = plan(&self.elements, &self.options(), &PlanContext::default());
        let planned = match planned {
            Ok(p) => p,
            Err(e) => return (String::new(), Err(e.to_string())),
        };
        let summary = summarize(&planned);
        let mut text = super::done::sentence(summary.text);
        if let Some(mixed) = summary.mixed {
            text.push(' ');
            text.push_str(&mixed);
        }
        let origin = Origin {
            profile: self.source.as_ref().map(|(p, _)| p.as_path()),
            generation: self.source.as_ref().and_then(|(_, g)| *g),
        };
        let flake = render_flake(&planned, origin).map_err(|e| e.to_string());
        (text, flake)
    }

    /// The sentence on several nixpkgs snapshots, when the profile has them.
    pub fn mixed(&self) -> Option<String> {
        let planned = plan(
            &self.elements,
            &FreezeOptions::default(),
            &PlanContext::default(),
        )
        .ok()?;
        summarize(&planned).mixed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(choices: &Choices) -> FreezeRequest {
        match choices.operation() {
            Some(Operation::Freeze { request, .. }) => *request,
            other => panic!("not a freeze: {other:?}"),
        }
    }

    #[test]
    fn every_package_ticked_is_frost_freeze_without_only() {
        let mut choices = Choices {
            source: Some((PathBuf::from("/p/profile"), Some(6))),
            freezable: 2,
            chosen: ["a".to_owned(), "b".to_owned()].into(),
            out: PathBuf::from("/home/ann/nix-profile-flake"),
            git: true,
            ..Choices::default()
        };
        let all = request(&choices);
        assert!(all.options.only.is_empty());
        assert!(all.options.follow.is_empty());
        assert!(all.git && !all.force);
        assert_eq!(all.out, PathBuf::from("/home/ann/nix-profile-flake"));

        choices.chosen.remove("b");
        assert_eq!(request(&choices).options.only, ["a"]);
    }

    #[test]
    fn moving_follows_the_branch_chosen() {
        let follow = Follow::nixpkgs("nixos-unstable").unwrap_or_else(|e| panic!("{e}"));
        let choices = Choices {
            source: Some((PathBuf::from("/p/profile"), None)),
            follow: Some((follow.clone(), "nixos-unstable".into())),
            ..Choices::default()
        };
        assert_eq!(request(&choices).options.follow, [follow]);
        assert!(Choices::default().operation().is_none());
    }

    #[test]
    fn the_preview_freezes_the_same_choices_into_scratch_without_git_or_check() {
        let choices = Choices {
            source: Some((PathBuf::from("/p/profile"), Some(3))),
            freezable: 1,
            chosen: ["a".to_owned()].into(),
            out: PathBuf::from("/home/ann/nix-profile-flake"),
            force: true,
            git: true,
            ..Choices::default()
        };
        let Some(Operation::Freeze {
            source,
            generation,
            request,
            verify,
            ..
        }) = choices.preview_operation(PathBuf::from("/tmp/scratch"))
        else {
            panic!("not a freeze");
        };
        assert_eq!(
            (source, generation, verify),
            (PathBuf::from("/p/profile"), Some(3), false)
        );
        assert_eq!(request.out, PathBuf::from("/tmp/scratch"));
        assert!(!request.git && !request.force);
        assert_eq!(request.options, self::request(&choices).options);
    }
}
