use super::*;

/// What `nix search --json path:… ^` printed on Nix 2.26.3 for a small
/// flake (unquoted `7zip`, a nested attribute, an empty description,
/// `packages` beside `legacyPackages`).
const NIX_226: &str = r#"{"legacyPackages.x86_64-linux.7zip":{"description":"Archiver","pname":"7zip","version":"1"},"legacyPackages.x86_64-linux.hello":{"description":"Say hello","pname":"hello","version":"2.12"},"legacyPackages.x86_64-linux.nodesc":{"description":"","pname":"nodesc","version":"1"},"legacyPackages.x86_64-linux.python3Packages.pip":{"description":"Installer","pname":"pip","version":"24"},"packages.x86_64-linux.tool":{"description":"A tool","pname":"tool","version":"1.0"}}"#;

fn index(entries: &[(&str, &str, &str)]) -> SearchIndex<'static> {
    let full: Vec<(String, &str, &str)> = entries
        .iter()
        .map(|(name, pname, desc)| (format!("legacyPackages.x86_64-linux.{name}"), *pname, *desc))
        .collect();
    SearchIndex::from_entries(full.iter().map(|(a, p, d)| (a.as_str(), *p, "1.0", *d)))
}

fn names(index: &SearchIndex, query: &str) -> Vec<(String, Rank)> {
    index
        .search(query)
        .into_iter()
        .map(|h| (index.package(h.index).unwrap().name.to_owned(), h.rank))
        .collect()
}

#[test]
fn nix_search_json_is_read_as_nix_prints_it() {
    let index = SearchIndex::from_nix_json("nix search", NIX_226.as_bytes()).unwrap();
    assert_eq!(index.len(), 5);
    let all: Vec<_> = (0..index.len())
        .map(|i| index.package(i).unwrap())
        .collect();
    let names: Vec<&str> = all.iter().map(|p| p.name).collect();
    // Sorted by name, whatever output they are in.
    assert_eq!(
        names,
        ["7zip", "hello", "nodesc", "python3Packages.pip", "tool"]
    );
    assert_eq!(
        all[3].attr_path,
        "legacyPackages.x86_64-linux.python3Packages.pip"
    );
    assert_eq!(all[3].pname, "pip");
    assert_eq!(all[3].version, "24");
    assert_eq!(all[4].attr_path, "packages.x86_64-linux.tool");
    assert_eq!(all[2].description, "");
    assert!(index.package(5).is_none());
    assert!(SearchIndex::from_nix_json("nix search", b"[1]").is_err());
    assert!(SearchIndex::from_nix_json("nix search", b"{\"a\":").is_err());
}

#[test]
fn ranking_goes_exact_prefix_substring_description() {
    let index = index(&[
        ("aaa-uses-paint", "aaa", "Uses paint"),
        ("mypaint", "mypaint", "Draw"),
        ("paint", "paint", "The paint program"),
        ("painter", "painter", "Pictures"),
        ("zpaint-extra", "zpaint", "Paint more"),
        ("unrelated", "unrelated", "Nothing"),
    ]);
    assert_eq!(
        names(&index, "Paint"),
        [
            ("paint".into(), Rank::Exact),
            ("painter".into(), Rank::NamePrefix),
            ("aaa-uses-paint".into(), Rank::NameSubstring),
            ("mypaint".into(), Rank::NameSubstring),
            ("zpaint-extra".into(), Rank::NameSubstring),
        ]
    );
}

#[test]
fn every_word_must_match_somewhere() {
    let index = index(&[
        ("hello", "hello", "A friendly greeting"),
        ("hello-wayland", "hello-wayland", "Hello for Wayland"),
        ("greeter", "greeter", "Says a friendly hello"),
    ]);
    assert_eq!(
        names(&index, "hello FRIENDLY"),
        [
            // The same rank: in the index's order.
            ("hello".into(), Rank::Description),
            ("greeter".into(), Rank::Description),
        ]
    );
    assert_eq!(
        names(&index, "wayland hello"),
        [("hello-wayland".into(), Rank::NameSubstring)]
    );
    assert!(names(&index, "hello nothing").is_empty());
    assert!(names(&index, "   ").is_empty());
    // A word is not matched across two packages.
    assert!(names(&index, "greetinggreeter").is_empty());
}

