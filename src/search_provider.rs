//! GNOME Shell's search (Activities) finds installed packages: Frost
//! exports `org.gnome.Shell.SearchProvider2` at `/<app id as a path>/SearchProvider`
//! (data/…search-provider.ini.in tells the Shell where). It answers from the
//! profile the window has read, never from the disk, so a search costs the
//! main loop no I/O; the matching itself is frost_core::shell_search.
//!
//! The object is registered on the session bus before the application
//! takes its bus name, so that a call the Shell sends the moment Frost owns
//! the name finds it. Searches that arrive before the profile is read are
//! answered once it is.

use std::cell::RefCell;
use std::rc::Rc;

use frost_core::i18n::gettext_f;
use frost_core::shell_search::{self, Candidate};
use relm4::gtk::gio::{self, prelude::*};
use relm4::gtk::glib::{self, variant::ToVariant};

use crate::components::window::WindowInput;
use crate::profile_loader::LoadedProfile;

const INTERFACE: &str = r#"<node>
  <interface name="org.gnome.Shell.SearchProvider2">
    <method name="GetInitialResultSet">
      <arg type="as" name="terms" direction="in"/>
      <arg type="as" name="results" direction="out"/>
    </method>
    <method name="GetSubsearchResultSet">
      <arg type="as" name="previous_results" direction="in"/>
      <arg type="as" name="terms" direction="in"/>
      <arg type="as" name="results" direction="out"/>
    </method>
    <method name="GetResultMetas">
      <arg type="as" name="identifiers" direction="in"/>
      <arg type="aa{sv}" name="metas" direction="out"/>
    </method>
    <method name="ActivateResult">
      <arg type="s" name="identifier" direction="in"/>
      <arg type="as" name="terms" direction="in"/>
      <arg type="u" name="timestamp" direction="in"/>
    </method>
    <method name="LaunchSearch">
      <arg type="as" name="terms" direction="in"/>
      <arg type="u" name="timestamp" direction="in"/>
    </method>
  </interface>
</node>"#;

/// `/io/github/nixfrost/Frost/SearchProvider` for `io.github.nixfrost.Frost`
/// (…`/Frost/Devel/SearchProvider` for the development build).
pub fn object_path(app_id: &str) -> String {
    format!("/{}/SearchProvider", app_id.replace('.', "/"))
}

/// One package as the Shell shows it.
struct Entry {
    candidate: Candidate,
    /// A serialized GIcon (`g_icon_to_string`): the package's own picture,
    /// else its kind's themed icon.
    icon: Option<String>,
}

/// A search waiting for the profile.
enum Waiting {
    Initial(Vec<String>),
    Subsearch(Vec<String>, Vec<String>),
}

#[derive(Default)]
struct State {
    /// `None` until the window has read a profile (or failed to).
    entries: Option<Rc<Vec<Entry>>>,
    waiting: Vec<(Waiting, gio::DBusMethodInvocation)>,
    window: Option<relm4::Sender<WindowInput>>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::default();
}

/// Exports the search provider on the session bus. Without a session bus
/// there is no Shell to ask either: nothing is exported.
pub fn register(app_id: &str) {
    let Ok(connection) = gio::bus_get_sync(gio::BusType::Session, gio::Cancellable::NONE) else {
        return;
    };
    let Some(interface) = gio::DBusNodeInfo::for_xml(INTERFACE)
        .ok()
        .and_then(|node| node.lookup_interface("org.gnome.Shell.SearchProvider2"))
    else {
        return;
    };
    let registered = connection
        .register_object(&object_path(app_id), &interface)
        .method_call(|_, _, _, _, method, parameters, invocation| {
            call(method, &parameters, invocation)
        })
        .build();
    if let Err(error) = registered {
        let error = error.to_string();
        eprintln!(
            "{}",
            gettext_f(
                "Packages will not show in GNOME’s search: {error}",
                &[("error", &error)]
            )
        );
    }
}

/// Where ActivateResult and LaunchSearch send the window.
pub fn set_window(window: relm4::Sender<WindowInput>) {
    STATE.with_borrow_mut(|s| s.window = Some(window));
}

