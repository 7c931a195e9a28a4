//! One row of the package list, as a boxed list's two-line row: icon, name,
//! and "version · where it came from" under it; a third line only when
//! another package has a command of the same name, saying which one runs.
//! The list view recycles rows, so the widgets are built once per row and
//! [`PackageRow::bind`] only fills them.

use frost_core::describe::PackageKind;
use frost_core::i18n::{gettext, gettext_f, ngettext_f};
use relm4::gtk::{self, glib, prelude::*, subclass::prelude::*};

use crate::icons::IconSlot;
use crate::profile_loader::Package;

/// Icon size in the list, as GNOME Software uses for installed apps.
pub const ICON_SIZE: i32 = 40;

mod imp {
    use super::*;

    #[derive(Debug)]
    pub struct PackageRow {
        pub icon: IconSlot,
        pub title: gtk::Label,
        pub subtitle: gtk::Label,
        pub hint: gtk::Label,
        /// "Not in your flake", for a managed profile's drift.
        pub drift: gtk::Label,
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
                subtitle: label(&["dim-label", "row-subtitle"]),
                hint: label(&["accent", "row-subtitle"]),
                drift: label(&["caption", "warning"]),
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
            text.append(&self.subtitle);
            text.append(&self.hint);
            self.drift.set_label(&not_in_flake_text());
            self.drift.set_visible(false);
            text.append(&self.drift);
            row.append(&text);

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
        imp.subtitle.set_label(&row_subtitle(package));
        let hint = shared_hint(package);
        imp.hint.set_label(&hint);
        imp.hint.set_visible(!hint.is_empty());
        imp.drift.set_visible(package.not_in_flake);
        list_item.set_accessible_label(&accessible_label(package, &hint));
        list_item.set_accessible_description(&drift_description(package));
    }

    /// Rounds the top corners of a section's first row and the bottom ones
    /// of its last, so each section reads as one boxed list.
    pub fn set_edges(&self, first: bool, last: bool) {
        for (class, on) in [("first", first), ("last", last)] {
            if self.has_css_class(class) != on {
                if on {
                    self.add_css_class(class);
                } else {
                    self.remove_css_class(class);
                }
            }
        }
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

/// What the package is: its own description, else for a tool the commands
/// it adds, which is what a person types.
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

/// The row's second line: "2.12.1 · from nixpkgs".
pub fn row_subtitle(package: &Package) -> String {
    match &package.element.version {
        Some(version) => gettext_f(
            // Translators: a package row's second line, "2.12.1 · from nixpkgs".
            "{version} · {origin}",
            &[("version", version), ("origin", &package.origin)],
        ),
        None => package.origin.clone(),
    }
}

/// The row's third line, only when another package has a command of the
/// same name: which one a terminal runs (a command the package loses is
/// said before one it wins; the details page lists them all). Empty
/// otherwise.
pub fn shared_hint(package: &Package) -> String {
    let name = &package.element.name;
    let lost = package.shared.iter().find(|s| s.used.name != *name);
    match (lost, package.shared.first()) {
        (Some(shared), _) => gettext_f(
            "“{command}” runs {other}’s instead",
            &[("command", &shared.command), ("other", &shared.used.name)],
        ),
        (None, Some(shared)) => gettext_f(
            "“{command}” runs this one, not {other}’s",
            &[
                ("command", &shared.command),
                (
                    "other",
                    shared.others.first().map_or("", |p| p.name.as_str()),
                ),
            ],
        ),
        (None, None) => String::new(),
    }
}

/// The caption under a package of a managed profile that does not come
/// from the profile's folder.
pub fn not_in_flake_text() -> String {
    gettext("Not in your flake")
}

/// What a screen reader adds after the row's sentence: that the package is
/// not in the folder's flake, else nothing.
pub fn drift_description(package: &Package) -> String {
    if package.not_in_flake {
        gettext("Not in your flake: installed from elsewhere, the folder that manages this profile does not have it")
    } else {
        String::new()
    }
}

/// What a screen reader announces for the whole row, in one sentence.
fn accessible_label(package: &Package, hint: &str) -> String {
    let about = gettext_f(
        "{name}, {details}",
        &[
            ("name", &package.title),
            ("details", &row_subtitle(package)),
        ],
    );
    if hint.is_empty() {
        about
    } else {
        format!("{about}. {hint}")
    }
}
