//! A profile's history as people read it: each generation with what it
//! changed from the one before, and since when each package has been there.
//! Reads every generation's manifest once, so callers run it off any UI
//! thread.

use std::collections::HashMap;

use crate::diff::{diff, ManifestDiff};
use crate::error::Result;
use crate::i18n::gettext;
use crate::manifest::{Manifest, ManifestFormat};
use crate::profile::{Generation, Profile};

/// One generation and what it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    pub generation: Generation,
    /// The generation before it, if any is left (older ones may have been
    /// deleted by `nix profile wipe-history`).
    pub previous: Option<u64>,
    /// From the previous generation, or from nothing for the first one;
    /// `None` when a manifest could not be read (see `error`).
    pub diff: Option<ManifestDiff>,
    /// Why the change is unknown: the core's sentence naming the file.
    pub error: Option<String>,
}

impl HistoryEntry {
    /// What it changed, in words: "Added gimp, updated hello to 2.13",
    /// "Started with hello" for the oldest generation left; when a
    /// manifest cannot be read, that this is not known (`error` says why).
    pub fn headline(&self) -> String {
        match &self.diff {
            Some(d) => d.headline(self.previous.is_none()),
            None => gettext("Cannot tell what changed"),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    /// Oldest first.
    pub entries: Vec<HistoryEntry>,
    /// Per element name in the current generation, the generation since
    /// which it has been in the profile without a break.
    since: HashMap<String, u64>,
    /// Each entry's packages, or why they cannot be read, in the same order.
    manifests: Vec<Result<Manifest, String>>,
}

impl History {
    /// Reads every generation of `profile`. Only listing the generations can
    /// fail; a manifest that cannot be read shows as that entry's error.
    pub fn read(profile: &Profile) -> Result<History> {
        let generations = profile.generations()?;
        let manifests = generations
            .iter()
            .map(|g| g.manifest().map_err(|e| e.to_string()))
            .collect();
        Ok(History::from_manifests(generations, manifests))
    }

    /// The history of `generations` (oldest first) whose manifests are
    /// `manifests`, in the same order.
    pub fn from_manifests(
        generations: Vec<Generation>,
        manifests: Vec<Result<Manifest, String>>,
    ) -> History {
        let empty = Manifest {
            format: ManifestFormat::Json { version: 3 },
            elements: Vec::new(),
        };
        let mut entries = Vec::with_capacity(generations.len());
        let mut since: HashMap<String, u64> = HashMap::new();
        let mut previous: Option<(u64, &Result<Manifest, String>)> = None;
        let mut reached_current = false;
        for (generation, manifest) in generations.into_iter().zip(&manifests) {
            let old = match previous {
                None => Ok(&empty),
                Some((_, Ok(m))) => Ok(m),
                Some((_, Err(e))) => Err(e),
            };
            let (diff, error) = match (old, manifest) {
                (Ok(old), Ok(new)) => (Some(diff(old, new)), None),
                (_, Err(e)) | (Err(e), Ok(_)) => (None, Some(e.clone())),
            };
            // Generations after the current one (left by a rollback) say
            // nothing about how long the current packages have been there.
            if !reached_current {
                since = match manifest {
                    Ok(m) => m
                        .elements
                        .iter()
                        .map(|e| {
                            let first = since.get(&e.name).copied();
                            (e.name.clone(), first.unwrap_or(generation.number))
                        })
                        .collect(),
                    Err(_) => HashMap::new(),
                };
                reached_current = generation.current;
            }
            entries.push(HistoryEntry {
                previous: previous.map(|(n, _)| n),
                diff,
                error,
                generation: generation.clone(),
            });
            previous = Some((generation.number, manifest));
        }
        if !reached_current {
            since.clear();
        }
        History {
            entries,
            since,
            manifests,
        }
    }

    /// The generation since which the current generation's element `name`
    /// has been in the profile without a break.
    pub fn installed_since(&self, name: &str) -> Option<&Generation> {
        let number = *self.since.get(name)?;
        self.entries
            .iter()
            .map(|e| &e.generation)
            .find(|g| g.number == number)
    }

    /// What making generation `target` the current one again changes: the
    /// diff from the current generation to it. When the current one cannot
    /// be read (a damaged profile), everything `target` has comes back.
    /// `None` when `target` is unknown or cannot be read itself.
    pub fn going_back_to(&self, target: u64) -> Option<ManifestDiff> {
        let manifest = |wanted: &dyn Fn(&Generation) -> bool| {
            self.entries
                .iter()
                .zip(&self.manifests)
                .find(|(e, _)| wanted(&e.generation))
                .and_then(|(_, m)| m.as_ref().ok())
        };
        let to = manifest(&|g| g.number == target)?;
        let empty = Manifest {
            format: to.format,
            elements: Vec::new(),
        };
        let from = manifest(&|g| g.current).unwrap_or(&empty);
        Some(diff(from, to))
    }

    /// The entry of generation `number`.
    pub fn entry(&self, number: u64) -> Option<&HistoryEntry> {
        self.entries.iter().find(|e| e.generation.number == number)
    }
}

#[cfg(test)]
mod tests;
