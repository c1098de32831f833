//! Versioned schema migrations, one directory per backend (`migrations/sqlite`,
//! `migrations/postgres`, compiled in by sqlx's migrator), run at start-up and by
//! `aloud migrate`. A SQLite database from before versioned migrations is first given
//! the columns its release added by hand, so the baseline migration fits it.

use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Row};

use super::StoreError;

/// Which database a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Self {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

static SQLITE: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES: Migrator = sqlx::migrate!("migrations/postgres");

/// The migrations of `backend`, in order.
pub fn migrator(backend: Backend) -> &'static Migrator {
    match backend {
        Backend::Sqlite => &SQLITE,
        Backend::Postgres => &POSTGRES,
    }
}

/// Applies the migrations `pool` has not had; returns the versions applied.
pub async fn run(pool: &AnyPool, backend: Backend) -> Result<Vec<i64>, StoreError> {
    if backend == Backend::Sqlite {
        patch_unversioned_sqlite(pool).await?;
    }
    let migrator = migrator(backend);
    let before = applied(pool).await?;
    migrator.run(pool).await?;
    let after = applied(pool).await?;
    Ok(after.into_iter().filter(|v| !before.contains(v)).collect())
}

/// Versions already applied (none on a new database).
async fn applied(pool: &AnyPool) -> Result<Vec<i64>, StoreError> {
    let exists = sqlx::query("SELECT 1 AS x FROM _sqlx_migrations LIMIT 1")
        .fetch_optional(pool)
        .await;
    if exists.is_err() {
        return Ok(Vec::new());
    }
    let rows = sqlx::query("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
        .fetch_all(pool)
        .await?;
    Ok(rows.iter().map(|r| r.get::<i64, _>("version")).collect())
}

/// A database made before versioned migrations has `articles` but no migration table;
/// releases then added columns with ALTER TABLE at start-up. Adds those it lacks.
async fn patch_unversioned_sqlite(pool: &AnyPool) -> Result<(), StoreError> {
    let tables: Vec<String> = sqlx::query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('articles', '_sqlx_migrations')",
    )
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| r.get("name"))
    .collect();
    if tables.iter().any(|t| t == "_sqlx_migrations") || !tables.iter().any(|t| t == "articles") {
        return Ok(());
    }
    let columns: Vec<String> = sqlx::query("SELECT name FROM pragma_table_info('articles')")
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| r.get("name"))
        .collect();
    for (column, kind) in [
        ("lexicon", "TEXT"),
        ("confidence", "REAL"),
        ("review", "TEXT"),
    ] {
        if !columns.iter().any(|c| c == column) {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "ALTER TABLE articles ADD COLUMN {column} {kind}"
            )))
            .execute(pool)
            .await?;
        }
    }
    Ok(())
}
