//! One row of the package list: icon, name, a line saying what it is, where
//! it came from, and its version. The list view recycles rows, so the
//! widgets are built once per row and [`PackageRow::bind`] only fills them.

use frost_core::describe::PackageKind;
use frost_core::i18n::{gettext, gettext_f, ngettext_f};
use relm4::gtk::{self, glib, prelude::*, subclass::prelude::*};

use crate::icons::IconSlot;
use crate::profile_loader::Package;

/// Icon size in the list, as GNOME Software uses for installed apps.
const ICON_SIZE: i32 = 40;

mod imp {
    use super::*;

    #[derive(Debug)]
    pub struct PackageRow {
        pub icon: IconSlot,
        pub title: gtk::Label,
        pub summary: gtk::Label,
        pub source: gtk::Label,
        pub version: gtk::Label,
    }

    impl Default for PackageRow {
        fn default() -> Self {
            let label = |classes: &[&str]| {
                let label = gtk::Label::new(None);
                label.set_xalign(0.0);
                label.set_ellipsize(gtk::pango::EllipsizeMode::End);
                label.set_css_classes(classes);
                show_text_as_tooltip(&label);
                label
            };
            PackageRow {
                icon: IconSlot::new(ICON_SIZE),
                title: label(&["heading"]),
                summary: label(&[]),
                source: label(&["dim-label", "caption"]),
                version: label(&["dim-label", "numeric"]),
            }
        }
    }

    #[glib::object_subclass]
    impl ObjectSubclass for PackageRow {
        const NAME: &'static str = "FrostPackageRow";
        type Type = super::PackageRow;
        type ParentType = gtk::Box;
    }

    impl ObjectImpl for PackageRow {
        fn constructed(&self) {
            self.parent_constructed();
            let row = self.obj();
            row.set_spacing(12);
            row.add_css_class("package-row");

            self.icon.image.set_valign(gtk::Align::Center);
            row.append(&self.icon.image);

            let text = gtk::Box::new(gtk::Orientation::Vertical, 2);
            text.set_hexpand(true);
            text.set_valign(gtk::Align::Center);
            text.append(&self.title);
            text.append(&self.summary);
            text.append(&self.source);
            row.append(&text);

            // Versions like "0-unstable-2024-05-12" must not push the name
            // out of the row; the tooltip has the full text.
            self.version.set_max_width_chars(16);
            self.version
                .set_ellipsize(gtk::pango::EllipsizeMode::Middle);
            self.version.set_xalign(1.0);
            self.version.set_valign(gtk::Align::Center);
            row.append(&self.version);

            let go = gtk::Image::from_icon_name("go-next-symbolic");
            go.set_accessible_role(gtk::AccessibleRole::Presentation);
            go.add_css_class("dim-label");
            row.append(&go);
        }
    }

    impl WidgetImpl for PackageRow {}
    impl BoxImpl for PackageRow {}
}

glib::wrapper! {
    pub struct PackageRow(ObjectSubclass<imp::PackageRow>)
        @extends gtk::Box, gtk::Widget,
        @implements gtk::Accessible, gtk::Buildable, gtk::ConstraintTarget, gtk::Orientable;
}

impl Default for PackageRow {
    fn default() -> Self {
        glib::Object::new()
    }
}

impl PackageRow {
    /// Shows `package`; `list_item` gets the sentence a screen reader says.
    pub fn bind(&self, package: &Package, list_item: &gtk::ListItem) {
        let imp = self.imp();
        imp.icon.show(package.info.icon.as_deref(), package.kind());
        imp.title.set_label(&package.title);
        let what = what_it_is(package);
        imp.summary.set_label(&what);
        imp.summary.set_visible(!what.is_empty());
        imp.source.set_label(&package.source);
        let version = version_text(package);
        imp.version.set_label(&version);
        list_item.set_accessible_label(&accessible_label(package));
    }
}

/// Gives `label` its own text as tooltip, in full where it is ellipsized.
/// Asked for when a tooltip is about to show rather than set on every bind:
/// setting a tooltip makes GTK look up the pointer at once (a round trip to
/// the display server and a search of the window), which was most of a
/// row's binding and made scrolling miss frames.
fn show_text_as_tooltip(label: &gtk::Label) {
    label.set_has_tooltip(true);
    label.connect_query_tooltip(|label, _, _, _, tooltip| {
        let text = label.label();
        if text.is_empty() {
            return false;
        }
        tooltip.set_text(Some(&text));
        true
    });
}

/// The row's second line: the package's own description, else for a tool
/// the commands it adds, which is what a person types.
pub fn what_it_is(package: &Package) -> String {
    if let Some(summary) = &package.info.summary {
        return summary.clone();
    }
    let commands = &package.info.commands;
    if package.kind() == PackageKind::Tool && !commands.is_empty() {
        let shown: Vec<&str> = commands.iter().take(4).map(String::as_str).collect();
        let mut list = shown.join(", ");
        if commands.len() > shown.len() {
            list.push_str(", …");
        }
        return ngettext_f(
            "Command: {list}",
            "Commands: {list}",
            commands.len() as u64,
            &[("list", &list)],
        );
    }
    String::new()
}

pub fn version_text(package: &Package) -> String {
    match &package.element.version {
        Some(version) => version.clone(),
        None => gettext("no version"),
    }
}

/// What a screen reader announces for the whole row, in one sentence. No
/// "from": the source may be "no source recorded".
fn accessible_label(package: &Package) -> String {
    match &package.element.version {
        Some(version) => gettext_f(
            "{name}, version {version}, {source}",
            &[
                ("name", &package.title),
                ("version", version),
                ("source", &package.source),
            ],
        ),
        None => gettext_f(
            "{name}, no version, {source}",
            &[("name", &package.title), ("source", &package.source)],
        ),
    }
}
