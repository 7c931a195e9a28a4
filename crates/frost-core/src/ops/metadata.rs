//! What [`Operation::describe`](super::Operation::describe) evaluates: the
//! `meta` a package browser shows, read leniently (packages set `meta` in
//! many shapes; a field of an odd shape is left out, never an error).

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PackageMetadata {
    pub description: Option<String>,
    pub long_description: Option<String>,
    pub homepage: Option<String>,
    /// Short license names (SPDX ids where the package gives them).
    pub licenses: Vec<String>,
    pub main_program: Option<String>,
    pub version: Option<String>,
}

impl PackageMetadata {
    /// Parses the JSON `nix eval --json` printed; `None` when it is not an
    /// object at all.
    pub fn from_json(bytes: &[u8]) -> Option<PackageMetadata> {
        let value: Value = serde_json::from_slice(bytes).ok()?;
        let object = value.as_object()?;
        let text = |key: &str| -> Option<String> {
            match object.get(key)? {
                Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
                // Some packages list several homepages: the first is the one.
                Value::Array(items) => items.first()?.as_str().map(str::to_owned),
                _ => None,
            }
        };
        let licenses = object
            .get("licenses")
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        Some(PackageMetadata {
            description: text("description"),
            long_description: text("longDescription"),
            homepage: text("homepage"),
            licenses,
            main_program: text("mainProgram"),
            version: text("version"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_shapes_are_left_out() {
        let meta = PackageMetadata::from_json(
            br#"{"description":" Paint pictures ","longDescription":null,"homepage":["https://a.example","https://b.example"],"licenses":["MIT",null,{"x":1},"GPL-3.0-or-later"],"mainProgram":3,"version":"3.0.1"}"#,
        )
        .unwrap();
        assert_eq!(
            meta,
            PackageMetadata {
                description: Some("Paint pictures".into()),
                long_description: None,
                homepage: Some("https://a.example".into()),
                licenses: vec!["MIT".into(), "GPL-3.0-or-later".into()],
                main_program: None,
                version: Some("3.0.1".into()),
            }
        );
        assert_eq!(PackageMetadata::from_json(b"[1]"), None);
        assert_eq!(PackageMetadata::from_json(b"not json"), None);
        assert_eq!(
            PackageMetadata::from_json(b"{}"),
            Some(PackageMetadata::default())
        );
    }
}
