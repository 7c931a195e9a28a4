//! One row of the package list: the element's name, where it came from, and
//! its version. Rows are recycled by the list view, so `setup` builds the
//! widgets once and `bind` only fills in text.

use frost_core::i18n::{gettext, gettext_f};
use relm4::gtk::{self, glib, prelude::*};
use relm4::typed_view::list::RelmListItem;

use crate::profile_loader::Package;

#[derive(Debug)]
pub struct PackageRow {
    pub package: Package,
}

impl PackageRow {
    pub fn new(package: Package) -> Self {
        PackageRow { package }
    }

    /// What a screen reader announces for the whole row, in one sentence,
    /// instead of three separate labels. No "from": the source may be
    /// "no source recorded".
    fn accessible_label(&self) -> String {
        let element = &self.package.element;
        match &element.version {
            Some(version) => gettext_f(
                "{name}, version {version}, {source}",
                &[
                    ("name", &element.name),
                    ("version", version),
                    ("source", &self.package.source),
                ],
            ),
            None => gettext_f(
                "{name}, no version, {source}",
                &[("name", &element.name), ("source", &self.package.source)],
            ),
        }
    }
}

pub struct PackageRowWidgets {
    name: gtk::Label,
    source: gtk::Label,
    version: gtk::Label,
    // Weak: the list item owns the row's widgets, and these widgets are
    // stored on the row, so a strong reference would keep both alive forever.
    list_item: glib::WeakRef<gtk::ListItem>,
}

impl RelmListItem for PackageRow {
    type Root = gtk::Box;
    type Widgets = PackageRowWidgets;

    fn setup(list_item: &gtk::ListItem) -> (gtk::Box, PackageRowWidgets) {
        // Nothing happens on activation yet (the details page comes later),
        // so the row must not look clickable.
        list_item.set_activatable(false);

        relm4::view! {
            root = gtk::Box {
                set_orientation: gtk::Orientation::Horizontal,
                set_spacing: 12,
                add_css_class: "package-row",

                gtk::Box {
                    set_orientation: gtk::Orientation::Vertical,
                    set_hexpand: true,
                    set_valign: gtk::Align::Center,
                    set_spacing: 3,

                    #[name = "name"]
                    gtk::Label {
                        set_xalign: 0.0,
                        set_ellipsize: gtk::pango::EllipsizeMode::End,
                        add_css_class: "package-name",
                    },

                    #[name = "source"]
                    gtk::Label {
                        set_xalign: 0.0,
                        set_ellipsize: gtk::pango::EllipsizeMode::End,
                        add_css_class: "dim-label",
                        add_css_class: "caption",
                    },
                },

                #[name = "version"]
                gtk::Label {
                    set_valign: gtk::Align::Center,
                    set_xalign: 1.0,
                    // Versions like "0-unstable-2024-05-12" must not push the
                    // name out of the row; the tooltip has the full text.
                    set_max_width_chars: 24,
                    set_ellipsize: gtk::pango::EllipsizeMode::Middle,
                    add_css_class: "dim-label",
                    add_css_class: "numeric",
                },
            }
        }

        let widgets = PackageRowWidgets {
            name,
            source,
            version,
            list_item: list_item.downgrade(),
        };
        (root, widgets)
    }

    fn bind(&mut self, widgets: &mut Self::Widgets, _root: &mut Self::Root) {
        let element = &self.package.element;
        widgets.name.set_label(&element.name);
        widgets.name.set_tooltip_text(Some(&element.name));
        widgets.source.set_label(&self.package.source);
        widgets.source.set_tooltip_text(Some(&self.package.source));
        match &element.version {
            Some(version) => {
                widgets.version.set_label(version);
                widgets.version.set_tooltip_text(Some(version));
            }
            None => {
                widgets.version.set_label(&gettext("no version"));
                widgets.version.set_tooltip_text(None);
            }
        }
        if let Some(list_item) = widgets.list_item.upgrade() {
            list_item.set_accessible_label(&self.accessible_label());
        }
    }
}
