//! `FROST_BENCH_FIRST_PAINT=1 frost-gui PROFILE`: prints how long the window
//! took from `main()` to the first frame that shows the package list, then
//! quits. The benchmark (benches/first_paint.rs) runs it and also measures
//! from starting the process, which adds loading the libraries.
//!
//! `FROST_BENCH_SCROLL=1 frost-gui PROFILE`: once every row is in the list,
//! scrolls it from top to bottom, half a screen per frame, and prints how
//! long each frame's work took (from its tick to its painting), then quits.
//!
//! `FROST_BENCH_SCROLL=bare frost-gui PROFILE`: the same, on a bare
//! `GtkListView` put in the package list's place once every row is in it:
//! the same rows in the same order, each with the same widgets, texts,
//! icons and style classes (so it looks the same and costs the same to
//! draw), but filled by the plainest factory, with every text worked out
//! before scrolling. What Frost's list costs beyond that is its own.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::OnceLock;
use std::time::Instant;

use relm4::adw;
use relm4::gtk::{self, gdk, gdk_pixbuf, gio, glib, prelude::*};

use crate::components::package_row::{row_subtitle, shared_hint, ICON_SIZE as ROW_ICON_SIZE};
use crate::icons::fallback_icon_name;
use crate::profile_loader::Package;

const VARIABLE: &str = "FROST_BENCH_FIRST_PAINT";
const SCROLL_VARIABLE: &str = "FROST_BENCH_SCROLL";
/// A frame at 60 Hz.
const FRAME_MS: f64 = 1000.0 / 60.0;

static STARTED: OnceLock<Instant> = OnceLock::new();

/// Which list `FROST_BENCH_SCROLL` scrolls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scroll {
    No,
    Frost,
    Bare,
}

thread_local! {
    static WAITING: Cell<bool> = const { Cell::new(false) };
    static SCROLLING: Cell<Scroll> = const { Cell::new(Scroll::No) };
}

/// Called first thing in `main()`.
pub fn mark_start() {
    let _ = STARTED.set(Instant::now());
    WAITING.set(std::env::var_os(VARIABLE).is_some_and(|v| v == "1"));
    let scroll = std::env::var_os(SCROLL_VARIABLE);
    SCROLLING.set(match scroll.as_ref().and_then(|v| v.to_str()) {
        Some("1") => Scroll::Frost,
        Some("bare") => Scroll::Bare,
        _ => Scroll::No,
    });
}

/// The list just received its rows: report after the next frame that paints
/// `list` with rows in it, once per run.
pub fn list_filled(list: &gtk::ListView) {
    if !WAITING.get() {
        return;
    }
    let Some(clock) = list.frame_clock() else {
        // Not realized yet: try again once it is.
        let again = list.clone();
        list.connect_realize(move |_| list_filled(&again));
        return;
    };
    list.queue_draw();
    let list = list.downgrade();
    let handler = std::rc::Rc::new(Cell::new(None));
    let own = std::rc::Rc::clone(&handler);
    let id = clock.connect_after_paint(move |clock| {
        let Some(list) = list.upgrade() else { return };
        // Rows exist once the list was laid out in this frame.
        if !WAITING.get() || !list.is_mapped() || list.first_child().is_none() {
            return;
        }
        WAITING.set(false);
        let ms = STARTED
            .get()
            .map_or(0.0, |s| s.elapsed().as_secs_f64() * 1000.0);
        println!("first painted list: {ms:.1} ms after main()");
        if let Some(id) = own.take() {
            clock.disconnect(id);
        }
        relm4::main_application().quit();
    });
    handler.set(Some(id));
}

/// Every row is in the list: scroll through it (or the bare list in its
/// place) once, timing each frame.
pub fn list_complete(list: &gtk::ListView) {
    let mode = SCROLLING.replace(Scroll::No);
    if mode == Scroll::No {
        return;
    }
    let Some(clock) = list.frame_clock() else {
        println!("scroll: the list is not on screen");
        return;
    };
    let list = match mode {
        Scroll::Bare => match replace_with_bare(list) {
            Some(bare) => bare,
            None => {
                println!("scroll: cannot put a bare list in the package list's place");
                return;
            }
        },
        _ => list.clone(),
    };
    // Both lists start from a painted screen with all their row widgets
    // made, so the timed frames are scrolling only.
    list.queue_draw();
    let handler = Rc::new(Cell::new(None));
    let own = Rc::clone(&handler);
    let id = clock.connect_after_paint(move |clock| {
        if !list.is_mapped() || list.first_child().is_none() {
            return;
        }
        if let Some(id) = own.take() {
            clock.disconnect(id);
        }
        scroll_through(&list, clock);
    });
    handler.set(Some(id));
}

