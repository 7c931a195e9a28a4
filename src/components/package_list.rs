//! The profile's packages in sections (apps, command-line tools, other),
//! filtered by the search. A GtkListView over a sorted, filtered model: it
//! only creates widgets for the rows on screen, so a profile of a thousand
//! packages scrolls as smoothly as one of ten.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use frost_core::catalog::{name_order, SearchQuery};
use frost_core::i18n::gettext;
use relm4::adw::prelude::*;
use relm4::gtk::{gio, glib};
use relm4::prelude::*;

use super::layout::{CONTENT_TIGHTENING, CONTENT_WIDTH};
use super::package_row::PackageRow;
use crate::profile_loader::Package;

/// No row is shorter than this (see style.css): how many fit on screen.
const MIN_ROW_HEIGHT: i32 = 60;
/// GtkListView keeps widgets for this many rows (GTK_LIST_VIEW_MAX_LIST_ITEMS).
const ROW_WIDGETS: usize = 200;
/// Rows added per frame until they all have widgets: about 20 ms of work.
const ROWS_PER_FRAME: usize = 20;

pub struct PackageList {
    /// One `BoxedAnyObject` holding an `Rc<Package>` per element, unsorted:
    /// the sort model orders them, so updates only add, replace and remove.
    store: gio::ListStore,
    filter: gtk::CustomFilter,
    filtered: gtk::FilterListModel,
    query: Rc<RefCell<SearchQuery>>,
    view: gtk::ListView,
    /// Packages waiting for the list view to get its size.
    pending: Option<Vec<Package>>,
    /// All packages, while only those on screen are shown yet.
    rest: Option<Vec<Package>>,
}

impl std::fmt::Debug for PackageList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PackageList")
            .field("rows", &self.store.n_items())
            .field("shown", &self.filtered.n_items())
            .finish()
    }
}

#[derive(Debug)]
pub enum PackageListInput {
    /// The profile's packages now; rows that did not change stay as they
    /// are, so the scroll position and keyboard focus survive a refresh.
    Show(Vec<Package>),
    Search(String),
    Activated(u32),
    /// The list view got its size: show what arrived before.
    FillPending,
    /// The first rows were painted: add the others.
    FillRest,
}

#[derive(Debug)]
pub enum PackageListOutput {
    /// The user opened the package with this element name.
    Open(String),
}

fn package_of(object: &glib::Object) -> Option<Rc<Package>> {
    let boxed = object.downcast_ref::<glib::BoxedAnyObject>()?;
    let package = boxed.try_borrow::<Rc<Package>>().ok()?;
    Some(Rc::clone(&package))
}

fn to_gtk(ordering: std::cmp::Ordering) -> gtk::Ordering {
    ordering.into()
}

impl PackageList {
    fn has_results(&self) -> bool {
        self.filtered.n_items() > 0 || self.store.n_items() == 0
    }

    fn update_rows(&self, packages: Vec<Package>) {
        // GTK keeps the first row in place as rows come and go, which leaves
        // its section's heading above the top: a list seen from the top
        // stays at the top, heading included.
        if self.view.vadjustment().is_none_or(|a| a.value() <= 0.0) {
            keep_at_top(&self.view);
        }
        let mut wanted: HashMap<String, Package> = HashMap::with_capacity(packages.len());
        let mut order: Vec<String> = Vec::with_capacity(packages.len());
        for p in packages {
            order.push(p.element.name.clone());
            wanted.insert(p.element.name.clone(), p);
        }
        for position in (0..self.store.n_items()).rev() {
            let Some(old) = self.store.item(position).as_ref().and_then(package_of) else {
                continue;
            };
            match wanted.remove(&old.element.name) {
                None => self.store.remove(position),
                Some(new) if new != *old => {
                    let item = glib::BoxedAnyObject::new(Rc::new(new));
                    self.store.splice(position, 1, &[item]);
                }
                Some(_) => {}
            }
        }
        // In the loader's order, which is the list's: GTK's merge sort then
        // checks them in one pass instead of sorting from scratch.
        let added: Vec<glib::BoxedAnyObject> = order
            .iter()
            .filter_map(|name| wanted.remove(name))
            .map(|p| glib::BoxedAnyObject::new(Rc::new(p)))
            .collect();
        self.store.extend_from_slice(&added);
    }

