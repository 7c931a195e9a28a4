//! The best file for a desktop entry's `Icon`, looked up only inside the
//! package's own store paths: hicolor's scalable SVG, else the largest hicolor
//! PNG, else `share/pixmaps`. No theme index is read: packages install into
//! hicolor, and the folder names already say the sizes.

use std::path::{Path, PathBuf};

use super::MAX_FILES;

/// Extensions some desktop files wrongly put into `Icon=`; GTK strips them.
const IMAGE_EXTENSIONS: [&str; 3] = [".png", ".svg", ".xpm"];

/// The icon file for `icon` (a name or an absolute path) in `roots`.
pub(super) fn find(roots: &[PathBuf], icon: &str) -> Option<PathBuf> {
    let as_path = Path::new(icon);
    if as_path.is_absolute() {
        return as_path.is_file().then(|| as_path.to_path_buf());
    }
    // A name must not climb out of the icon folders.
    if icon.is_empty() || icon.contains('/') || icon.starts_with('.') {
        return None;
    }
    let name = IMAGE_EXTENSIONS
        .iter()
        .find_map(|ext| icon.strip_suffix(ext))
        .unwrap_or(icon);
    let hicolor = |root: &PathBuf| root.join("share/icons/hicolor");
    let scalable = roots.iter().find_map(|root| {
        let svg = hicolor(root).join(format!("scalable/apps/{name}.svg"));
        svg.is_file().then_some(svg)
    });
    if scalable.is_some() {
        return scalable;
    }
    let mut best: Option<(u32, PathBuf)> = None;
    for root in roots {
        for (size, dir) in size_dirs(&hicolor(root)) {
            let png = dir.join(format!("apps/{name}.png"));
            if best.as_ref().is_none_or(|(b, _)| size > *b) && png.is_file() {
                best = Some((size, png));
            }
        }
    }
    if let Some((_, png)) = best {
        return Some(png);
    }
    roots.iter().find_map(|root| {
        let pixmaps = root.join("share/pixmaps");
        [".svg", ".png", ".xpm"]
            .iter()
            .map(|ext| pixmaps.join(format!("{name}{ext}")))
            .chain(std::iter::once(pixmaps.join(icon)))
            .find(|p| p.is_file())
    })
}

/// The `NxN` and `NxN@S` folders of a theme, with their pixel size.
fn size_dirs(theme: &Path) -> Vec<(u32, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(theme) else {
        return Vec::new();
    };
    entries
        .flatten()
        .take(MAX_FILES)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            Some((pixel_size(&name)?, e.path()))
        })
        .collect()
}

fn pixel_size(dir_name: &str) -> Option<u32> {
    let (dims, scale) = match dir_name.split_once('@') {
        Some((dims, scale)) => (dims, scale.parse::<u32>().ok()?),
        None => (dir_name, 1),
    };
    let (w, h) = dims.split_once('x')?;
    let (w, h) = (w.parse::<u32>().ok()?, h.parse::<u32>().ok()?);
    w.min(h).checked_mul(scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_sizes() {
        assert_eq!(pixel_size("48x48"), Some(48));
        assert_eq!(pixel_size("256x256@2"), Some(512));
        assert_eq!(pixel_size("scalable"), None);
        assert_eq!(pixel_size("symbolic"), None);
        assert_eq!(pixel_size("4294967295x4294967295@2"), None);
    }

    #[test]
    fn names_cannot_escape() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("secret.png"), "x").unwrap();
        let roots = [dir.path().join("share/pixmaps/sub")];
        assert_eq!(find(&roots, "../../../secret.png"), None);
        assert_eq!(find(&roots, ""), None);
    }
}