/// Scrolls `list` from top to bottom, half a screen per frame, then prints
/// each frame's work and quits.
fn scroll_through(list: &gtk::ListView, clock: &gdk::FrameClock) {
    let Some(adjustment) = list.vadjustment() else {
        println!("scroll: the list is not on screen");
        return;
    };
    // Each frame's work from its tick to its painting: on the clock, and on
    // the main thread's CPU, which other programs on a busy machine slow
    // down much less.
    let tick_at: Rc<Cell<Option<(Instant, f64)>>> = Rc::new(Cell::new(None));
    let work: Rc<RefCell<(Vec<f64>, Vec<f64>)>> = Rc::default();
    let (tick, done) = (Rc::clone(&tick_at), Rc::clone(&work));
    clock.connect_after_paint(move |_| {
        if let Some((start, cpu)) = tick.take() {
            let mut done = done.borrow_mut();
            done.0.push(start.elapsed().as_secs_f64() * 1000.0);
            done.1.push(thread_cpu_ms() - cpu);
        }
    });
    list.add_tick_callback(move |_, _| {
        let bottom = adjustment.upper() - adjustment.page_size();
        if adjustment.value() >= bottom {
            let (wall, cpu) = &mut *work.borrow_mut();
            report_scroll(wall, cpu);
            relm4::main_application().quit();
            return glib::ControlFlow::Break;
        }
        tick_at.set(Some((Instant::now(), thread_cpu_ms())));
        adjustment.set_value((adjustment.value() + adjustment.page_size() / 2.0).min(bottom));
        glib::ControlFlow::Continue
    });
}

/// How long this thread has run on a CPU, in milliseconds (Linux's
/// schedstat, in nanoseconds; NaN elsewhere).
fn thread_cpu_ms() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(f64::NAN, |ns| ns / 1e6)
}

/// One row of the bare list, worked out before scrolling.
struct BareRow {
    /// The package's own picture, else the kind's themed icon.
    icon: Result<gdk::Texture, &'static str>,
    title: String,
    subtitle: String,
    hint: String,
}

/// Puts a bare `GtkListView` of the same rows, in the same order, where
/// `list` is (the scrolled window and its clamp stay).
fn replace_with_bare(list: &gtk::ListView) -> Option<gtk::ListView> {
    let clamp = list.parent().and_downcast::<adw::ClampScrollable>()?;
    let model = list.model()?;
    let scale = list.scale_factor().max(1);
    let mut pictures: HashMap<PathBuf, Option<gdk::Texture>> = HashMap::new();
    let store = gio::ListStore::new::<glib::BoxedAnyObject>();
    let rows: Vec<glib::BoxedAnyObject> = (0..model.n_items())
        .filter_map(|position| model.item(position))
        .filter_map(|item| {
            let boxed = item.downcast::<glib::BoxedAnyObject>().ok()?;
            let package = boxed.try_borrow::<Rc<Package>>().ok()?.clone();
            let picture = package.info.icon.as_ref().and_then(|path| {
                pictures
                    .entry(path.clone())
                    .or_insert_with(|| {
                        let pixels = ROW_ICON_SIZE * scale;
                        gdk_pixbuf::Pixbuf::from_file_at_scale(path, pixels, pixels, true)
                            .ok()
                            .map(|pixbuf| gdk::Texture::for_pixbuf(&pixbuf))
                    })
                    .clone()
            });
            Some(glib::BoxedAnyObject::new(BareRow {
                icon: picture.ok_or(fallback_icon_name(package.kind())),
                title: package.title.clone(),
                subtitle: row_subtitle(&package),
                hint: shared_hint(&package),
            }))
        })
        .collect();
    store.extend_from_slice(&rows);
    let bare = gtk::ListView::new(
        Some(gtk::NoSelection::new(Some(store))),
        Some(bare_factory()),
    );
    // The package list's style: the same cards, so the same drawing.
    bare.add_css_class("package-list");
    clamp.set_child(Some(&bare));
    Some(bare)
}

