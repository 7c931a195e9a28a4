//! The profile switcher's popover: one button per profile, the shown one
//! ticked, and "Open Profile…". Plain buttons rather than a menu model:
//! GTK's menu items reach screen readers without their labels.

use std::path::PathBuf;

use frost_core::i18n::{gettext, gettext_f};
use relm4::actions::ActionablePlus;
use relm4::gtk::{self, glib, prelude::*};

use super::window::actions::{OpenProfile, SwitchProfile};

/// One profile the switcher offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileChoice {
    pub path: PathBuf,
    /// The profile's name, or its whole path when two share a name.
    pub label: String,
    pub current: bool,
}

/// Replaces the popover's content with `choices`. Each button activates
/// `win.switch-profile` with the profile's path.
pub fn fill(popover: &gtk::Popover, choices: &[ProfileChoice]) {
    let list = gtk::Box::new(gtk::Orientation::Vertical, 0);
    list.add_css_class("menu");
    for choice in choices {
        let content = gtk::Box::new(gtk::Orientation::Horizontal, 12);
        let label = gtk::Label::new(Some(&choice.label));
        label.set_xalign(0.0);
        label.set_hexpand(true);
        content.append(&label);
        let tick = gtk::Image::from_icon_name("object-select-symbolic");
        tick.set_opacity(if choice.current { 1.0 } else { 0.0 });
        tick.set_accessible_role(gtk::AccessibleRole::Presentation);
        content.append(&tick);

        let button = gtk::Button::builder().child(&content).build();
        button.add_css_class("flat");
        button.set_action::<SwitchProfile>(choice.path.display().to_string());
        button.set_tooltip_text(Some(&choice.path.display().to_string()));
        button.update_property(&[gtk::accessible::Property::Label(&choice.label)]);
        if choice.current {
            button.update_property(&[gtk::accessible::Property::Description(&gettext_f(
                "{name} is shown now",
                &[("name", &choice.label)],
            ))]);
        }
        close_on_click(&button, popover);
        list.append(&button);
    }
    list.append(&gtk::Separator::new(gtk::Orientation::Horizontal));
    let open = gtk::Button::with_mnemonic(&gettext("_Open Profile…"));
    open.add_css_class("flat");
    if let Some(label) = open.child().and_downcast::<gtk::Label>() {
        label.set_xalign(0.0);
    }
    open.set_stateless_action::<OpenProfile>(&());
    close_on_click(&open, popover);
    list.append(&open);
    popover.set_child(Some(&list));
}

fn close_on_click(button: &gtk::Button, popover: &gtk::Popover) {
    let popover: glib::WeakRef<gtk::Popover> = popover.downgrade();
    button.connect_clicked(move |_| {
        if let Some(p) = popover.upgrade() {
            p.popdown();
        }
    });
}
