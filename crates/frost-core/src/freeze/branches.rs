//! The nixpkgs branches a freeze can move packages to: the two rolling
//! ones and the two newest stable releases as of a given day, plus checking
//! a branch or flake reference a person typed.
//!
//! NixOS releases come out in May (`YY.05`) and November (`YY.11`). A
//! release is offered from the first day of its month on: the branch exists
//! some weeks before, but people look for it once the release is out, and
//! offering it early would send them to a beta.

use serde::Serialize;

use super::plan::Follow;
use crate::error::{Error, Result};
use crate::i18n::gettext_f;
use crate::time::Date;

/// One branch of NixOS/nixpkgs to offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Branch {
    /// `nixos-unstable`, `nixos-25.11`, …
    pub name: String,
    /// A release branch (changes only by fixes), not a rolling one.
    pub stable: bool,
}

impl Branch {
    fn rolling(name: &str) -> Branch {
        Branch {
            name: name.to_owned(),
            stable: false,
        }
    }

    /// What moving every nixpkgs package to this branch means for a freeze.
    pub fn follow(&self) -> Result<Follow> {
        Follow::nixpkgs(&self.name)
    }

    /// The branch in words, for a choice in a list.
    pub fn describe(&self) -> String {
        match self.name.as_str() {
            "nixos-unstable" => gettext_f("the newest packages, tested together with NixOS", &[]),
            "nixpkgs-unstable" => gettext_f("the newest packages, tested on Linux and macOS", &[]),
            _ => gettext_f(
                "the stable release {version}: only fixes, no new versions",
                &[("version", self.name.trim_start_matches("nixos-"))],
            ),
        }
    }
}

/// The newest stable release out on `day`, as (year, month).
fn newest_release(day: Date) -> (i64, u32) {
    match day.month {
        11.. => (day.year, 11),
        5.. => (day.year, 5),
        _ => (day.year - 1, 11),
    }
}

/// The release before `(year, month)`.
fn previous_release((year, month): (i64, u32)) -> (i64, u32) {
    if month == 11 {
        (year, 5)
    } else {
        (year - 1, 11)
    }
}

fn release_branch((year, month): (i64, u32)) -> Branch {
    Branch {
        name: format!("nixos-{:02}.{month:02}", year.rem_euclid(100)),
        stable: true,
    }
}

/// The branches to offer on `day`: `nixos-unstable`, `nixpkgs-unstable`,
/// then the newest stable release and the one before it.
pub fn branch_choices(day: Date) -> Vec<Branch> {
    let newest = newest_release(day);
    vec![
        Branch::rolling("nixos-unstable"),
        Branch::rolling("nixpkgs-unstable"),
        release_branch(newest),
        release_branch(previous_release(newest)),
    ]
}

/// A branch name as git allows it for a ref (`git check-ref-format`), kept
/// to what nixpkgs branches use so a typo is caught before Nix runs.
fn is_branch_name(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with(['.', '-', '/'])
        && !s.ends_with(['.', '/'])
        && !s.ends_with(".lock")
        && !s.contains("..")
        && !s.contains("//")
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '/'))
}

/// What a person typed as the place to move nixpkgs to: a branch of
/// NixOS/nixpkgs (`nixos-24.11`) or a whole flake reference
/// (`github:me/nixpkgs/my-branch`), checked as typed (surrounding blanks
/// aside) without asking Nix whether it exists.
pub fn parse_nixpkgs_target(text: &str) -> Result<Follow> {
    let text = text.trim();
    if !text.contains(':') && !is_branch_name(text) {
        return Err(Error::FlakeRef {
            input: text.to_owned(),
            detail: gettext_f(
                "a branch name has only letters, digits, “.”, “-”, “_” and “/”, such as nixos-unstable",
                &[],
            ),
        });
    }
    Follow::nixpkgs(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(year: i64, month: u32, day: u32) -> Vec<String> {
        branch_choices(Date { year, month, day })
            .into_iter()
            .map(|b| b.name)
            .collect()
    }

    #[test]
    fn the_two_newest_releases_follow_the_calendar() {
        let rolling = ["nixos-unstable", "nixpkgs-unstable"];
        let with = |a: &str, b: &str| {
            let mut v: Vec<String> = rolling.iter().map(|s| s.to_string()).collect();
            v.extend([a.to_owned(), b.to_owned()]);
            v
        };
        assert_eq!(names(2026, 12, 7), with("nixos-26.11", "nixos-26.05"));
        assert_eq!(names(2026, 4, 30), with("nixos-25.11", "nixos-25.05"));
        assert_eq!(names(2026, 5, 1), with("nixos-26.05", "nixos-25.11"));
        assert_eq!(names(2026, 10, 31), with("nixos-26.05", "nixos-25.11"));
        assert_eq!(names(2026, 11, 1), with("nixos-26.11", "nixos-26.05"));
        // Across the year boundary, and across a century.
        assert_eq!(names(2027, 1, 1), with("nixos-26.11", "nixos-26.05"));
        assert_eq!(names(2100, 2, 1), with("nixos-99.11", "nixos-99.05"));
        assert_eq!(names(2100, 6, 1), with("nixos-00.05", "nixos-99.11"));
    }

    #[test]
    fn releases_are_stable_and_follow_nixpkgs() {
        let b = branch_choices(Date {
            year: 2026,
            month: 12,
            day: 7,
        });
        assert_eq!(
            b.iter().map(|b| b.stable).collect::<Vec<_>>(),
            [false, false, true, true]
        );
        let f = b[2].follow().unwrap();
        assert_eq!(f.source, "nixpkgs");
        assert_eq!(f.target.to_url(), "github:NixOS/nixpkgs/nixos-26.11");
        assert!(b[2].describe().contains("26.11"));
    }

    #[test]
    fn typed_targets_are_checked_as_typed() {
        assert_eq!(
            parse_nixpkgs_target(" nixos-24.11 ")
                .unwrap()
                .target
                .to_url(),
            "github:NixOS/nixpkgs/nixos-24.11"
        );
        assert_eq!(
            parse_nixpkgs_target("github:me/nixpkgs/mine")
                .unwrap()
                .target
                .to_url(),
            "github:me/nixpkgs/mine"
        );
        for bad in ["", "nixos 24.11", "../x", "a..b", "x.lock", "é"] {
            assert!(parse_nixpkgs_target(bad).is_err(), "{bad:?}");
        }
    }
}
