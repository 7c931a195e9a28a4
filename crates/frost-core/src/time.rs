//! Dates for people: generation dates in the local time zone, without a date
//! crate (libc's `localtime_r` knows the zone).

/// `2024-05-12 14:03` in the local time zone; UTC when the zone is unknown.
pub fn local_datetime(secs: u64) -> String {
    let t = libc::time_t::try_from(secs).unwrap_or(libc::time_t::MAX);
    // SAFETY: `tm` is plain data, fully written by localtime_r on success;
    // localtime_r is the thread-safe variant.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    let ok = unsafe { !libc::localtime_r(&t, &mut tm).is_null() };
    if !ok {
        return format!("{} UTC", crate::flakeref::iso_date(secs));
    }
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        i64::from(tm.tm_year) + 1900,
        tm.tm_mon + 1,
        tm.tm_mday,
        tm.tm_hour,
        tm.tm_min
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats_a_known_instant() {
        // The date part depends on the zone; the shape does not.
        let s = super::local_datetime(1_715_472_000);
        assert_eq!(s.len(), 16, "{s}");
        assert!(s.starts_with("2024-05-1"), "{s}");
    }
}
