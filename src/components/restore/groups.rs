//! The preview's four groups, one boxed list each: *will be added*,
//! *already installed*, *different version here* (installed → incoming)
//! and *only in your profile*. A row has the package's icon (the profile's
//! own, when it has the package), its name and its version; the rows of
//! packages an add would change have a checkbox.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use frost_core::describe::PackageKind;
use frost_core::freeze::restore_preview::{PreviewPackage, RestorePreview};
use frost_core::i18n::gettext;
use relm4::adw::{self, prelude::*};
use relm4::gtk::{self, glib};

use crate::icons::IconSlot;
use crate::profile_loader::LoadedProfile;

/// The icon of each package the profile holds, by element name.
pub type Icons = HashMap<String, (Option<PathBuf>, PackageKind)>;

/// The icons of `profile`'s packages.
pub fn icons_of(profile: &LoadedProfile) -> Icons {
    profile
        .packages
        .iter()
        .map(|p| (p.element.name.clone(), (p.info.icon.clone(), p.kind())))
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Added,
    Installed,
    Different,
    OnlyHere,
}

impl Group {
    pub const ALL: [Group; 4] = [
        Group::Added,
        Group::Installed,
        Group::Different,
        Group::OnlyHere,
    ];

    pub fn title(self) -> String {
        match self {
            Group::Added => gettext("Will Be Added"),
            Group::Installed => gettext("Already Installed"),
            Group::Different => gettext("Different Version Here"),
            Group::OnlyHere => gettext("Only in Your Profile"),
        }
    }

    pub fn description(self) -> String {
        match self {
            Group::Added => gettext("Not in your profile yet."),
            Group::Installed => gettext("Your profile has these very builds: nothing changes."),
            Group::Different => gettext(
                "Your profile has another version. Adding replaces it with this one, in one step.",
            ),
            Group::OnlyHere => gettext(
                "Not in the flake. Adding keeps them; making your profile exactly this removes them.",
            ),
        }
    }

    pub fn packages(self, preview: &RestorePreview) -> &[PreviewPackage] {
        match self {
            Group::Added => &preview.will_be_added,
            Group::Installed => &preview.already_installed,
            Group::Different => &preview.different_version,
            Group::OnlyHere => &preview.only_in_profile,
        }
    }

    /// Whether an add changes something for its packages: they can be
    /// left out, and are in by default.
    pub fn checkable(self) -> bool {
        matches!(self, Group::Added | Group::Different)
    }
}

/// The row's second line: the version, or "installed → incoming".
pub fn version_text(group: Group, p: &PreviewPackage) -> String {
    let unknown = || gettext("version unknown");
    match group {
        Group::Different => format!(
            "{} → {}",
            p.installed_version.clone().unwrap_or_else(unknown),
            p.incoming_version.clone().unwrap_or_else(unknown)
        ),
        Group::OnlyHere => p.installed_version.clone().unwrap_or_else(unknown),
        Group::Added | Group::Installed => p.incoming_version.clone().unwrap_or_else(unknown),
    }
}

/// The checked packages a fresh preview starts with.
pub fn checked_by_default(preview: &RestorePreview) -> BTreeSet<String> {
    Group::ALL
        .into_iter()
        .filter(|g| g.checkable())
        .flat_map(|g| g.packages(preview).iter().map(|p| p.name.clone()))
        .collect()
}

/// One group's boxed list, and the rows it holds now.
#[derive(Debug)]
pub struct GroupView {
    pub group: Group,
    pub widget: adw::PreferencesGroup,
    rows: Vec<adw::ActionRow>,
}

impl GroupView {
    pub fn new(group: Group) -> GroupView {
        let widget = adw::PreferencesGroup::new();
        widget.set_title(&group.title());
        widget.set_description(Some(&group.description()));
        GroupView {
            group,
            widget,
            rows: Vec::new(),
        }
    }

    /// Shows the group's packages of `preview`; `toggled` hears of each
    /// checkbox the user changes. A group without packages hides.
    pub fn show(
        &mut self,
        preview: &RestorePreview,
        icons: &Icons,
        checked: &BTreeSet<String>,
        toggled: &(impl Fn(String, bool) + Clone + 'static),
    ) {
        for row in self.rows.drain(..) {
            self.widget.remove(&row);
        }
        let packages = self.group.packages(preview);
        self.widget.set_visible(!packages.is_empty());
        for p in packages {
            let row = self.row(p, icons, checked, toggled);
            self.widget.add(&row);
            self.rows.push(row);
        }
    }

    fn row(
        &self,
        p: &PreviewPackage,
        icons: &Icons,
        checked: &BTreeSet<String>,
        toggled: &(impl Fn(String, bool) + Clone + 'static),
    ) -> adw::ActionRow {
        let row = adw::ActionRow::new();
        row.set_title(&glib::markup_escape_text(&p.name));
        row.set_subtitle(&glib::markup_escape_text(&version_text(self.group, p)));
        row.set_title_lines(1);
        row.set_subtitle_lines(2);
        let icon = IconSlot::new(32);
        let known = p.element.as_ref().and_then(|e| icons.get(e));
        match known {
            Some((path, kind)) => icon.show(path.as_deref(), *kind),
            None => icon.show(None, PackageKind::Other),
        }
        row.add_prefix(&icon.image);
        if self.group.checkable() {
            let check = gtk::CheckButton::new();
            check.set_valign(gtk::Align::Center);
            check.set_active(checked.contains(&p.name));
            check.update_property(&[gtk::accessible::Property::Label(&p.name)]);
            let (name, toggled) = (p.name.clone(), toggled.clone());
            check.connect_toggled(move |c| toggled(name.clone(), c.is_active()));
            row.add_suffix(&check);
            row.set_activatable_widget(Some(&check));
        }
        row
    }
}
