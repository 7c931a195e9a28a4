//! describe() over synthetic store-like folders in a temporary directory.

use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};

use super::*;

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn executable(path: &Path) {
    write(path, "#!/bin/sh\n");
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

const GIMP_DESKTOP: &str =
    "[Desktop Entry]\nType=Application\nName=GNU Image Manipulation Program\n\
Name[de]=GNU-Bildbearbeitungsprogramm\nComment=Create images and edit photographs\n\
Icon=gimp\nCategories=Graphics;2DGraphics;\nExec=gimp-2.10 %U\n";

const GIMP_METAINFO: &str = r#"<?xml version="1.0"?>
<component type="desktop-application">
  <id>org.gimp.GIMP</id>
  <summary>Create images and edit photographs</summary>
  <summary xml:lang="de">Bilder erstellen und Fotos bearbeiten</summary>
  <launchable type="desktop-id">gimp.desktop</launchable>
</component>"#;

/// A gimp-like package: out (apps, icons, metainfo, bin) and a man output.
fn gimp(store: &Path) -> Vec<String> {
    let out = store.join("aaaa-gimp-2.10.38");
    write(&out.join("share/applications/gimp.desktop"), GIMP_DESKTOP);
    write(
        &out.join("share/applications/gimp-helper.desktop"),
        "[Desktop Entry]\nType=Application\nName=Helper\nNoDisplay=true\nIcon=gimp-helper\n",
    );
    for size in ["16x16", "48x48", "256x256", "32x32@2"] {
        write(
            &out.join(format!("share/icons/hicolor/{size}/apps/gimp.png")),
            size,
        );
    }
    write(
        &out.join("share/icons/hicolor/512x512/apps/other.png"),
        "not gimp",
    );
    write(
        &out.join("share/metainfo/org.gimp.GIMP.metainfo.xml"),
        GIMP_METAINFO,
    );
    executable(&out.join("bin/gimp-2.10"));
    symlink("gimp-2.10", out.join("bin/gimp")).unwrap();
    executable(&out.join("bin/.gimp-wrapped"));
    write(&out.join("bin/README"), "not executable");
    let man = store.join("bbbb-gimp-2.10.38-man");
    write(&man.join("share/man/man1/gimp.1.gz"), "");
    vec![s(&out), s(&man)]
}

#[test]
fn an_app_with_icons_metainfo_and_commands() {
    let dir = tempfile::tempdir().unwrap();
    let paths = gimp(dir.path());
    let info = describe_for_languages(&paths, &[]);
    assert_eq!(info.kind, PackageKind::App);
    let ids: Vec<&str> = info.desktop_entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["gimp.desktop", "gimp-helper.desktop"]);
    let main = &info.desktop_entries[0];
    assert_eq!(main.name, "GNU Image Manipulation Program");
    assert_eq!(main.categories, ["Graphics", "2DGraphics"]);
    assert_eq!(main.exec.as_deref(), Some("gimp-2.10 %U"));
    assert!(info.desktop_entries[1].no_display);
    // 256x256 beats 32x32@2 (64 px) and the smaller ones; other.png is another icon.
    let icon = info.icon.unwrap();
    assert!(
        icon.ends_with("share/icons/hicolor/256x256/apps/gimp.png"),
        "{icon:?}"
    );
    assert_eq!(
        info.summary.as_deref(),
        Some("Create images and edit photographs")
    );
    assert_eq!(info.commands, ["gimp", "gimp-2.10"]);
}

#[test]
fn localized_names_and_summary() {
    let dir = tempfile::tempdir().unwrap();
    let paths = gimp(dir.path());
    let langs = languages_from(Some("de_AT:en"), Some("de_AT.UTF-8"));
    assert_eq!(langs, ["de_AT", "de", "en"]);
    let info = describe_for_languages(&paths, &langs);
    assert_eq!(info.desktop_entries[0].name, "GNU-Bildbearbeitungsprogramm");
    assert_eq!(
        info.summary.as_deref(),
        Some("Bilder erstellen und Fotos bearbeiten")
    );
}

