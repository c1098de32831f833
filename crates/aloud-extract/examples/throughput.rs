//! Extraction speed in one process: decodes and extracts every page given, after
//! reading them all into memory, and prints pages per second (run by bench/extract.sh,
//! pinned to one core).
//!
//!   cargo run --release -p aloud-extract --example throughput -- PAGE.html...

use std::time::Instant;

fn main() {
    let pages: Vec<Vec<u8>> = std::env::args()
        .skip(1)
        .map(|path| std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}")))
        .collect();
    if pages.is_empty() {
        eprintln!("usage: throughput PAGE.html...");
        std::process::exit(2);
    }
    let mut best = f64::MAX;
    let mut extracted = 0;
    // Three passes; the fastest is reported (the first also warms the caches).
    for _ in 0..3 {
        let start = Instant::now();
        extracted = 0;
        for bytes in &pages {
            let document = aloud_extract::source::decode(
                bytes,
                Some(aloud_extract::DocumentKind::Html),
                None,
                None,
            );
            if let Ok(document) = document {
                if aloud_extract::extract(&document).is_ok() {
                    extracted += 1;
                }
            }
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "in-process: {} pages ({extracted} with an article) in {best:.2} s = {:.0} pages/s",
        pages.len(),
        pages.len() as f64 / best
    );
}
