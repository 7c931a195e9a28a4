//! What `nix profile list --json` and `frost list --json` say of each
//! element, in one shape, so tests can compare Frost's reading with Nix's.
//! The JSON is the tools' own output: a shape it lacks is a test failure,
//! reported with what was missing.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::sandbox::{NixSandbox, Result};

/// Name → (store paths, sorted; outputs; priority).
pub type Listed = BTreeMap<String, (Vec<String>, Value, i64)>;

fn sorted_paths(element: &Value) -> Vec<String> {
    let mut paths: Vec<String> = element["storePaths"]
        .as_array()
        .expect("storePaths is a list")
        .iter()
        .map(|p| p.as_str().expect("a store path").to_owned())
        .collect();
    paths.sort();
    paths
}

fn priority(element: &Value) -> i64 {
    element["priority"].as_i64().expect("priority")
}

/// From `nix profile list --json`: elements keyed by name. Nix omits
/// `outputs` for bare store paths, which means the default ones.
pub fn listed_by_nix(json: &Value) -> Listed {
    json["elements"]
        .as_object()
        .expect("nix lists elements as an object")
        .iter()
        .map(|(name, e)| {
            let outputs = e.get("outputs").cloned().unwrap_or(Value::Null);
            (name.clone(), (sorted_paths(e), outputs, priority(e)))
        })
        .collect()
}

/// From `frost list --json`: elements as a list, each with its name.
pub fn listed_by_frost(json: &Value) -> Listed {
    json["elements"]
        .as_array()
        .expect("frost lists elements as a list")
        .iter()
        .map(|e| {
            let name = e["name"].as_str().expect("name").to_owned();
            (name, (sorted_paths(e), e["outputs"].clone(), priority(e)))
        })
        .collect()
}

/// `nix profile list --json --profile PATH` in `sandbox`, as [`Listed`].
pub fn nix_listed(sandbox: &NixSandbox, path: &Path) -> Result<Listed> {
    let p = path.to_string_lossy().into_owned();
    let out = sandbox.nix(&["profile", "list", "--json", "--profile", &p])?;
    let json: Value =
        serde_json::from_str(&out).map_err(|e| format!("nix printed no JSON: {e}"))?;
    Ok(listed_by_nix(&json))
}