#[test]
fn the_last_part_and_the_pname_count_as_names() {
    let index = index(&[
        ("python3Packages.pip", "python3.12-pip", "Installer"),
        ("pipe-viewer", "pv", "Pipes"),
    ]);
    assert_eq!(
        names(&index, "pip"),
        [
            ("python3Packages.pip".into(), Rank::Exact),
            ("pipe-viewer".into(), Rank::NamePrefix),
        ]
    );
    assert_eq!(names(&index, "PV"), [("pipe-viewer".into(), Rank::Exact)]);
}

fn locked(key: &str) -> LockedIndex {
    let index = SearchIndex::from_nix_json("nix search", NIX_226.as_bytes()).unwrap();
    LockedIndex::new(key.into(), format!("path:/x?narHash={key}"), &index)
}

#[test]
fn an_index_read_from_its_bytes_is_the_one_built() {
    let built = SearchIndex::from_nix_json("nix search", NIX_226.as_bytes()).unwrap();
    let locked = locked("k");
    let read = locked.index();
    assert_eq!(read, built);
    assert_eq!(read.search("a"), built.search("a"));
    assert_eq!(read.package(3), built.package(3));
    assert_eq!(decode(&encode(&locked)), Some(locked.clone()));
}

#[test]
fn the_cache_gives_back_what_it_stored_for_that_key_only() {
    let dir = tempfile::tempdir().unwrap();
    let cache = IndexCache::in_dir(dir.path().join("search"));
    let key = "sha256-bNq6WlHSGmFBdPCTvrpdldNNlNZfPnK6KkV5QaaBQ+c=";
    assert_eq!(cache.load(key), None);
    cache.store(&locked(key)).unwrap();
    assert_eq!(cache.load(key), Some(locked(key)));
    assert_eq!(cache.load(key).unwrap().index().len(), 5);
    assert_eq!(cache.load("sha256-other"), None);
    // Only the file itself, no temporary file left.
    let files: Vec<_> = std::fs::read_dir(dir.path().join("search"))
        .unwrap()
        .collect();
    assert_eq!(files.len(), 1);
}

#[test]
fn a_damaged_cache_file_is_never_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let cache = IndexCache::in_dir(dir.path());
    let key = "sha256-abc";
    cache.store(&locked(key)).unwrap();
    let file = cache.file(key).unwrap();
    let good = std::fs::read(&file).unwrap();
    // Every single flipped byte, and every cut, is caught.
    for at in 0..good.len() {
        let mut bad = good.clone();
        bad[at] ^= 0x20;
        assert_eq!(decode(&bad).filter(|s| s.key == key), None, "byte {at}");
    }
    for len in 0..good.len() {
        assert_eq!(decode(&good[..len]), None, "cut at {len}");
    }
    std::fs::write(&file, &good[..good.len() / 2]).unwrap();
    assert_eq!(cache.load(key), None);
}

#[test]
fn an_outdated_cache_file_is_never_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let cache = IndexCache::in_dir(dir.path());
    let key = "sha256-abc";
    let mut bytes = encode(&locked(key));
    // Another format version, with a checksum that is right for it.
    bytes[8..12].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
    std::fs::create_dir_all(dir.path()).unwrap();
    std::fs::write(cache.file(key).unwrap(), &bytes).unwrap();
    assert_eq!(cache.load(key), None);
    // A file of another revision under this key's name.
    std::fs::write(cache.file(key).unwrap(), encode(&locked("sha256-old"))).unwrap();
    assert_eq!(cache.load(key), None);
}

#[test]
fn storing_a_revision_removes_its_files_of_other_format_versions() {
    let dir = tempfile::tempdir().unwrap();
    let cache = IndexCache::in_dir(dir.path());
    let (key, other_key) = ("sha256-abc", "sha256-other");
    let file = cache.file(key).unwrap();
    let name = file.file_name().unwrap().to_str().unwrap();
    let stem = name
        .strip_suffix(&format!(".v{FORMAT_VERSION}.index"))
        .unwrap();
    std::fs::write(dir.path().join(format!("{stem}.v1.index")), b"old").unwrap();
    std::fs::write(dir.path().join(format!("{stem}.v99.index")), b"newer").unwrap();
    // Another revision's, and a file that only looks alike, stay.
    cache.store(&locked(other_key)).unwrap();
    std::fs::write(dir.path().join(format!("{stem}.vx.index")), b"?").unwrap();
    cache.store(&locked(key)).unwrap();
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    let mut expected = vec![
        name.to_owned(),
        format!("{stem}.vx.index"),
        cache
            .file(other_key)
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned(),
    ];
    expected.sort();
    assert_eq!(left, expected);
    assert_eq!(cache.load(key), Some(locked(key)));
}

