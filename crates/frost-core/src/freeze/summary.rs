//! A plan's sources in words, for the wizard's choices and preview and for
//! `frost freeze`'s report: how many packages come from each input, how old
//! each nixpkgs snapshot is, and whether the profile mixes several.

use serde::Serialize;

use super::plan::{Input, Pin, Plan};
use crate::flakeref::FlakeRef;
use crate::i18n::{gettext_f, ngettext_f};
use crate::time::{utc_date, Date};

/// One input of the plan, described.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceSummary {
    pub input: String,
    pub packages: usize,
    /// A revision of NixOS/nixpkgs kept exactly as the profile had it.
    pub nixpkgs_snapshot: bool,
    /// The day the revision was made (its `lastModified`), when recorded.
    pub date: Option<String>,
    /// Where the packages come from, in words (`nixpkgs of 2024-05-12`).
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanSummary {
    /// The inputs with packages, most packages first.
    pub sources: Vec<SourceSummary>,
    /// `12 packages from nixpkgs of 2024-05-12, 1 from my-tool`.
    pub text: String,
    /// Set when the packages come from more than one nixpkgs snapshot.
    pub mixed: Option<String>,
}

/// The nixpkgs a kept input is a snapshot of: its locked revision, when
/// that is NixOS/nixpkgs.
fn snapshot(input: &Input) -> Option<&FlakeRef> {
    match &input.pin {
        Pin::Exact { locked } if locked.is_nixpkgs() || input.url.is_nixpkgs() => Some(locked),
        _ => None,
    }
}

fn label(input: &Input, date: Option<&str>) -> String {
    let name = &input.name;
    match (&input.pin, snapshot(input), date) {
        (_, Some(_), Some(date)) => gettext_f("nixpkgs of {date}", &[("date", date)]),
        (_, Some(locked), None) => gettext_f(
            "nixpkgs revision {rev}",
            &[("rev", locked.short_rev().unwrap_or(name))],
        ),
        (Pin::Follow { .. }, _, _) => {
            let place = input
                .url
                .git_ref()
                .map_or_else(|| input.url.to_url(), str::to_owned);
            gettext_f(
                "{input}, newest on {place}",
                &[("input", name), ("place", &place)],
            )
        }
        _ => name.clone(),
    }
}

/// Describes where the packages of `plan` come from.
pub fn summarize(plan: &Plan) -> PlanSummary {
    let mut sources: Vec<SourceSummary> = plan
        .inputs
        .iter()
        .filter(|i| i.packages > 0)
        .map(|i| {
            let date = snapshot(i)
                .and_then(FlakeRef::last_modified)
                .map(|secs| utc_date(secs).to_string());
            SourceSummary {
                input: i.name.clone(),
                packages: i.packages,
                nixpkgs_snapshot: snapshot(i).is_some(),
                label: label(i, date.as_deref()),
                date,
            }
        })
        .collect();
    // Most packages first; among equals nixpkgs first, as people think of
    // their profile as nixpkgs plus a few flakes of their own.
    sources.sort_by(|a, b| {
        b.packages
            .cmp(&a.packages)
            .then(b.nixpkgs_snapshot.cmp(&a.nixpkgs_snapshot))
            .then(a.input.cmp(&b.input))
    });
    PlanSummary {
        text: sentence(&sources),
        mixed: mixed(plan),
        sources,
    }
}

/// `12 packages from nixpkgs of 2024-05-12, 1 from my-tool`: the first
/// part names the packages, the others only count them.
fn sentence(sources: &[SourceSummary]) -> String {
    let parts: Vec<String> = sources
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let n = s.packages.to_string();
            let args = [("n", n.as_str()), ("source", s.label.as_str())];
            if k == 0 {
                ngettext_f(
                    "{n} package from {source}",
                    "{n} packages from {source}",
                    s.packages as u64,
                    &args,
                )
            } else {
                ngettext_f(
                    "{n} from {source}",
                    "{n} from {source}",
                    s.packages as u64,
                    &args,
                )
            }
        })
        .collect();
    if parts.is_empty() {
        return gettext_f("No packages to freeze.", &[]);
    }
    parts.join(", ")
}

/// The sentence for a profile whose packages come from several nixpkgs
/// snapshots, with the oldest and newest day when they are recorded.
fn mixed(plan: &Plan) -> Option<String> {
    let snapshots: Vec<&FlakeRef> = plan
        .inputs
        .iter()
        .filter(|i| i.packages > 0)
        .filter_map(snapshot)
        .collect();
    let n = snapshots.len();
    if n < 2 {
        return None;
    }
    let days: Option<Vec<Date>> = snapshots
        .iter()
        .map(|r| r.last_modified().map(utc_date))
        .collect();
    let count = n.to_string();
    Some(match days {
        Some(days) => {
            let first = days.iter().min().map(Date::to_string).unwrap_or_default();
            let last = days.iter().max().map(Date::to_string).unwrap_or_default();
            ngettext_f(
                "Your packages come from {n} nixpkgs snapshot, from {first} to {last}.",
                "Your packages come from {n} nixpkgs snapshots, from {first} to {last}.",
                n as u64,
                &[("n", &count), ("first", &first), ("last", &last)],
            )
        }
        None => ngettext_f(
            "Your packages come from {n} nixpkgs snapshot.",
            "Your packages come from {n} nixpkgs snapshots.",
            n as u64,
            &[("n", &count)],
        ),
    })
}

#[cfg(test)]
mod tests;
