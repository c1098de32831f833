//! Extraction of the test pages in `tests/data/extract/`: pages written for this project,
//! each showing one class of page (a layout-table site, a newsletter's web version, a
//! section front…). Each `NAME.html` has `NAME.expected.txt` beside it: the article as a
//! listener should get it, one block per paragraph (blank lines between), the headline
//! first as `# …`, a standfirst as `= …`; other kinds are marked `## ` (heading), `- ` (list item), `> `
//! (quote), `| ` (table row). A page that is not an article expects one line,
//! `refused: ` and the start of the error.

use std::path::{Path, PathBuf};

use aloud_extract::{Block, BlockKind, DocumentKind};

fn pages_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/extract")
}

fn render(block: &Block) -> Option<String> {
    let text = &block.text;
    Some(match block.kind {
        BlockKind::Title => format!("# {text}"),
        BlockKind::Standfirst => format!("= {text}"),
        BlockKind::Heading { .. } => format!("## {text}"),
        BlockKind::Paragraph => text.clone(),
        BlockKind::ListItem { .. } => format!("- {text}"),
        BlockKind::Quote => format!("> {text}"),
        BlockKind::TableRow => format!("| {text}"),
        BlockKind::Caption => return None,
    })
}

/// What the extractor makes of one page, in the expected files' format.
fn extracted(page: &Path) -> String {
    let bytes = std::fs::read(page).unwrap();
    let document = aloud_extract::source::decode(&bytes, Some(DocumentKind::Html), None, None)
        .unwrap_or_else(|e| panic!("{}: {e}", page.display()));
    match aloud_extract::extract(&document) {
        Ok(article) => article
            .blocks
            .iter()
            .filter_map(render)
            .collect::<Vec<_>>()
            .join("\n\n"),
        Err(e) => format!("refused: {e}"),
    }
}

#[test]
fn every_test_page_extracts_as_expected() {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(pages_dir())
        .expect("tests/data/extract")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    pages.sort();
    assert!(pages.len() >= 4, "test pages missing");
    let mut failures = Vec::new();
    for page in &pages {
        let expected_path = page.with_extension("expected.txt");
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
        let expected = expected.trim();
        let got = extracted(page);
        let matches = match expected.strip_prefix("refused: ") {
            Some(reason) => got.starts_with(&format!("refused: {reason}")),
            None => got == expected,
        };
        if !matches {
            failures.push(format!(
                "== {}\n-- expected:\n{expected}\n-- got:\n{got}\n",
                page.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