    /// Fills the list once the view has its size, a screenful first. A
    /// list view keeps row widgets for the 200 items around its anchor, and
    /// making one takes about a millisecond: the first screen is painted
    /// before the others are made, a few per frame, so neither the first
    /// paint nor any later frame waits for all of them.
    fn show(&mut self, packages: Vec<Package>, sender: &ComponentSender<Self>) {
        self.rest = None;
        let height = self.view.height();
        if height == 0 {
            let waiting = self.pending.replace(packages).is_some();
            if !waiting {
                let sender = sender.clone();
                // Tick callbacks run only while the view is on screen.
                self.view.add_tick_callback(move |view, _| {
                    if view.height() == 0 {
                        return glib::ControlFlow::Continue;
                    }
                    sender.input(PackageListInput::FillPending);
                    glib::ControlFlow::Break
                });
            }
            return;
        }
        let on_screen = usize::try_from(height / MIN_ROW_HEIGHT + 2).unwrap_or(usize::MAX);
        if self.store.n_items() > 0 || packages.len() <= on_screen {
            self.fill(packages);
            return;
        }
        let first = packages[..on_screen].to_vec();
        self.rest = Some(packages);
        self.fill(first);
        self.after_next_paint(sender);
    }

    /// Adds the next few rows of a list shown a screenful first.
    fn fill_rest(&mut self, sender: &ComponentSender<Self>) {
        let Some(packages) = self.rest.take() else {
            return;
        };
        let shown = self.store.n_items() as usize;
        if shown >= ROW_WIDGETS || shown + ROWS_PER_FRAME >= packages.len() {
            // Every row widget exists: the others cost no more than a sort.
            self.update_rows(packages);
            #[cfg(feature = "test-hooks")]
            crate::bench::list_complete(&self.view);
            return;
        }
        self.update_rows(packages[..shown + ROWS_PER_FRAME].to_vec());
        self.rest = Some(packages);
        self.after_next_paint(sender);
    }

    fn after_next_paint(&self, sender: &ComponentSender<Self>) {
        let Some(clock) = self.view.frame_clock() else {
            sender.input(PackageListInput::FillRest);
            return;
        };
        let handler = Rc::new(Cell::new(None));
        let own = Rc::clone(&handler);
        let sender = sender.clone();
        let id = clock.connect_after_paint(move |clock| {
            if let Some(id) = own.take() {
                clock.disconnect(id);
            }
            sender.input(PackageListInput::FillRest);
        });
        handler.set(Some(id));
    }

    fn fill(&self, packages: Vec<Package>) {
        self.update_rows(packages);
        #[cfg(feature = "test-hooks")]
        if self.store.n_items() > 0 {
            crate::bench::list_filled(&self.view);
            if self.rest.is_none() {
                crate::bench::list_complete(&self.view);
            }
        }
    }

    fn search(&self, text: &str) {
        let new = SearchQuery::new(text);
        let change = {
            let old = self.query.borrow();
            if *old == new {
                return;
            } else if old.is_narrowed_by(&new) {
                gtk::FilterChange::MoreStrict
            } else if new.is_narrowed_by(&old) {
                gtk::FilterChange::LessStrict
            } else {
                gtk::FilterChange::Different
            }
        };
        self.query.replace(new);
        self.filter.changed(change);
        // A new search starts at the top, as in GNOME Software.
        if self.filtered.n_items() > 0 {
            self.view
                .scroll_to(0, gtk::ListScrollFlags::NONE, None::<gtk::ScrollInfo>);
        }
    }
}

/// Scrolls `view` back to the very top right after GTK's next layout, in
/// the same frame, so the first section's heading is never painted away.
fn keep_at_top(view: &gtk::ListView) {
    let Some(clock) = view.frame_clock() else {
        return;
    };
    let handler = Rc::new(Cell::new(None));
    let own = Rc::clone(&handler);
    let view = view.downgrade();
    // Runs after GTK's own layout handler, connected when the window was
    // realized; GTK lays out again when this changes the scroll position.
    let id = clock.connect_layout(move |clock| {
        if let Some(id) = own.take() {
            clock.disconnect(id);
        }
        if let Some(adjustment) = view.upgrade().and_then(|v| v.vadjustment()) {
            adjustment.set_value(0.0);
        }
    });
    handler.set(Some(id));
}

