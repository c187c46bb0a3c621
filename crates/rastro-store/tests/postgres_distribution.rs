//! A freshly migrated PostgreSQL store, read from its catalogue, against the list of where each
//! table goes on a cluster distributed by organisation (`rastro_store::distribution`, which the
//! deployment guide prints): what Citus would refuse at `create_distributed_table`, or
//! enforce only within a shard, fails here instead of at a hub's first distribution.

mod pg_support;

use std::collections::BTreeSet;

use pg_support::TempDatabase;
use rastro_store::distribution::{citus_commands, placement, Placement, TABLES};
use rastro_store::{Store, StoreUrl};

struct Key {
    table: String,
    name: String,
    columns: Vec<String>,
}

struct ForeignKey {
    table: String,
    name: String,
    columns: Vec<String>,
    target: String,
    target_columns: Vec<String>,
}

fn migrated() -> Option<(TempDatabase, postgres::Client)> {
    let server = pg_support::server()?;
    let database = TempDatabase::create(&server);
    let url = StoreUrl::parse(&database.url).expect("the test database's URL");
    Store::migrate(&url).expect("migrating a fresh database");
    let client = postgres::Client::connect(&database.url, postgres::NoTls)
        .expect("connecting to the test database");
    Some((database, client))
}

fn tables(client: &mut postgres::Client) -> BTreeSet<String> {
    client
        .query(
            "SELECT tablename::text FROM pg_catalog.pg_tables WHERE schemaname = current_schema()",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
}

/// Every unique index (primary keys and unique constraints are backed by one) with its
/// columns; an expression's position is named `(expression)`.
fn unique_keys(client: &mut postgres::Client) -> Vec<Key> {
    client
        .query(
            "SELECT t.relname::text, ix.relname::text,
                    ARRAY(SELECT COALESCE(a.attname::text, '(expression)')
                          FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
                          LEFT JOIN pg_catalog.pg_attribute a
                              ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                          ORDER BY k.n)
             FROM pg_catalog.pg_index i
             JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
             JOIN pg_catalog.pg_class ix ON ix.oid = i.indexrelid
             JOIN pg_catalog.pg_namespace s ON s.oid = t.relnamespace
             WHERE i.indisunique AND s.nspname = current_schema()",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| Key {
            table: r.get(0),
            name: r.get(1),
            columns: r.get(2),
        })
        .collect()
}

fn foreign_keys(client: &mut postgres::Client) -> Vec<ForeignKey> {
    client
        .query(
            "SELECT t.relname::text, c.conname::text,
                    ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, n)
                          JOIN pg_catalog.pg_attribute a
                              ON a.attrelid = c.conrelid AND a.attnum = k.attnum
                          ORDER BY k.n),
                    f.relname::text,
                    ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, n)
                          JOIN pg_catalog.pg_attribute a
                              ON a.attrelid = c.confrelid AND a.attnum = k.attnum
                          ORDER BY k.n)
             FROM pg_catalog.pg_constraint c
             JOIN pg_catalog.pg_class t ON t.oid = c.conrelid
             JOIN pg_catalog.pg_class f ON f.oid = c.confrelid
             JOIN pg_catalog.pg_namespace s ON s.oid = t.relnamespace
             WHERE c.contype = 'f' AND s.nspname = current_schema()",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| ForeignKey {
            table: r.get(0),
            name: r.get(1),
            columns: r.get(2),
            target: r.get(3),
            target_columns: r.get(4),
        })
        .collect()
}

fn has_column(client: &mut postgres::Client, table: &str, column: &str) -> bool {
    client
        .query_opt(
            "SELECT 1 FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = $1 AND column_name = $2",
            &[&table, &column],
        )
        .unwrap()
        .is_some()
}