#[test]
fn a_locked_reference_has_its_key_without_nix() {
    assert_eq!(
        locked_key("github:NixOS/nixpkgs/9693852a2070b398ee123a329e68f0dab5526681?narHash=sha256-jHJSUH619zBQ6WdC21fFAlDxHErKVDJ5fpN0Hgx4sjs%3D"),
        Some("sha256-jHJSUH619zBQ6WdC21fFAlDxHErKVDJ5fpN0Hgx4sjs=".into())
    );
    assert_eq!(locked_key("github:NixOS/nixpkgs/nixos-unstable"), None);
    assert_eq!(locked_key("path:/x"), None);
    assert_eq!(locked_key("not a ref at all ::"), None);
}

/// The search before it ranked on bytes and by where each word was found:
/// every value read as text, each word looked for again in the names.
fn search_as_before(index: &SearchIndex, query: &str) -> Vec<Hit> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    if words.is_empty() {
        return Vec::new();
    }
    let whole = words.join(" ");
    let mut ranks: [Vec<Hit>; 4] = Default::default();
    for i in 0..index.len() {
        let p = index.package(i).unwrap();
        let (name, pname) = (p.name.to_lowercase(), p.pname.to_lowercase());
        let names = format!("{name}\t{pname}");
        let description = p.description.to_lowercase();
        if !words
            .iter()
            .all(|w| names.contains(w.as_str()) || description.contains(w.as_str()))
        {
            continue;
        }
        let last = name.rsplit('.').next().unwrap_or(&name);
        let rank = if whole == name || whole == last || whole == pname {
            Rank::Exact
        } else {
            words
                .iter()
                .map(|w| {
                    if name.starts_with(w.as_str())
                        || last.starts_with(w.as_str())
                        || pname.starts_with(w.as_str())
                    {
                        Rank::NamePrefix
                    } else if names.contains(w.as_str()) {
                        Rank::NameSubstring
                    } else {
                        Rank::Description
                    }
                })
                .max()
                .unwrap()
        };
        ranks[rank as usize].push(Hit { index: i, rank });
    }
    ranks.concat()
}

#[test]
fn ranking_on_bytes_finds_and_orders_as_before() {
    // Enough packages that a short word takes the passes over whole
    // columns, and names, pnames and descriptions that share words in
    // every way: nested names, accents, a pname with a space, words only
    // in descriptions, empty descriptions.
    let parts = [
        "paint", "Paint", "tool", "py", "python3", "Grüße", "ße", "mypaint", "x", "a",
    ];
    let mut entries = Vec::new();
    for i in 0..400 {
        let p = |k: usize| parts[(i * 7 + k * 3 + i / 10) % parts.len()];
        let name = match i % 5 {
            0 => format!("{}-{}", p(0), p(1)),
            1 => format!("python3Packages.{}{}", p(1), p(2)),
            2 => p(2).to_owned(),
            3 => format!("{}.{}", p(3), p(0)),
            _ => format!("{}{i}", p(4)),
        };
        let pname = match i % 3 {
            0 => name.rsplit('.').next().unwrap().to_owned(),
            1 => format!("{} {}", p(0), p(1)),
            _ => p(5).to_owned(),
        };
        let description = match i % 4 {
            0 => String::new(),
            _ => format!("A {} for {} and {}", p(6), p(7), p(8)),
        };
        entries.push((
            format!("legacyPackages.x86_64-linux.{name}"),
            pname,
            description,
        ));
    }
    let index = SearchIndex::from_entries(
        entries
            .iter()
            .map(|(a, p, d)| (a.as_str(), p.as_str(), "1", d.as_str())),
    );
    let queries = [
        "a",
        "paint",
        "PAINT tool",
        "tool paint",
        "py",
        "python3",
        "grüße",
        "ße",
        "x a",
        "paint paint",
        "mypaint",
        "paint-tool",
        "paint tool",
        "for",
        "a for and",
        "zzz",
        "  ",
        "t",
        "3",
        "paint-grüße",
        "x-x",
    ];
    let mut seen = std::collections::HashSet::new();
    for query in queries {
        let hits = index.search(query);
        assert_eq!(hits, search_as_before(&index, query), "query {query:?}");
        seen.extend(hits.iter().map(|h| h.rank));
    }
    // The queries reach every rank.
    assert_eq!(seen.len(), 4);
}
