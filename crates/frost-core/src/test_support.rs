//! What the crate's own unit tests share.

/// Runs `f` to its end on a runtime of the test's own, as the core's async
/// functions need one.
pub(crate) fn block_on<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}