/// The profile the window shows (`None`: none could be read); answers the
/// searches that waited for it.
pub fn set_profile(profile: Option<&LoadedProfile>) {
    let entries: Vec<Entry> = profile
        .map(|p| p.packages.iter().map(entry).collect())
        .unwrap_or_default();
    let entries = Rc::new(entries);
    let waiting = STATE.with_borrow_mut(|s| {
        s.entries = Some(entries.clone());
        std::mem::take(&mut s.waiting)
    });
    for (search, invocation) in waiting {
        invocation.return_value(Some(&results(&entries, &search)));
    }
}

fn entry(package: &crate::profile_loader::Package) -> Entry {
    let icon: Option<gio::Icon> = match &package.info.icon {
        Some(file) => Some(gio::FileIcon::new(&gio::File::for_path(file)).upcast()),
        None => {
            Some(gio::ThemedIcon::new(crate::icons::fallback_icon_name(package.kind())).upcast())
        }
    };
    Entry {
        candidate: Candidate {
            name: package.element.name.clone(),
            title: package.title.clone(),
            description: package.info.summary.clone(),
        },
        icon: icon.and_then(|i| IconExt::to_string(&i)).map(String::from),
    }
}

fn results(entries: &[Entry], search: &Waiting) -> glib::Variant {
    let candidates: Vec<Candidate> = entries.iter().map(|e| e.candidate.clone()).collect();
    let ids = match search {
        Waiting::Initial(terms) => shell_search::search(&candidates, terms),
        Waiting::Subsearch(previous, terms) => {
            shell_search::subsearch(&candidates, previous, terms)
        }
    };
    (ids,).to_variant()
}

fn metas(entries: &[Entry], ids: &[String]) -> glib::Variant {
    let metas: Vec<glib::VariantDict> = ids
        .iter()
        .filter_map(|id| entries.iter().find(|e| e.candidate.name == *id))
        .map(|e| {
            let dict = glib::VariantDict::new(None);
            dict.insert("id", &e.candidate.name);
            dict.insert("name", &e.candidate.title);
            if let Some(description) = &e.candidate.description {
                dict.insert("description", description);
            }
            if let Some(icon) = &e.icon {
                dict.insert("gicon", icon);
            }
            dict
        })
        .collect();
    let metas = glib::Variant::array_from_iter_with_type(
        glib::VariantTy::VARDICT,
        metas.iter().map(glib::VariantDict::end),
    );
    glib::Variant::tuple_from_iter([metas])
}

fn call(method: &str, parameters: &glib::Variant, invocation: gio::DBusMethodInvocation) {
    let search = match method {
        "GetInitialResultSet" => parameters
            .get::<(Vec<String>,)>()
            .map(|(t,)| Waiting::Initial(t)),
        "GetSubsearchResultSet" => parameters
            .get::<(Vec<String>, Vec<String>)>()
            .map(|(previous, terms)| Waiting::Subsearch(previous, terms)),
        "GetResultMetas" => {
            let ids = parameters
                .get::<(Vec<String>,)>()
                .map(|(ids,)| ids)
                .unwrap_or_default();
            let entries = STATE.with_borrow(|s| s.entries.clone()).unwrap_or_default();
            invocation.return_value(Some(&metas(&entries, &ids)));
            return;
        }
        "ActivateResult" => {
            if let Some((id, _, _)) = parameters.get::<(String, Vec<String>, u32)>() {
                to_window(WindowInput::ShowPackage(id));
            }
            invocation.return_value(None);
            return;
        }
        "LaunchSearch" => {
            if let Some((terms, _)) = parameters.get::<(Vec<String>, u32)>() {
                to_window(WindowInput::SearchFor(terms.join(" ")));
            }
            invocation.return_value(None);
            return;
        }
        _ => None,
    };
    let Some(search) = search else {
        invocation.return_error(gio::DBusError::UnknownMethod, method);
        return;
    };
    match STATE.with_borrow(|s| s.entries.clone()) {
        Some(entries) => invocation.return_value(Some(&results(&entries, &search))),
        None => STATE.with_borrow_mut(|s| s.waiting.push((search, invocation))),
    }
}

fn to_window(input: WindowInput) {
    STATE.with_borrow(|s| {
        if let Some(window) = &s.window {
            window.emit(input);
        }
    });
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_object_path_follows_the_app_id() {
        assert_eq!(
            super::object_path("io.github.nixfrost.Frost"),
            "/io/github/nixfrost/Frost/SearchProvider"
        );
        assert_eq!(
            super::object_path("io.github.nixfrost.Frost.Devel"),
            "/io/github/nixfrost/Frost/Devel/SearchProvider"
        );
    }
}
