//! The SQLite and PostgreSQL migrations must build the same database: the same migrations, tables,
//! columns and indexes, so that the two sets cannot drift apart.

use crate::helpers::{fresh_database, Backend};
use chorus::db::Db;
use std::collections::BTreeSet;

/// Every migration file name of one backend.
fn migration_files(backend: &str) -> BTreeSet<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations").join(backend);
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").file_name().to_string_lossy().into_owned())
        .collect()
}

/// What the migrations built: `table.column` for every column, and `table: index` for every index
/// made by `create index` (not those behind primary keys and unique constraints, which the two
/// backends name differently).
#[derive(Debug, PartialEq, Eq)]
struct Schema {
    columns: BTreeSet<String>,
    indexes: BTreeSet<String>,
}

async fn schema_of(backend: Backend) -> Schema {
    let dir = std::env::temp_dir().join(format!("chorus-schema-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let db = Db::connect(&fresh_database(backend, &dir).await).await.expect("migrations run");
    let (columns, indexes): (Vec<(String, String)>, Vec<(String, String)>) = match backend {
        Backend::Sqlite => (
            sqlx::query_as(
                "select m.name, c.name from sqlite_master m join pragma_table_info(m.name) c \
                 where m.type = 'table' and m.name not like 'sqlite_%' and m.name not like '_sqlx%'",
            )
            .fetch_all(&db.pool)
            .await
            .expect("sqlite columns"),
            sqlx::query_as("select tbl_name, name from sqlite_master where type = 'index' and sql is not null")
                .fetch_all(&db.pool)
                .await
                .expect("sqlite indexes"),
        ),
        Backend::Postgres => (
            sqlx::query_as(
                "select table_name::text, column_name::text from information_schema.columns \
                 where table_schema = 'public' and table_name not like '_sqlx%'",
            )
            .fetch_all(&db.pool)
            .await
            .expect("postgres columns"),
            sqlx::query_as(
                "select t.relname::text, i.relname::text from pg_index x join pg_class i on i.oid = x.indexrelid \
                 join pg_class t on t.oid = x.indrelid join pg_namespace n on n.oid = t.relnamespace \
                 where n.nspname = 'public' and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)",
            )
            .fetch_all(&db.pool)
            .await
            .expect("postgres indexes"),
        ),
    };
    db.close().await;
    Schema {
        columns: columns.into_iter().map(|(t, c)| format!("{t}.{c}")).collect(),
        indexes: indexes.into_iter().map(|(t, i)| format!("{t}: {i}")).collect(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_backends_have_the_same_migrations_and_build_the_same_tables() {
    assert_eq!(migration_files("sqlite"), migration_files("postgres"), "every migration is written for both backends");
    let (sqlite, postgres) = (schema_of(Backend::Sqlite).await, schema_of(Backend::Postgres).await);
    assert!(sqlite.columns.len() > 40 && sqlite.indexes.len() > 5, "the schema was read: {sqlite:?}");
    let differ = |a: &BTreeSet<String>, b: &BTreeSet<String>| a.symmetric_difference(b).cloned().collect::<Vec<_>>();
    // The one table on one backend only, by design: PostgreSQL's counts of each survey version's
    // responses, kept by a trigger, where SQLite counts its index quickly enough.
    let postgres_only = |c: &String| c.starts_with("response_counts.");
    assert_eq!(postgres.columns.iter().filter(|c| postgres_only(c)).count(), 5, "PostgreSQL keeps its response counts");
    let postgres_columns: BTreeSet<String> = postgres.columns.iter().filter(|c| !postgres_only(c)).cloned().collect();
    assert_eq!(differ(&sqlite.columns, &postgres_columns), Vec::<String>::new(), "columns in one backend only");
    assert_eq!(differ(&sqlite.indexes, &postgres.indexes), Vec::<String>::new(), "indexes in one backend only");
}