/// What Citus asks of the schema, as problems found; empty when the schema can be distributed.
fn problems(client: &mut postgres::Client) -> Vec<String> {
    let mut found = Vec::new();
    let present = tables(client);
    let listed: BTreeSet<String> = TABLES.iter().map(|t| t.table.to_string()).collect();
    for table in present.difference(&listed) {
        found.push(format!(
            "table {table} is not in rastro_store::distribution::TABLES (nor the guide)"
        ));
    }
    for table in listed.difference(&present) {
        found.push(format!(
            "{table} is listed but the schema has no such table"
        ));
    }
    for t in TABLES {
        if let Placement::Distributed { column, .. } = t.placement {
            if present.contains(t.table) && !has_column(client, t.table, column) {
                found.push(format!(
                    "{} is sharded by {column}, which it lacks",
                    t.table
                ));
            }
        }
    }
    for key in unique_keys(client) {
        if let Some(Placement::Distributed { column, .. }) = placement(&key.table) {
            if !key.columns.iter().any(|c| c == column) {
                found.push(format!(
                    "{}: unique key {} ({}) lacks the shard column {column}",
                    key.table,
                    key.name,
                    key.columns.join(", ")
                ));
            }
        }
    }
    for fk in foreign_keys(client) {
        match (placement(&fk.table), placement(&fk.target)) {
            (Some(Placement::Reference), Some(Placement::Distributed { .. })) => {
                found.push(format!(
                    "{}: {} points from a reference table at the sharded {}",
                    fk.table, fk.name, fk.target
                ));
            }
            (
                Some(Placement::Distributed {
                    column: from,
                    by_org: a,
                }),
                Some(Placement::Distributed {
                    column: to,
                    by_org: b,
                }),
            ) => {
                let paired = fk
                    .columns
                    .iter()
                    .zip(&fk.target_columns)
                    .any(|(c, t)| c == from && t == to);
                if !(paired && a && b) {
                    found.push(format!(
                        "{}: {} ({}) -> {} ({}) does not pair the shard columns {from} and {to} \
                         of one co-location group",
                        fk.table,
                        fk.name,
                        fk.columns.join(", "),
                        fk.target,
                        fk.target_columns.join(", ")
                    ));
                }
            }
            _ => {}
        }
    }
    found
}

#[test]
fn the_migrated_schema_can_be_distributed_by_organisation() {
    let Some((_database, mut client)) = migrated() else {
        return;
    };
    let found = problems(&mut client);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The check is not vacuous: each rule finds a schema that breaks it.
#[test]
fn a_schema_that_breaks_a_rule_is_caught() {
    let Some((_database, mut client)) = migrated() else {
        return;
    };
    client
        .batch_execute(
            "CREATE TABLE case_notes (case_pk BIGINT NOT NULL, note TEXT);
             CREATE UNIQUE INDEX cases_by_record_key_alone ON cases (record_key);
             ALTER TABLE case_secrets ADD COLUMN twin BIGINT;
             ALTER TABLE case_secrets ADD CONSTRAINT twin_case
                 FOREIGN KEY (org_id, twin) REFERENCES transactions (org_id, pk);
             CREATE UNIQUE INDEX cases_by_pk_alone ON cases (pk);
             ALTER TABLE consents ADD CONSTRAINT consents_by_case_alone
                 FOREIGN KEY (case_pk) REFERENCES cases (pk);
             ALTER TABLE users ADD COLUMN first_case BIGINT;
             ALTER TABLE users ADD CONSTRAINT users_first_case
                 FOREIGN KEY (org_id, first_case) REFERENCES cases (org_id, pk);",
        )
        .unwrap();
    let found = problems(&mut client).join("\n");
    for expected in [
        "table case_notes is not in",
        "unique key cases_by_record_key_alone (record_key) lacks the shard column org_id",
        "unique key cases_by_pk_alone (pk) lacks",
        "consents_by_case_alone (case_pk) -> cases (pk) does not pair",
        "users_first_case points from a reference table",
    ] {
        assert!(found.contains(expected), "{expected:?} not in:\n{found}");
    }
    // Pairing the shard columns of one group is what Citus asks, and this pairs them.
    assert!(!found.contains("twin_case"), "{found}");
}

#[test]
fn the_guide_prints_the_commands_in_the_listed_order() {
    let guide = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/deployment.md"
    ))
    .expect("docs/deployment.md");
    let commands = citus_commands().join("\n");
    assert!(
        guide.contains(&commands),
        "docs/deployment.md must hold the commands as rastro_store::distribution prints them:\n{commands}"
    );
    for t in TABLES {
        assert!(
            guide.contains(&format!("| `{}` |", t.table)),
            "the guide's table of placements lacks {}",
            t.table
        );
    }
}