#[test]
fn scalable_svg_wins_then_pixmaps_then_absolute_paths() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("cccc-editor-1.0");
    let desktop =
        |icon: &str| format!("[Desktop Entry]\nType=Application\nName=Editor\nIcon={icon}\n");
    write(
        &root.join("share/applications/editor.desktop"),
        &desktop("editor"),
    );
    write(
        &root.join("share/icons/hicolor/128x128/apps/editor.png"),
        "png",
    );
    write(
        &root.join("share/icons/hicolor/scalable/apps/editor.svg"),
        "<svg/>",
    );
    let paths = vec![s(&root)];
    let icon = describe_for_languages(&paths, &[]).icon.unwrap();
    assert!(
        icon.ends_with("hicolor/scalable/apps/editor.svg"),
        "{icon:?}"
    );

    // Only a pixmap, and the Icon value wrongly carries an extension.
    write(
        &root.join("share/applications/editor.desktop"),
        &desktop("pix.png"),
    );
    write(&root.join("share/pixmaps/pix.png"), "png");
    let icon = describe_for_languages(&paths, &[]).icon.unwrap();
    assert_eq!(icon, root.join("share/pixmaps/pix.png"));

    let absolute = root.join("lib/editor/logo.svg");
    write(&absolute, "<svg/>");
    write(
        &root.join("share/applications/editor.desktop"),
        &desktop(&s(&absolute)),
    );
    assert_eq!(describe_for_languages(&paths, &[]).icon, Some(absolute));

    write(
        &root.join("share/applications/editor.desktop"),
        &desktop("missing"),
    );
    let info = describe_for_languages(&paths, &[]);
    assert_eq!(info.kind, PackageKind::App);
    assert_eq!(info.icon, None);
    assert_eq!(info.desktop_entries[0].icon.as_deref(), Some("missing"));
}

#[test]
fn build_env_links_are_followed_and_bad_links_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path();
    let gimp_paths = gimp(store);
    let gimp_out = PathBuf::from(&gimp_paths[0]);
    // An environment made of links into the gimp package, like buildEnv.
    let env = store.join("dddd-env");
    std::fs::create_dir_all(env.join("bin")).unwrap();
    std::fs::create_dir_all(env.join("share")).unwrap();
    symlink(
        gimp_out.join("share/applications"),
        env.join("share/applications"),
    )
    .unwrap();
    symlink(gimp_out.join("share/icons"), env.join("share/icons")).unwrap();
    symlink(gimp_out.join("bin/gimp"), env.join("bin/gimp")).unwrap();
    symlink("nowhere", env.join("bin/dangling")).unwrap();
    symlink("loop2", env.join("bin/loop1")).unwrap();
    symlink("loop1", env.join("bin/loop2")).unwrap();
    symlink("..", env.join("share/metainfo")).unwrap();
    symlink("self", env.join("share/pixmaps")).unwrap();
    let info = describe_for_languages(&[s(&env)], &[]);
    assert_eq!(info.kind, PackageKind::App);
    assert_eq!(info.commands, ["gimp"]);
    assert!(info.icon.is_some());
    // Without metainfo, the comment is the summary.
    assert_eq!(
        info.summary.as_deref(),
        Some("Create images and edit photographs")
    );
}

#[test]
fn tools_and_others() {
    let dir = tempfile::tempdir().unwrap();
    let tool = dir.path().join("eeee-ripgrep-14.1");
    executable(&tool.join("bin/rg"));
    let info = describe_for_languages(&[s(&tool)], &[]);
    assert_eq!(info.kind, PackageKind::Tool);
    assert_eq!(info.commands, ["rg"]);
    assert!(info.desktop_entries.is_empty() && info.icon.is_none() && info.summary.is_none());

    // Only a hidden desktop entry: still a tool, not an app.
    write(
        &tool.join("share/applications/rg.desktop"),
        "[Desktop Entry]\nType=Application\nName=rg\nNoDisplay=true\n",
    );
    assert_eq!(
        describe_for_languages(&[s(&tool)], &[]).kind,
        PackageKind::Tool
    );

    let lib = dir.path().join("ffff-libfoo-1.0");
    write(&lib.join("lib/libfoo.so"), "");
    write(&lib.join("bin/foo-config"), "not executable");
    assert_eq!(
        describe_for_languages(&[s(&lib)], &[]).kind,
        PackageKind::Other
    );
    let none = describe_for_languages(&["/nonexistent/frost-test".into(), String::new()], &[]);
    assert_eq!(none.kind, PackageKind::Other);
}

#[test]
fn weird_files_do_not_break_anything() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("gggg-weird");
    let apps = root.join("share/applications");
    std::fs::create_dir_all(apps.join("dir.desktop")).unwrap();
    std::fs::write(apps.join("binary.desktop"), [0xff, 0xfe, 0, 1, b'[', b'\n']).unwrap();
    write(
        &apps.join("kde/app.desktop"),
        "[Desktop Entry]\nType=Application\nName=K\n",
    );
    write(
        &root.join("share/metainfo/bad.xml"),
        "<component><summary>half",
    );
    let info = describe_for_languages(&[s(&root)], &[]);
    let ids: Vec<&str> = info.desktop_entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["kde-app.desktop"]);
    assert_eq!(info.kind, PackageKind::App);
}

#[test]
fn language_lists() {
    assert_eq!(languages_from(None, Some("C.UTF-8")), Vec::<String>::new());
    assert_eq!(languages_from(Some("de"), Some("C")), Vec::<String>::new());
    assert_eq!(
        languages_from(None, Some("sr_RS.UTF-8@latin")),
        ["sr_RS@latin", "sr_RS", "sr@latin", "sr"]
    );
    assert_eq!(
        languages_from(Some("fr::de"), Some("en_US")),
        ["fr", "de", "en_US", "en"]
    );
}
