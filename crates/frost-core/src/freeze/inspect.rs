//! What the freeze asks Nix, through the runner: the locked attributes of
//! an input (`nix flake metadata --json`), the flake registry and this
//! machine's system.

use std::collections::BTreeMap;

use super::apply::RunNix;
use super::ask;
use super::lock::{LockAttrs, LockGraph, LockValue};
use crate::error::Result;
use crate::flakeref::FlakeRef;
use crate::nix::NixSetup;

/// What `nix flake metadata` says about one locked input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFacts {
    /// The full locked attributes, without Nix's internal `__final`.
    pub locked: LockAttrs,
    /// The input's own flake.lock, when it has inputs of its own.
    pub locks: Option<serde_json::Value>,
}

/// Asks Nix for the locked attributes and the lock of `locked` (offline
/// when the source is local or cached).
pub(crate) async fn inspect_input(
    runner: &mut impl RunNix,
    nix: &NixSetup,
    locked: &FlakeRef,
) -> Result<InputFacts> {
    let url = locked.to_url();
    let v = ask::json(
        runner,
        nix,
        ["flake", "metadata", "--json", "--no-write-lock-file", &url],
    )
    .await?;
    let mut attrs = LockAttrs::new();
    if let Some(obj) = v.get("locked").and_then(serde_json::Value::as_object) {
        for (k, v) in obj {
            let value = match v {
                serde_json::Value::String(s) => LockValue::Str(s.clone()),
                serde_json::Value::Bool(b) => LockValue::Bool(*b),
                serde_json::Value::Number(n) => match n.as_u64() {
                    Some(n) => LockValue::Int(n),
                    None => continue,
                },
                _ => continue,
            };
            if k != "__final" {
                attrs.insert(k.clone(), value);
            }
        }
    }
    let locks = v.get("locks").filter(|l| {
        let root = l
            .get("root")
            .and_then(serde_json::Value::as_str)
            .unwrap_or("root");
        l.get("nodes")
            .and_then(|n| n.get(root))
            .and_then(|r| r.get("inputs"))
            .and_then(serde_json::Value::as_object)
            .is_some_and(|i| !i.is_empty())
            // Only a lock Frost can copy is worth keeping.
            && LockGraph::parse(&l.to_string()).is_ok()
    });
    Ok(InputFacts {
        locked: attrs,
        locks: locks.cloned(),
    })
}

/// The user's and the system's flake registries (`nix registry list`,
/// without the global registry, which would need the network), first
/// entry per id.
pub(crate) async fn registry(
    runner: &mut impl RunNix,
    nix: &NixSetup,
) -> BTreeMap<String, FlakeRef> {
    let mut map = BTreeMap::new();
    let args = ["registry", "list", "--option", "flake-registry", ""];
    let Ok(text) = ask::stdout(runner, nix, args).await else {
        return map;
    };
    for line in text.lines() {
        let mut words = line.split_whitespace();
        let (Some(_kind), Some(from), Some(to)) = (words.next(), words.next(), words.next()) else {
            continue;
        };
        let Some(id) = from.strip_prefix("flake:") else {
            continue;
        };
        if let Ok(to) = FlakeRef::parse(to) {
            map.entry(id.to_owned()).or_insert(to);
        }
    }
    map
}

/// The arguments that make Nix print this machine's system.
pub(crate) const HOST_SYSTEM_ARGS: [&str; 3] = ["config", "show", "system"];

/// This machine's Nix system (`x86_64-linux`).
pub(crate) async fn host_system(runner: &mut impl RunNix, nix: &NixSetup) -> Result<String> {
    Ok(ask::stdout(runner, nix, HOST_SYSTEM_ARGS)
        .await?
        .trim()
        .to_owned())
}