/// A hub's store from before 0019 keeps every row through 0019–0025: the rows hanging off a
/// record take their record's owner (an audit access, its event's chain), a referral its
/// receiver case's id, a run's member the owner of the case it names (0022), a decision the
/// owners of both its cases, the composite keys hold over data the store wrote, and a case's
/// facet rows become its facet values text (0024, 0025).
#[test]
fn migration_19_carries_a_populated_store_over() {
    let Some(server) = pg_support::server() else {
        return;
    };
    let database = TempDatabase::create(&server);
    let mut raw = postgres::Client::connect(&database.url, postgres::NoTls).unwrap();
    raw.batch_execute(include_str!("../migrations/postgres/0001_schema.sql"))
        .unwrap();
    raw.batch_execute(include_str!(
        "../migrations/postgres/0018_stateless_nodes.sql"
    ))
    .unwrap();
    let before = problems(&mut raw).join("\n");
    assert!(
        before.contains("cases: unique key cases_pkey (pk) lacks the shard column org_id"),
        "the schema before 0019 could not be distributed: {before}"
    );
    raw.batch_execute(
        "INSERT INTO organisations (id, name, created_at) VALUES
             ('A', 'Shelter', 't'), ('B', 'Clinic', 't');
         INSERT INTO imports (id, org_id, source_file, format, started_at) VALUES
             ('IA', 'A', 'a.csv', 'csv', 't'), ('IB', 'B', 'b.csv', 'csv', 't');
         INSERT INTO cases (pk, id, org_id, record_key, import_id, source_row, role, record) VALUES
             (1, 'CA', 'A', '\\x01', 'IA', 1, 'victim', ''),
             (2, 'CB', 'B', '\\x02', 'IB', 1, 'victim', '');
         INSERT INTO case_facets (case_pk, facet, value) VALUES (1, 'form', 'x'), (2, 'form', 'y');
         INSERT INTO case_secrets (case_pk, pseudonyms) VALUES (1, ''), (2, '');
         INSERT INTO news_articles (pk, id, org_id, external_id, text_key, language, body,
                 source_file, ingested_at) VALUES (1, 'NA', 'A', 'n', 'k', 'es', 'b', 'n', 't');
         INSERT INTO news_incidents (pk, id, org_id, article_pk, incident, smuggling)
             VALUES (1, 'IN', 'A', 1, '{}', 0);
         INSERT INTO news_incident_facets (incident_pk, facet, value) VALUES (1, 'country', 'PE');
         INSERT INTO consents (id, org_id, case_pk, grantee_org_id, purpose, evidence, given_at,
                 recorded_by, source) VALUES ('K', 'A', 1, 'B', 'care', 'form', 't', 'u', 'recorded');
         INSERT INTO grants (id, org_id, record_kind, target, record_pk, grantee_org_id, level,
                 purpose, basis, consent_id, granted_by, granted_at)
             VALUES ('G', 'A', 'case', 'record', 1, 'B', 4, 'care', 'consent', 'K', 'u', 't');
         INSERT INTO referrals (id, case_pk, from_org_id, to_org_id, purpose, status, consent_id,
                 grant_id, created_by, created_at, receiver_case_pk)
             VALUES ('R', 1, 'A', 'B', 'care', 'accepted', 'K', 'G', 'u', 't', 2);
         INSERT INTO transactions (pk, id, org_id, import_id, source_row, at, utc_offset,
                 key_version, sealed) VALUES (1, 'T', 'A', 'IA', 1, 0, 0, 1, '\\x00');
         INSERT INTO alerts (pk, id, org_id, alert_key, catalogue_version, typology, subject_kind,
                 subject_index, score, band, raised_at, created_at, key_version, sealed)
             VALUES (1, 'AL', 'A', '\\x01', 'v', 'fan_in', 'account', '\\x02', 1, 'low', 0, 't', 1,
                 '\\x00');
         INSERT INTO alert_transactions (alert_pk, transaction_pk) VALUES (1, 1);
         INSERT INTO linkage_runs (id, org_id, ran_at, records, pairs, entities, config)
             VALUES ('LR', 'B', 't', 2, 1, 1, '{}');
         INSERT INTO linkage_members (run_id, org_id, case_pk, entity_id)
             VALUES ('LR', 'B', 1, 'CA'), ('LR', 'B', 2, 'CA');
         INSERT INTO linkage_decisions (id, org_id, left_pk, right_pk, same, reviewer, decided_at)
             VALUES ('LD', 'B', 1, 2, 1, 'u', 't');
         INSERT INTO audit_events (id, chain, seq, at, org_id, action, outcome, records, detail,
                 prev, hash) VALUES (7, 'B', 1, 't', 'B', 'case.read', 'ok', '[]', '{}', '', 'h');
         INSERT INTO audit_access (event_id, owner_org_id, records) VALUES (7, 'A', 1);",
    )
    .unwrap();
    raw.batch_execute(include_str!(
        "../migrations/postgres/0019_keyed_by_organisation.sql"
    ))
    .expect("0019 over a populated store");
    for (n, sql) in [
        (
            20,
            include_str!("../migrations/postgres/0020_job_kinds.sql"),
        ),
        (
            21,
            include_str!("../migrations/postgres/0021_child_rows_checked_once.sql"),
        ),
        (
            22,
            include_str!("../migrations/postgres/0022_runs_placed_with_records.sql"),
        ),
    ] {
        raw.batch_execute(sql)
            .unwrap_or_else(|e| panic!("{n:04} over a populated store: {e}"));
    }
    let owners = |raw: &mut postgres::Client, sql: &str| -> Vec<String> {
        raw.query(sql, &[])
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect()
    };
    assert_eq!(
        owners(&mut raw, "SELECT org_id FROM case_facets ORDER BY case_pk"),
        ["A", "B"]
    );
    // The composite keys bind: a facet cannot name another organisation's case.
    assert!(raw
        .execute(
            "INSERT INTO case_facets (org_id, case_pk, facet, value) VALUES ('B', 1, 'form', 'z')",
            &[],
        )
        .is_err());
    // The facet rows then move into their cases' text (0024), and their table goes (0025).
    for (n, sql) in [
        (
            23,
            include_str!("../migrations/postgres/0023_facets_unchecked.sql"),
        ),
        (
            24,
            include_str!("../migrations/postgres/0024_case_facet_values.sql"),
        ),
        (
            25,
            include_str!("../migrations/postgres/0025_facets_only_in_text.sql"),
        ),
        (
            26,
            include_str!("../migrations/postgres/0026_case_ids_from_numbers.sql"),
        ),
        (
            27,
            include_str!("../migrations/postgres/0027_facet_codes.sql"),
        ),
    ] {
        raw.batch_execute(sql)
            .unwrap_or_else(|e| panic!("{n:04} over a populated store: {e}"));
    }
    assert_eq!(
        owners(&mut raw, "SELECT facet_values FROM cases ORDER BY pk"),
        ["form\u{1f}x", "form\u{1f}y"]
    );
    // Cases stored before ids were computed keep their ids, and are found by them (0026).
    assert_eq!(
        owners(
            &mut raw,
            "SELECT id || ' ' || id_lookup FROM cases ORDER BY pk"
        ),
        ["CA CA", "CB CB"]
    );
    assert_eq!(
        owners(&mut raw, "SELECT org_id FROM case_secrets ORDER BY case_pk"),
        ["A", "B"]
    );
    assert_eq!(
        owners(&mut raw, "SELECT org_id FROM news_incident_facets"),
        ["A"]
    );
    assert_eq!(
        owners(&mut raw, "SELECT org_id FROM alert_transactions"),
        ["A"]
    );
    assert_eq!(owners(&mut raw, "SELECT chain FROM audit_access"), ["B"]);
    assert_eq!(
        owners(
            &mut raw,
            "SELECT record_org_id FROM linkage_members ORDER BY case_pk"
        ),
        ["A", "B"]
    );
    assert_eq!(
        owners(
            &mut raw,
            "SELECT left_org_id || right_org_id FROM linkage_decisions"
        ),
        ["AB"]
    );
    assert_eq!(
        owners(&mut raw, "SELECT receiver_case_id FROM referrals"),
        ["CB"]
    );
    // Applied here by hand, so without the runner's ledger.
    let found: Vec<String> = problems(&mut raw)
        .into_iter()
        .filter(|p| !p.starts_with("schema_migrations"))
        .collect();
    assert!(found.is_empty(), "{found:?}");
}
