//! A profile as a software center shows it: packages grouped into sections
//! (apps, command-line tools, the rest), ordered by name, and found by typing
//! any part of a name, a description or a command.

use std::cmp::Ordering;

use crate::describe::{PackageInfo, PackageKind};
use crate::element::Element;
use crate::i18n::gettext;

impl PackageKind {
    /// Sections in the order a list shows them: apps first, since that is
    /// what most people look for.
    pub const SECTIONS: [PackageKind; 3] =
        [PackageKind::App, PackageKind::Tool, PackageKind::Other];

    /// The heading of this kind's section.
    pub fn section_title(self) -> String {
        match self {
            PackageKind::App => gettext("Apps"),
            PackageKind::Tool => gettext("Command-Line Tools"),
            PackageKind::Other => gettext("Other"),
        }
    }

    /// Position of the section in a list (0 first).
    pub fn section_order(self) -> u8 {
        match self {
            PackageKind::App => 0,
            PackageKind::Tool => 1,
            PackageKind::Other => 2,
        }
    }
}

/// The order of names in a list: ignoring case, then by bytes so that `Bat`
/// and `bat` still have a fixed order.
pub fn name_order(a: &str, b: &str) -> Ordering {
    let folded = a
        .chars()
        .flat_map(char::to_lowercase)
        .cmp(b.chars().flat_map(char::to_lowercase));
    folded.then_with(|| a.cmp(b))
}

/// What a search looks through for one package, folded to lower case once
/// so that filtering a thousand rows per keystroke is only substring tests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchText(String);

impl SearchText {
    /// The element's name, package name and attribute path, the name and
    /// description of its applications, its summary and its commands.
    pub fn new(element: &Element, info: &PackageInfo) -> SearchText {
        let mut fields: Vec<&str> = vec![&element.name, &element.pname];
        fields.extend(element.short_attr_path());
        fields.extend(info.summary.as_deref());
        for entry in &info.desktop_entries {
            fields.push(&entry.name);
            fields.extend(entry.comment.as_deref());
        }
        fields.extend(info.commands.iter().map(String::as_str));
        SearchText::from_fields(&fields)
    }

    /// A search text over arbitrary fields. Fields are joined with a newline,
    /// which no search term contains, so a term never matches across two.
    pub fn from_fields(fields: &[&str]) -> SearchText {
        SearchText(fold(&fields.join("\n")))
    }
}

/// What the user typed, split into terms. A package matches when every term
/// appears somewhere in its search text, so "paint photo" finds an app whose
/// description mentions both.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchQuery {
    terms: Vec<String>,
}

impl SearchQuery {
    pub fn new(text: &str) -> SearchQuery {
        SearchQuery {
            terms: text.split_whitespace().map(fold).collect(),
        }
    }

    /// Nothing typed (or only spaces): everything matches.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub fn matches(&self, text: &SearchText) -> bool {
        self.terms.iter().all(|term| text.0.contains(term.as_str()))
    }

    /// Whether everything `other` matches is also matched by `self` (the
    /// user typed more): a filtered list then only shrinks, and GTK can skip
    /// the rows already hidden. Holds when every term of `self` lies inside
    /// some term of `other`.
    pub fn is_narrowed_by(&self, other: &SearchQuery) -> bool {
        self.terms
            .iter()
            .all(|old| other.terms.iter().any(|new| new.contains(old.as_str())))
    }
}

fn fold(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::describe::DesktopEntry;
    use crate::element::{Origin, DEFAULT_PRIORITY};
    use crate::Outputs;

    fn element(name: &str, attr: Option<&str>) -> Element {
        Element {
            name: name.into(),
            origin: Origin::Flake,
            attr_path: attr.map(str::to_owned),
            original_ref: None,
            locked_ref: None,
            outputs: Outputs::Default,
            priority: DEFAULT_PRIORITY,
            active: true,
            store_paths: vec![],
            pname: name.into(),
            version: None,
        }
    }

    fn info(summary: Option<&str>, commands: &[&str]) -> PackageInfo {
        PackageInfo {
            kind: PackageKind::Tool,
            desktop_entries: vec![],
            icon: None,
            summary: summary.map(str::to_owned),
            commands: commands.iter().map(|c| (*c).to_owned()).collect(),
        }
    }

    #[test]
    fn every_term_must_match_some_field() {
        let pip = SearchText::new(
            &element(
                "pip",
                Some("legacyPackages.x86_64-linux.python3Packages.pip"),
            ),
            &info(Some("The PyPA recommended tool"), &["pip", "pip3.12"]),
        );
        for found in [
            "pip",
            "PIP",
            "python3packages",
            "pypa tool",
            "3.12",
            "  pip  ",
        ] {
            assert!(SearchQuery::new(found).matches(&pip), "{found:?}");
        }
        for missed in ["gimp", "pip gimp", "legacypackages", "x86_64"] {
            assert!(!SearchQuery::new(missed).matches(&pip), "{missed:?}");
        }
        assert!(SearchQuery::new("").matches(&pip));
        assert!(SearchQuery::new(" \t").is_empty());
    }

    #[test]
    fn terms_never_match_across_fields() {
        let text = SearchText::from_fields(&["ab", "cd"]);
        assert!(SearchQuery::new("ab").matches(&text));
        assert!(!SearchQuery::new("bc").matches(&text));
    }

    #[test]
    fn app_names_and_descriptions_are_searched() {
        let mut painter = info(None, &[]);
        painter.desktop_entries.push(DesktopEntry {
            id: "org.example.Painter.desktop".into(),
            path: "/x".into(),
            name: "Pinsel Studio".into(),
            comment: Some("Bilder malen".into()),
            icon: None,
            icon_file: None,
            categories: vec![],
            no_display: false,
            exec: None,
        });
        let text = SearchText::new(&element("painter", None), &painter);
        assert!(SearchQuery::new("studio").matches(&text));
        assert!(SearchQuery::new("MALEN").matches(&text));
    }

    #[test]
    fn non_ascii_case_folds() {
        let text = SearchText::from_fields(&["Ärger"]);
        assert!(SearchQuery::new("ärg").matches(&text));
    }

    #[test]
    fn narrowing() {
        let q = |s: &str| SearchQuery::new(s);
        assert!(q("pa").is_narrowed_by(&q("pai")));
        assert!(q("pa").is_narrowed_by(&q("pa x")));
        assert!(q("").is_narrowed_by(&q("x")));
        assert!(!q("pai").is_narrowed_by(&q("pa")));
        assert!(!q("pa x").is_narrowed_by(&q("pa")));
    }

    #[test]
    fn names_order_ignoring_case_then_bytes() {
        let mut names = vec!["zed", "Bat", "alacritty", "bat", "Äpfel"];
        names.sort_by(|a, b| name_order(a, b));
        assert_eq!(names, ["alacritty", "Bat", "bat", "zed", "Äpfel"]);
    }

    #[test]
    fn sections_in_list_order() {
        let orders: Vec<u8> = PackageKind::SECTIONS
            .iter()
            .map(|k| k.section_order())
            .collect();
        assert_eq!(orders, [0, 1, 2]);
        assert_eq!(PackageKind::Tool.section_title(), "Command-Line Tools");
    }
}
