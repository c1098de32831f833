//! The server's log: events with fields (request id, article id, worker, attempt,
//! timings) through `tracing`, written to standard error as text lines, or as JSON
//! lines with `ALOUD_LOG_FORMAT=json`; what is logged is chosen by `ALOUD_LOG` (an
//! `EnvFilter` directive such as `info` or `aloud_publish=debug`; `info` by default).

use tracing_subscriber::EnvFilter;

/// Installs the log for this process (once; later calls do nothing).
pub fn init() {
    let filter = EnvFilter::try_from_env("ALOUD_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let json = std::env::var("ALOUD_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false);
    // A second init (tests start several servers in one process) keeps the first.
    let _ = if json {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}