/// The widgets of a package row (icon, two lines and a hint, arrow), with
/// its style classes; binding only sets what differs between rows.
fn bare_factory() -> gtk::SignalListItemFactory {
    let factory = gtk::SignalListItemFactory::new();
    factory.connect_setup(|_, item| {
        let Some(item) = item.downcast_ref::<gtk::ListItem>() else {
            return;
        };
        let label = |classes: &[&str]| {
            let label = gtk::Label::new(None);
            label.set_xalign(0.0);
            label.set_ellipsize(gtk::pango::EllipsizeMode::End);
            label.set_css_classes(classes);
            label
        };
        let row = gtk::Box::new(gtk::Orientation::Horizontal, 12);
        row.add_css_class("package-row");
        let icon = gtk::Image::new();
        icon.set_size_request(ROW_ICON_SIZE, ROW_ICON_SIZE);
        icon.set_valign(gtk::Align::Center);
        icon.add_css_class("package-icon");
        row.append(&icon);
        let text = gtk::Box::new(gtk::Orientation::Vertical, 2);
        text.set_hexpand(true);
        text.set_valign(gtk::Align::Center);
        text.append(&label(&["heading"]));
        text.append(&label(&["dim-label", "row-subtitle"]));
        text.append(&label(&["accent", "row-subtitle"]));
        row.append(&text);
        let go = gtk::Image::from_icon_name("go-next-symbolic");
        go.add_css_class("dim-label");
        row.append(&go);
        item.set_child(Some(&row));
    });
    factory.connect_bind(|_, item| {
        let Some(item) = item.downcast_ref::<gtk::ListItem>() else {
            return;
        };
        let (Some(row), Some(data)) = (
            item.child(),
            item.item().and_downcast::<glib::BoxedAnyObject>(),
        ) else {
            return;
        };
        let Ok(data) = data.try_borrow::<BareRow>() else {
            return;
        };
        let mut widgets = std::iter::successors(row.first_child(), |w| w.next_sibling());
        let (Some(icon), Some(text)) =
            (widgets.next().and_downcast::<gtk::Image>(), widgets.next())
        else {
            return;
        };
        match &data.icon {
            Ok(texture) => {
                icon.remove_css_class("symbolic-icon");
                icon.set_pixel_size(ROW_ICON_SIZE);
                icon.set_paintable(Some(texture));
            }
            Err(name) if name.ends_with("-symbolic") => {
                icon.add_css_class("symbolic-icon");
                icon.set_pixel_size(ROW_ICON_SIZE / 2);
                icon.set_icon_name(Some(name));
            }
            Err(name) => {
                icon.remove_css_class("symbolic-icon");
                icon.set_pixel_size(ROW_ICON_SIZE);
                icon.set_icon_name(Some(name));
            }
        }
        let mut lines = std::iter::successors(text.first_child(), |w| w.next_sibling())
            .filter_map(|w| w.downcast::<gtk::Label>().ok());
        let (Some(title), Some(subtitle), Some(hint)) = (lines.next(), lines.next(), lines.next())
        else {
            return;
        };
        title.set_label(&data.title);
        subtitle.set_label(&data.subtitle);
        hint.set_label(&data.hint);
        hint.set_visible(!data.hint.is_empty());
    });
    factory
}

fn report_scroll(frames: &mut [f64], cpu: &mut [f64]) {
    frames.sort_by(f64::total_cmp);
    cpu.sort_by(f64::total_cmp);
    let at = |frames: &[f64], q: f64| {
        frames
            .get(((frames.len() as f64 - 1.0) * q) as usize)
            .copied()
            .unwrap_or(0.0)
    };
    let slow = frames.iter().filter(|&&ms| ms > FRAME_MS).count();
    println!(
        "scroll: {} frames, median {:.1} ms, 95th percentile {:.1} ms, slowest {:.1} ms, over {FRAME_MS:.1} ms: {slow}; main thread's CPU median {:.1} ms",
        frames.len(),
        at(frames, 0.5),
        at(frames, 0.95),
        at(frames, 1.0),
        at(cpu, 0.5),
    );
}
