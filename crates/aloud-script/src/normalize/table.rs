//! The normalizer's data tables: tab-separated files under `data/normalize/`, compiled
//! in and parsed once. Lines starting with `#` are comments. Each table has a loader
//! function made with [`table!`], named after what it holds.

/// Rows of a table: its columns, in file order.
pub(super) type Rows = [Vec<&'static str>];

/// Defines `fn $name() -> &'static Rows` over `data/normalize/$file`.
macro_rules! table {
    ($(#[$doc:meta])* $name:ident, $file:literal) => {
        $(#[$doc])*
        pub(super) fn $name() -> &'static $crate::normalize::table::Rows {
            static ROWS: std::sync::OnceLock<Vec<Vec<&'static str>>> = std::sync::OnceLock::new();
            ROWS.get_or_init(|| {
                $crate::normalize::table::parse(include_str!(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/data/normalize/",
                    $file
                )))
            })
        }
    };
}
pub(super) use table;

pub(super) fn parse(text: &'static str) -> Vec<Vec<&'static str>> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
        .collect()
}

/// The second column of the first row whose first column is `key`.
pub(super) fn lookup(rows: &'static Rows, key: &str) -> Option<&'static str> {
    rows.iter().find(|r| r[0] == key).map(|r| r[1])
}

#[cfg(test)]
mod tests {
    use super::super::{abbreviation, address, date, measure};

    #[test]
    fn every_row_has_all_its_columns() {
        let tables: [(&str, &super::Rows, usize); 5] = [
            ("abbreviations", abbreviation::abbreviations(), 2),
            (
                "titles-without-stop",
                abbreviation::titles_without_stop(),
                2,
            ),
            ("states", address::states(), 4),
            ("weekdays", date::weekdays(), 2),
            ("units", measure::units(), 3),
        ];
        for (name, rows, columns) in tables {
            assert!(!rows.is_empty(), "{name} is empty");
            for row in rows {
                assert_eq!(row.len(), columns, "{name}: {row:?}");
                assert!(row.iter().all(|c| !c.is_empty()), "{name}: {row:?}");
            }
        }
    }
}