/// GTK keeps the row at the top in place when the list's height changes
/// (the operations bar opening below it, its log unfolding), which scrolls
/// a list seen from the very top past its first heading. After a layout
/// that changed the height, a list that was at the top goes back there.
fn stay_at_top_when_resized(view: &gtk::ListView) {
    let handler: Rc<Cell<Option<glib::SignalHandlerId>>> = Rc::default();
    let own = Rc::clone(&handler);
    view.connect_realize(move |view| {
        let Some(clock) = view.frame_clock() else {
            return;
        };
        // The height and whether the list was at the top, as of the last
        // layout. Connected after the window's own layout handler (the
        // window is realized first), so this sees the new allocation.
        let last = Cell::new((view.height(), true));
        let weak = view.downgrade();
        let id = clock.connect_layout(move |_| {
            let Some(view) = weak.upgrade() else { return };
            let Some(adjustment) = view.vadjustment() else {
                return;
            };
            let height = view.height();
            let (was_height, was_at_top) = last.get();
            if height != was_height && was_at_top && adjustment.value() > 0.0 {
                adjustment.set_value(0.0);
            }
            last.set((height, adjustment.value() <= 0.0));
        });
        if let Some(old) = own.replace(Some(id)) {
            clock.disconnect(old);
        }
    });
    view.connect_unrealize(move |view| {
        if let (Some(clock), Some(id)) = (view.frame_clock(), handler.take()) {
            clock.disconnect(id);
        }
    });
}

/// Whether the row at `position` of `model` is the first and the last of
/// its section.
fn edges(model: &impl IsA<gio::ListModel>, position: u32) -> (bool, bool) {
    let section = |p: u32| {
        model
            .item(p)
            .as_ref()
            .and_then(package_of)
            .map(|p| p.kind().section_order())
    };
    let this = section(position);
    let first = position == 0 || section(position - 1) != this;
    (first, section(position + 1) != this)
}

fn set_edges(item: &gtk::ListItem, model: &gtk::FilterListModel) {
    if let Some(row) = item.child().and_downcast::<PackageRow>() {
        let position = item.position();
        if position != gtk::INVALID_LIST_POSITION {
            let (first, last) = edges(model, position);
            row.set_edges(first, last);
        }
    }
}

/// The rows' factory. Each section is drawn as one boxed list: its first
/// and last rows get rounded corners (GTK's CSS cannot tell a row that
/// ends a section). A row learns it when bound; when rows come and go
/// around it (a search narrowing the list), every row is looked at again
/// before the next frame is drawn.
fn row_factory(model: &gtk::FilterListModel) -> gtk::SignalListItemFactory {
    let factory = gtk::SignalListItemFactory::new();
    let items: Rc<RefCell<Vec<glib::WeakRef<gtk::ListItem>>>> = Rc::default();
    {
        let items = Rc::clone(&items);
        factory.connect_setup(move |_, item| {
            if let Some(item) = item.downcast_ref::<gtk::ListItem>() {
                item.set_child(Some(&PackageRow::default()));
                items.borrow_mut().push(item.downgrade());
            }
        });
    }
    {
        let model = model.clone();
        factory.connect_bind(move |_, item| {
            let Some(item) = item.downcast_ref::<gtk::ListItem>() else {
                return;
            };
            let row = item.child().and_downcast::<PackageRow>();
            if let (Some(row), Some(package)) = (row, item.item().as_ref().and_then(package_of)) {
                row.bind(&package, item);
                set_edges(item, &model);
            }
        });
    }
    let pending = Rc::new(Cell::new(false));
    let weak = model.downgrade();
    model.connect_items_changed(move |_, _, _, _| {
        if pending.replace(true) {
            return;
        }
        let (items, pending, weak) = (Rc::clone(&items), Rc::clone(&pending), weak.clone());
        // After the list view has placed the rows, before it draws them.
        glib::idle_add_local_full(glib::Priority::HIGH_IDLE, move || {
            pending.set(false);
            if let Some(model) = weak.upgrade() {
                items.borrow_mut().retain(|item| match item.upgrade() {
                    Some(item) => {
                        set_edges(&item, &model);
                        true
                    }
                    None => false,
                });
            }
            glib::ControlFlow::Break
        });
    });
    factory
}

