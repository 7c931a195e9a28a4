//! What a package is, for one that says nothing about itself: kept in
//! memory for the session, on disk between sessions (read on a worker
//! thread), else evaluated by Nix on the operations worker. The details
//! page that shows it owns this; the window only runs the evaluation.

use std::collections::HashMap;

use frost_core::ops::{MetadataCache, OpResult, Operation, PackageMetadata};

use crate::profile_loader::Package;

/// Evaluated descriptions by store path; `None` while asked or after the
/// evaluation failed (it is not asked again this session).
#[derive(Debug, Default)]
pub struct Descriptions {
    known: HashMap<String, Option<PackageMetadata>>,
}

/// How to describe a package.
#[derive(Debug)]
pub enum Lookup {
    /// Known this session.
    Known {
        store_path: String,
        metadata: PackageMetadata,
    },
    /// Read the disk cache ([`read_cache`], off the main loop), and run
    /// `operation` when it has none.
    Read {
        store_path: String,
        operation: Operation,
    },
}

impl Descriptions {
    /// What to do to describe `package`; `None` when it describes itself,
    /// cannot be evaluated, or was asked already (in flight, or it failed
    /// this session).
    pub fn look_up(&mut self, package: &Package) -> Option<Lookup> {
        if package.info.summary.is_some() {
            return None;
        }
        let element = &package.element;
        let (Some(locked), Some(attr), Some(store_path)) = (
            element.locked_ref.as_ref(),
            element.attr_path.as_ref(),
            element.store_paths.first(),
        ) else {
            return None;
        };
        match self.known.get(store_path) {
            Some(Some(metadata)) => Some(Lookup::Known {
                store_path: store_path.clone(),
                metadata: metadata.clone(),
            }),
            Some(None) => None,
            None => {
                self.known.insert(store_path.clone(), None);
                Some(Lookup::Read {
                    store_path: store_path.clone(),
                    operation: Operation::describe(&locked.to_url(), attr),
                })
            }
        }
    }

    pub fn remember(&mut self, store_path: &str, metadata: &PackageMetadata) {
        self.known
            .insert(store_path.to_owned(), Some(metadata.clone()));
    }

    /// What the evaluation said (`None`: Nix could not run it), kept here
    /// and on disk. A failure (offline, a flake that moved) only means no
    /// description.
    pub fn evaluated(
        &mut self,
        store_path: &str,
        result: Option<OpResult>,
    ) -> Option<PackageMetadata> {
        let metadata = result?
            .ok()
            .and_then(|done| PackageMetadata::from_json(&done.stdout))?;
        let (path, saved) = (store_path.to_owned(), metadata.clone());
        relm4::spawn_blocking(move || MetadataCache::open_default().put(&path, &saved));
        self.remember(store_path, &metadata);
        Some(metadata)
    }
}

/// The disk cache's description of `store_path`. Reads the disk: not on
/// the main loop.
pub fn read_cache(store_path: &str) -> Option<PackageMetadata> {
    MetadataCache::open_default().get(store_path)
}
