//! Build-time facts shared by the app, the CLI and the core: app ID,
//! version, profile, locale folder. Generated from `config.rs.in` by Meson
//! or, in a plain cargo build, by build.rs.

include!(concat!(env!("OUT_DIR"), "/config.rs"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_facts_agree_with_cargo_and_each_other() {
        // meson.build's version, which scripts/check-data keeps equal to
        // Cargo.toml's.
        assert_eq!(VERSION, env!("CARGO_PKG_VERSION"));
        assert_eq!(APP_ID.ends_with(".Devel"), is_development());
        assert_eq!(GUI_BINARY.ends_with("-devel"), is_development());
        assert!(APP_ID.starts_with("io.github.nixfrost.Frost"), "{APP_ID}");
    }
}
