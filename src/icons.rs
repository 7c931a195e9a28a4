//! Package icons, decoded off the main loop. A row first shows its kind's
//! themed icon and swaps in the package's own picture when it is ready, so
//! the first paint never waits for an SVG to render. Decoded textures are
//! kept for the session: a profile has few apps, and rows are rebound often
//! while scrolling.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use frost_core::describe::PackageKind;
use relm4::gtk::{self, gdk, gdk_pixbuf, gio, glib, prelude::*};

type Key = (PathBuf, i32);
type Waiter = Box<dyn FnOnce(Option<&gdk::Texture>)>;

thread_local! {
    static DECODED: RefCell<HashMap<Key, Option<gdk::Texture>>> = RefCell::new(HashMap::new());
    static WAITING: RefCell<HashMap<Key, Vec<Waiter>>> = RefCell::new(HashMap::new());
}

/// The themed icon for a package without a picture of its own.
pub fn fallback_icon_name(kind: PackageKind) -> &'static str {
    match kind {
        PackageKind::App => "application-x-executable",
        PackageKind::Tool => "utilities-terminal-symbolic",
        PackageKind::Other => "package-x-generic-symbolic",
    }
}

/// Calls `done` with the texture of `path` decoded at `pixels` square,
/// `None` if it cannot be decoded. Immediately when decoded before, else on
/// the main loop once a worker thread has decoded it.
pub fn load(path: &Path, pixels: i32, done: impl FnOnce(Option<&gdk::Texture>) + 'static) {
    let key = (path.to_path_buf(), pixels);
    let cached = DECODED.with_borrow(|d| d.get(&key).cloned());
    if let Some(texture) = cached {
        done(texture.as_ref());
        return;
    }
    let first = WAITING.with_borrow_mut(|w| {
        let waiters = w.entry(key.clone()).or_default();
        waiters.push(Box::new(done));
        waiters.len() == 1
    });
    if !first {
        return;
    }
    glib::spawn_future_local(async move {
        let (path, size) = key.clone();
        // GdkTexture is immutable and thread-safe; the pixbuf never leaves
        // the worker thread.
        let texture = gio::spawn_blocking(move || {
            gdk_pixbuf::Pixbuf::from_file_at_scale(&path, size, size, true)
                .ok()
                .map(|pixbuf| gdk::Texture::for_pixbuf(&pixbuf))
        })
        .await
        .ok()
        .flatten();
        DECODED.with_borrow_mut(|d| d.insert(key.clone(), texture.clone()));
        let waiters = WAITING
            .with_borrow_mut(|w| w.remove(&key))
            .unwrap_or_default();
        for waiter in waiters {
            waiter(texture.as_ref());
        }
    });
}

/// A `gtk::Image` that shows a package's icon. Remembers which icon it
/// should show, so a decode that finishes after the row was recycled for
/// another package is dropped instead of showing the wrong picture.
#[derive(Debug, Clone)]
pub struct IconSlot {
    pub image: gtk::Image,
    size: i32,
    wanted: Rc<RefCell<Option<Key>>>,
}

impl IconSlot {
    pub fn new(pixel_size: i32) -> IconSlot {
        let image = gtk::Image::new();
        image.set_pixel_size(pixel_size);
        image.set_size_request(pixel_size, pixel_size);
        // Decorative: the row or page already names the package.
        image.set_accessible_role(gtk::AccessibleRole::Presentation);
        IconSlot {
            image,
            size: pixel_size,
            wanted: Rc::new(RefCell::new(None)),
        }
    }

    /// Shows `icon` (a file inside the package), or the kind's themed icon
    /// until it is decoded and when there is none.
    pub fn show(&self, icon: Option<&Path>, kind: PackageKind) {
        let size = self.size;
        let fallback = fallback_icon_name(kind);
        let Some(path) = icon else {
            self.wanted.replace(None);
            self.show_themed(fallback);
            return;
        };
        // Decode for the screen's scale so HiDPI icons stay sharp.
        let pixels = size * self.image.scale_factor().max(1);
        let key = (path.to_path_buf(), pixels);
        if self.wanted.borrow().as_ref() == Some(&key) {
            return;
        }
        self.wanted.replace(Some(key.clone()));
        self.show_themed(fallback);
        let image = self.image.downgrade();
        let wanted = Rc::downgrade(&self.wanted);
        load(path, pixels, move |texture| {
            let (Some(image), Some(wanted)) = (image.upgrade(), wanted.upgrade()) else {
                return;
            };
            if wanted.borrow().as_ref() != Some(&key) {
                return;
            }
            if let Some(texture) = texture {
                image.set_css_classes(&["package-icon"]);
                image.set_pixel_size(size);
                image.set_paintable(Some(texture));
            }
        });
    }

    /// A symbolic icon is drawn at half size on a tinted square (see
    /// style.css), a full-color one fills the slot.
    fn show_themed(&self, name: &str) {
        // A recycled row often shows the same kind's icon again: setting it
        // anyway would restyle the image and measure the row again.
        if self.image.storage_type() == gtk::ImageType::IconName
            && self.image.icon_name().as_deref() == Some(name)
        {
            return;
        }
        if name.ends_with("-symbolic") {
            self.image
                .set_css_classes(&["package-icon", "symbolic-icon"]);
            self.image.set_pixel_size(self.size / 2);
        } else {
            self.image.set_css_classes(&["package-icon"]);
            self.image.set_pixel_size(self.size);
        }
        self.image.set_icon_name(Some(name));
    }
}
