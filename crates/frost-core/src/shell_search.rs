//! What GNOME Shell's search (Activities) finds among a profile's packages:
//! the search provider's matching, without GTK or D-Bus, so that it can be
//! tested on plain data. Every term has to appear (case-insensitively) in
//! the package's name, title or description; results come exact name
//! first, then names starting with the first term, then the rest, each
//! group in the order given (the window's list order).

/// One package as the search sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The element name: the result's id, and what opens its page.
    pub name: String,
    /// What the list shows for it (an app's own name, else `name`).
    pub title: String,
    pub description: Option<String>,
}

impl Candidate {
    fn matches(&self, terms: &[String]) -> bool {
        let name = fold(&self.name);
        let title = fold(&self.title);
        let description = self.description.as_deref().map(fold).unwrap_or_default();
        terms.iter().all(|term| {
            name.contains(term.as_str())
                || title.contains(term.as_str())
                || description.contains(term.as_str())
        })
    }

    /// 0: the name is the first term; 1: the name (or title) starts with
    /// it; 2: anything else that matched.
    fn rank(&self, first: &str) -> u8 {
        let name = fold(&self.name);
        if name == first {
            0
        } else if name.starts_with(first) || fold(&self.title).starts_with(first) {
            1
        } else {
            2
        }
    }
}

/// The terms as the Shell sends them, lowercased; blank ones dropped.
fn folded_terms(terms: &[String]) -> Vec<String> {
    terms
        .iter()
        .flat_map(|t| t.split_whitespace())
        .map(fold)
        .collect()
}

fn fold(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).collect()
}

/// The ids (element names) of the candidates `terms` find, best first.
/// No terms find nothing: the Shell never asks for the whole profile.
pub fn search<'a>(
    candidates: impl IntoIterator<Item = &'a Candidate>,
    terms: &[String],
) -> Vec<String> {
    let terms = folded_terms(terms);
    let Some(first) = terms.first() else {
        return Vec::new();
    };
    let mut found: Vec<(u8, &Candidate)> = candidates
        .into_iter()
        .filter(|c| c.matches(&terms))
        .map(|c| (c.rank(first), c))
        .collect();
    // Stable: each group keeps the order it was given in.
    found.sort_by_key(|(rank, _)| *rank);
    found.into_iter().map(|(_, c)| c.name.clone()).collect()
}

/// The Shell narrows an earlier search (the user typed more): only the
/// earlier results are searched again, ranked afresh.
pub fn subsearch(candidates: &[Candidate], previous: &[String], terms: &[String]) -> Vec<String> {
    search(
        candidates.iter().filter(|c| previous.contains(&c.name)),
        terms,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(name: &str, title: &str, description: Option<&str>) -> Candidate {
        Candidate {
            name: name.into(),
            title: title.into(),
            description: description.map(str::to_owned),
        }
    }

    fn profile() -> Vec<Candidate> {
        vec![
            candidate("cowsay", "cowsay", Some("Says hello with a cow")),
            candidate(
                "hello-1",
                "hello-1",
                Some("A program that produces a familiar, friendly greeting"),
            ),
            candidate("othello", "othello", None),
            candidate(
                "hello",
                "hello",
                Some("A program that produces a familiar, friendly greeting"),
            ),
            candidate("painter", "Painter", Some("Paint pictures and edit photos")),
        ]
    }

    fn terms(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn exact_name_then_prefixes_then_the_rest() {
        assert_eq!(
            search(&profile(), &terms(&["hello"])),
            ["hello", "hello-1", "cowsay", "othello"]
        );
        assert_eq!(
            search(&profile(), &terms(&["HEL"])),
            ["hello-1", "hello", "cowsay", "othello"]
        );
    }

    #[test]
    fn every_term_must_match_name_title_or_description() {
        assert_eq!(
            search(&profile(), &terms(&["paint", "PHOTOS"])),
            ["painter"]
        );
        assert_eq!(search(&profile(), &terms(&["hello", "cow"])), ["cowsay"]);
        assert_eq!(
            search(&profile(), &terms(&["hello", "gimp"])),
            Vec::<String>::new()
        );
        // A term with a space in it is two terms.
        assert_eq!(search(&profile(), &terms(&["cowsay says"])), ["cowsay"]);
    }

    #[test]
    fn no_terms_find_nothing() {
        assert!(search(&profile(), &[]).is_empty());
        assert!(search(&profile(), &terms(&["  "])).is_empty());
    }

    #[test]
    fn a_subsearch_keeps_to_the_earlier_results() {
        let profile = profile();
        let previous = terms(&["hello", "othello"]);
        assert_eq!(
            subsearch(&profile, &previous, &terms(&["hell"])),
            ["hello", "othello"]
        );
        assert!(subsearch(&profile, &previous, &terms(&["cow"])).is_empty());
    }
}
