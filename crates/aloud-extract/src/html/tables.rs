//! Layout tables and data tables. Older sites lay the whole page out in tables: the
//! article is one cell beside cells of navigation and teasers, often two or three tables
//! deep. Such a table is walked as containers (each cell's blocks on their own); only a
//! data table is read row by row, its cells joined in one block.

use scraper::ElementRef;

use super::stats::TextStats;

/// A cell with more readable text than this is a column of a page, not a datum.
const MAX_DATA_CELL_CHARS: usize = 400;

/// Tags that make a cell a container of blocks rather than a value.
const BLOCK_CONTENT: &[&str] = &[
    "p",
    "div",
    "table",
    "ul",
    "ol",
    "dl",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "form",
    "article",
    "section",
    "center",
    "pre",
];

/// True when `table` lays a page out rather than holding data: marked presentational,
/// holding another table, or, without header cells (`<th>`, `<thead>`, `<caption>`),
/// having a cell with blocks or long text in it, or a single column.
pub(super) fn is_layout_table(table: ElementRef, stats: &TextStats) -> bool {
    if matches!(table.value().attr("role"), Some(r) if r.eq_ignore_ascii_case("presentation") || r.eq_ignore_ascii_case("none"))
    {
        return true;
    }
    let nested = table
        .descendants()
        .skip(1)
        .filter_map(ElementRef::wrap)
        .any(|d| d.value().name() == "table");
    if nested {
        return true;
    }
    let rows = rows_of(table);
    let captioned = table
        .children()
        .filter_map(ElementRef::wrap)
        .any(|c| matches!(c.value().name(), "caption" | "thead"));
    let mut widest = 0;
    let mut headed = captioned;
    let mut long_cell = false; // or a cell holding blocks
    for row in &rows {
        let mut cells = 0;
        for cell in row.children().filter_map(ElementRef::wrap) {
            let name = cell.value().name();
            if !matches!(name, "td" | "th") {
                continue;
            }
            cells += 1;
            headed |= name == "th";
            let blocks = cell
                .descendants()
                .skip(1)
                .filter_map(ElementRef::wrap)
                .any(|d| BLOCK_CONTENT.contains(&d.value().name()));
            long_cell |= blocks || stats.get(cell.id()).text > MAX_DATA_CELL_CHARS;
        }
        widest = widest.max(cells);
    }
    // Header cells make a data table even with long descriptions or lists in its cells.
    !headed && (long_cell || widest <= 1)
}

/// The rows of `table` itself (directly or in its `tbody`/`thead`/`tfoot`), not those
/// of tables inside it.
fn rows_of(table: ElementRef) -> Vec<ElementRef> {
    let mut rows = Vec::new();
    for child in table.children().filter_map(ElementRef::wrap) {
        match child.value().name() {
            "tr" => rows.push(child),
            "tbody" | "thead" | "tfoot" => rows.extend(
                child
                    .children()
                    .filter_map(ElementRef::wrap)
                    .filter(|r| r.value().name() == "tr"),
            ),
            _ => {}
        }
    }
    rows
}

/// The table a row, cell or section belongs to.
pub(super) fn table_of(e: ElementRef) -> Option<ElementRef> {
    e.ancestors()
        .filter_map(ElementRef::wrap)
        .find(|a| a.value().name() == "table")
}
