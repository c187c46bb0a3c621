//! The process's allocator: mimalloc, told to keep freed pages a while before handing them back.

// An import, an extraction or a linkage run allocates many small values per row or article and
// frees them soon after, often on another thread than the one that made them (rows travel from
// the reading thread to sealing and storing); mimalloc's per-thread free lists serve that pattern
// with less work than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its place in the library's list of options, which the
/// Rust bindings do not name).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long freed pages stay with the process, in milliseconds. By default mimalloc hands a page
/// back to the system 10 ms after it empties, and an import empties and fills pages all the time
/// (a batch of 2,000 rows lives for tens of milliseconds): a million rows spent seconds of system
/// time giving pages back and taking them again zeroed. A second bridges that churn; what is
/// idle for longer still goes back.
const KEEP_FREED_MS: std::ffi::c_long = 1_000;

/// Sets the allocator's options; called first thing in `main`. `MIMALLOC_PURGE_DELAY` in the
/// environment still wins, so that the figure can be tried without a build.
pub fn configure() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    // SAFETY: `mi_option_set` only stores a number in mimalloc's table of options, which the
    // allocator reads atomically; any thread may call it at any time.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, KEEP_FREED_MS) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_is_the_option_it_is_named_for() {
        // Read before `configure` runs in this test process: the library's default for the
        // purge delay is 10 ms, which no neighbouring option has (the option before it defaults
        // to 1 and the one after to 0), so a shifted list fails here.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // SAFETY: reads mimalloc's table of options.
        let default = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        assert_eq!(default, 10);
        configure();
        // SAFETY: as above.
        let set = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        assert_eq!(set, KEEP_FREED_MS);
    }
}
