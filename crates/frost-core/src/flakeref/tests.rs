use super::*;

#[test]
fn github_with_rev_and_encoded_nar_hash() {
    let r = FlakeRef::parse("github:NixOS/nixpkgs/9693852a2070b398ee123a329e68f0dab5526681?narHash=sha256-jHJSUH619zBQ6WdC21fFAlDxHErKVDJ5fpN0Hgx4sjs%3D").unwrap();
    assert_eq!(
        r.kind,
        FlakeRefKind::Github {
            owner: "NixOS".into(),
            repo: "nixpkgs".into()
        }
    );
    assert_eq!(r.rev(), Some("9693852a2070b398ee123a329e68f0dab5526681"));
    assert_eq!(
        r.nar_hash(),
        Some("sha256-jHJSUH619zBQ6WdC21fFAlDxHErKVDJ5fpN0Hgx4sjs=")
    );
    assert_eq!(r.short_rev(), Some("9693852"));
    assert!(r.is_nixpkgs());
    assert_eq!(
        r.to_url(),
        "github:NixOS/nixpkgs/9693852a2070b398ee123a329e68f0dab5526681?narHash=sha256-jHJSUH619zBQ6WdC21fFAlDxHErKVDJ5fpN0Hgx4sjs%3D"
    );
}

#[test]
fn old_nix_raw_equals_in_query() {
    let r =
        FlakeRef::parse("path:/nix/store/abc-source?lastModified=1700000000&narHash=sha256-AAAA=")
            .unwrap();
    assert_eq!(r.nar_hash(), Some("sha256-AAAA="));
    assert_eq!(r.last_modified(), Some(1_700_000_000));
    assert_eq!(r.local_path(), Some("/nix/store/abc-source"));
}

#[test]
fn github_branch_is_a_ref() {
    let r = FlakeRef::parse("github:NixOS/nixpkgs/nixos-25.11").unwrap();
    assert_eq!(r.git_ref(), Some("nixos-25.11"));
    assert_eq!(r.rev(), None);
    assert_eq!(r.to_url(), "github:NixOS/nixpkgs/nixos-25.11");
}

#[test]
fn indirect_forms() {
    for s in ["flake:nixpkgs", "nixpkgs"] {
        let r = FlakeRef::parse(s).unwrap();
        assert_eq!(
            r.kind,
            FlakeRefKind::Indirect {
                id: "nixpkgs".into()
            }
        );
        assert_eq!(r.to_url(), "flake:nixpkgs");
    }
    let r = FlakeRef::parse("flake:nixpkgs/nixos-24.05").unwrap();
    assert_eq!(r.git_ref(), Some("nixos-24.05"));
}

#[test]
fn git_file_with_ref_and_rev() {
    let r = FlakeRef::parse(
        "git+file:///home/me/tool?ref=refs/heads/main&rev=0123456789abcdef0123456789abcdef01234567",
    )
    .unwrap();
    assert_eq!(
        r.kind,
        FlakeRefKind::Git {
            url: "file:///home/me/tool".into()
        }
    );
    assert_eq!(r.git_ref(), Some("refs/heads/main"));
    assert!(r.is_local());
    assert_eq!(r.local_path(), Some("/home/me/tool"));
    assert_eq!(r.short_name(), "tool");
    assert_eq!(FlakeRef::parse(&r.to_url()).unwrap(), r);
}

#[test]
fn tarballs_and_files() {
    let r = FlakeRef::parse("https://example.org/x.tar.gz?narHash=sha256-A%3D").unwrap();
    assert_eq!(
        r.kind,
        FlakeRefKind::Tarball {
            url: "https://example.org/x.tar.gz".into()
        }
    );
    assert_eq!(r.nar_hash(), Some("sha256-A="));
    let f = FlakeRef::parse("file+https://example.org/flake.nix").unwrap();
    assert_eq!(f.type_name(), "file");
    assert_eq!(f.to_url(), "file+https://example.org/flake.nix");
}

#[test]
fn gitlab_sourcehut_and_host() {
    let r = FlakeRef::parse("gitlab:owner/repo?host=gitlab.gnome.org").unwrap();
    assert_eq!(r.attr("host"), Some("gitlab.gnome.org"));
    let s = FlakeRef::parse("sourcehut:~user/repo/main").unwrap();
    assert_eq!(s.git_ref(), Some("main"));
}

#[test]
fn bad_refs_are_errors_not_panics() {
    for s in [
        "",
        "github:",
        "github:owner",
        "?x=1",
        "#frag",
        "1abc",
        "ftp://x",
    ] {
        assert!(FlakeRef::parse(s).is_err(), "{s:?} should be refused");
    }
}

#[test]
fn unpinned_drops_pins_only() {
    let r = FlakeRef::parse("path:/x?lastModified=1&narHash=sha256-A%3D&dir=sub").unwrap();
    assert_eq!(r.unpinned().to_url(), "path:/x?dir=sub");
}

#[test]
fn dates() {
    assert_eq!(iso_date(0), "1970-01-01");
    assert_eq!(iso_date(1_715_472_000), "2024-05-12");
    assert_eq!(iso_date(951_782_400), "2000-02-29");
}

#[test]
fn folder_urls_are_percent_encoded_and_parse_back() {
    let dir = std::path::Path::new("/home/me/Mein Profil é/#1?");
    let url = path_url(dir);
    assert_eq!(url, "path:/home/me/Mein%20Profil%20%C3%A9/%231%3F");
    assert_eq!(
        FlakeRef::parse(&url).unwrap().local_path(),
        Some("/home/me/Mein Profil é/#1?")
    );
}

#[test]
fn a_git_folder_reads_without_its_percent_encoding() {
    let r = FlakeRef::parse("git+file:///home/me/shared%20profile%20%C3%A9?ref=main").unwrap();
    assert_eq!(r.local_path(), Some("/home/me/shared%20profile%20%C3%A9"));
    assert_eq!(
        r.local_folder().as_deref(),
        Some("/home/me/shared profile é")
    );
}