fn header_factory() -> gtk::SignalListItemFactory {
    let factory = gtk::SignalListItemFactory::new();
    factory.connect_setup(|_, header| {
        if let Some(header) = header.downcast_ref::<gtk::ListHeader>() {
            let label = gtk::Label::new(None);
            label.set_xalign(0.0);
            label.add_css_class("heading");
            label.set_accessible_role(gtk::AccessibleRole::Heading);
            header.set_child(Some(&label));
        }
    });
    factory.connect_bind(|_, header| {
        let Some(header) = header.downcast_ref::<gtk::ListHeader>() else {
            return;
        };
        let label = header.child().and_downcast::<gtk::Label>();
        if let (Some(label), Some(first)) = (label, header.item().as_ref().and_then(package_of)) {
            label.set_label(&first.kind().section_title());
        }
    });
    factory
}

#[relm4::component(pub)]
impl SimpleComponent for PackageList {
    type Init = ();
    type Input = PackageListInput;
    type Output = PackageListOutput;

    view! {
        gtk::Stack {
            set_vexpand: true,

            add_named[Some("list")] = &gtk::ScrolledWindow {
                set_hscrollbar_policy: gtk::PolicyType::Never,

                adw::ClampScrollable {
                    set_maximum_size: CONTENT_WIDTH,
                    set_tightening_threshold: CONTENT_TIGHTENING,

                    #[local_ref]
                    list_view -> gtk::ListView {
                        add_css_class: "package-list",
                        set_single_click_activate: true,
                        set_tab_behavior: gtk::ListTabBehavior::Item,
                        update_property: &[gtk::accessible::Property::Label(&gettext("Packages"))],
                        connect_activate[sender] => move |_, position| {
                            sender.input(PackageListInput::Activated(position));
                        },
                    },
                },
            },

            add_named[Some("no-results")] = &adw::StatusPage {
                set_icon_name: Some("edit-find-symbolic"),
                set_title: &gettext("No Results Found"),
                set_description: Some(&gettext("Try a different search: a name, a word from a description, or a command.")),
            },

            #[watch]
            set_visible_child_name: if model.has_results() { "list" } else { "no-results" },
        }
    }

    fn init(
        _init: Self::Init,
        root: Self::Root,
        sender: ComponentSender<Self>,
    ) -> ComponentParts<Self> {
        let store = gio::ListStore::new::<glib::BoxedAnyObject>();
        let by_name = gtk::CustomSorter::new(|a, b| match (package_of(a), package_of(b)) {
            (Some(a), Some(b)) => to_gtk(name_order(&a.title, &b.title)),
            _ => gtk::Ordering::Equal,
        });
        let by_section = gtk::CustomSorter::new(|a, b| match (package_of(a), package_of(b)) {
            (Some(a), Some(b)) => to_gtk(a.kind().section_order().cmp(&b.kind().section_order())),
            _ => gtk::Ordering::Equal,
        });
        let sorted = gtk::SortListModel::new(Some(store.clone()), Some(by_name));
        sorted.set_section_sorter(Some(&by_section));

        let query = Rc::new(RefCell::new(SearchQuery::default()));
        let filter = {
            let query = Rc::clone(&query);
            gtk::CustomFilter::new(move |item| {
                package_of(item).is_some_and(|p| query.borrow().matches(&p.search))
            })
        };
        let filtered = gtk::FilterListModel::new(Some(sorted), Some(filter.clone()));
        let list_view = gtk::ListView::new(
            Some(gtk::NoSelection::new(Some(filtered.clone()))),
            Some(row_factory(&filtered)),
        );
        list_view.set_header_factory(Some(&header_factory()));
        stay_at_top_when_resized(&list_view);

        let model = PackageList {
            store,
            filter,
            filtered,
            query,
            view: list_view.clone(),
            pending: None,
            rest: None,
        };
        let list_view = &model.view;
        let widgets = view_output!();
        ComponentParts { model, widgets }
    }

    fn update(&mut self, message: Self::Input, sender: ComponentSender<Self>) {
        match message {
            PackageListInput::Show(packages) => self.show(packages, &sender),
            PackageListInput::FillPending => {
                if let Some(packages) = self.pending.take() {
                    self.show(packages, &sender);
                }
            }
            PackageListInput::FillRest => self.fill_rest(&sender),
            PackageListInput::Search(text) => self.search(&text),
            PackageListInput::Activated(position) => {
                if let Some(package) = self.filtered.item(position).as_ref().and_then(package_of) {
                    // Only fails when the window is gone.
                    let _ = sender.output(PackageListOutput::Open(package.element.name.clone()));
                }
            }
        }
    }
}
