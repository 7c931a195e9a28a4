//! What the freeze asks Nix, through the runner: the locked attributes of
//! an input (`nix flake metadata --json`), the flake registry, this
//! machine's system, and JSON evaluations.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::PathBuf;

use super::lock::{LockAttrs, LockGraph, LockValue};
use crate::error::{Error, Result};
use crate::flakeref::FlakeRef;
use crate::nix::{run, NixCommand};

/// How to run Nix for the freeze: which binary, and variables to add to
/// the environment (tests give Nix a temporary HOME this way).
#[derive(Debug, Clone, Default)]
pub struct NixSetup {
    pub binary: Option<PathBuf>,
    pub env: Vec<(OsString, OsString)>,
}

impl NixSetup {
    pub fn command<I, S>(&self, args: I) -> NixCommand
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        let mut cmd = NixCommand::new(args);
        if let Some(b) = &self.binary {
            cmd = cmd.nix_binary(b);
        }
        for (k, v) in &self.env {
            cmd = cmd.env(k, v);
        }
        cmd
    }

    /// Runs `nix ARGS` and returns its stdout as text.
    pub async fn stdout<I, S>(&self, args: I) -> Result<String>
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        let out = run(self.command(args)).await?;
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Runs `nix ARGS` and parses its stdout as JSON.
    pub async fn json<I, S>(&self, args: I) -> Result<serde_json::Value>
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        let cmd = self.command(args);
        let command = cmd.display();
        let out = run(cmd).await?;
        serde_json::from_slice(&out.stdout).map_err(|e| Error::NixFailed {
            command,
            code: Some(0),
            message: e.to_string(),
        })
    }
}

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
pub async fn inspect_input(nix: &NixSetup, locked: &FlakeRef) -> Result<InputFacts> {
    let url = locked.to_url();
    let v = nix
        .json(["flake", "metadata", "--json", "--no-write-lock-file", &url])
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
pub async fn registry(nix: &NixSetup) -> BTreeMap<String, FlakeRef> {
    let mut map = BTreeMap::new();
    let Ok(text) = nix
        .stdout(["registry", "list", "--option", "flake-registry", ""])
        .await
    else {
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

/// This machine's Nix system (`x86_64-linux`).
pub async fn host_system(nix: &NixSetup) -> Result<String> {
    Ok(nix
        .stdout(["config", "show", "system"])
        .await?
        .trim()
        .to_owned())
}
