//! The team server's schema against a real PostgreSQL (a throwaway cluster): `init-server`
//! creates and re-runs, members and scopes, and what the server itself refuses to a member
//! connected directly (no Passerelle in between): reading a mission they lack, pushing under
//! another name or into another scope, updating or deleting ops; an erasure removes the
//! person's ops; a pull never skips a change set committed late by a long transaction.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;
mod pg_cluster;

use common::{cli, json, one_error_line, TempDb};
use pg_cluster::Cluster;
use std::path::PathBuf;

const DB: &str = "agency";

struct Server {
    cluster: Cluster,
    /// A data file the administrator's commands run beside (they do not open it).
    db: TempDb,
}

impl Server {
    fn new() -> Server {
        let cluster = Cluster::start();
        cluster.create_db(DB);
        let db = TempDb::new();
        let s = Server { cluster, db };
        json(&s.team(&["init-server", "--url", &s.cluster.admin_url(DB), "--json"]));
        s
    }

    fn team(&self, args: &[&str]) -> std::process::Output {
        let mut all = vec!["team"];
        all.extend_from_slice(args);
        cli(&self.db, &all)
    }

    fn password_file(&self, name: &str) -> PathBuf {
        let p = self.db.dir.path().join(format!("{name}.pw"));
        std::fs::write(&p, format!("pw-{name}\n")).unwrap();
        p
    }

    fn add(&self, name: &str, scopes: &[&str]) {
        let pw = self.password_file(name);
        let url = self.cluster.admin_url(DB);
        let mut args = vec![
            "add-member",
            "--url",
            &url,
            "--member",
            name,
            "--password-file",
            pw.to_str().unwrap(),
            "--json",
        ];
        for s in scopes {
            args.extend(["--scope", s]);
        }
        json(&self.team(&args));
    }

    fn member(&self, name: &str) -> postgres::Client {
        self.cluster.connect(DB, name, &format!("pw-{name}"))
    }
}

/// Pushes one change set of one op as `client`, directly.
fn push(
    client: &mut postgres::Client,
    replica: &str,
    seq: i64,
    scope: &str,
    entity_id: &str,
) -> Result<u64, postgres::Error> {
    let mut tx = client.transaction()?;
    tx.execute(
        "INSERT INTO passerelle.replicas (replica) VALUES ($1) ON CONFLICT DO NOTHING",
        &[&replica],
    )?;
    tx.execute(
        "INSERT INTO passerelle.change_sets (replica, seq, hlc, label, scope, set_scope)
         VALUES ($1, $2, '0000000000001-0000', 'action.editContact', $3, 'directory')
         ON CONFLICT DO NOTHING",
        &[&replica, &seq, &scope],
    )?;
    let n = tx.execute(
        "INSERT INTO passerelle.ops (replica, seq, idx, scope, entity, entity_id, kind, field, value)
         VALUES ($1, $2, 0, $3, 'contacts', $4, 'set', 'email', '\"a@b.example\"')
         ON CONFLICT DO NOTHING",
        &[&replica, &seq, &scope, &entity_id],
    )?;
    tx.commit()?;
    Ok(n)
}

#[test]
fn init_server_creates_the_schema_once_and_refuses_a_newer_one() {
    let s = Server::new();
    let again = json(&s.team(&["init-server", "--url", &s.cluster.admin_url(DB), "--json"]));
    assert_eq!(again["from"], again["to"]);
    s.add("alice", &["directory"]);
    let laptop = TempDb::new();
    let pw = s.password_file("alice");
    let join = [
        "team",
        "join",
        "--url",
        &s.cluster.url(DB),
        "--member",
        "alice",
        "--password-file",
        pw.to_str().unwrap(),
        "--json",
    ];
    json(&cli(&laptop, &join));
    // A server upgraded by a newer Passerelle: this one refuses it, untouched, to the
    // administrator and to a laptop.
    s.cluster
        .admin(DB)
        .batch_execute("UPDATE passerelle.schema_version SET version = version + 1")
        .unwrap();
    let err = one_error_line(&s.team(&["init-server", "--url", &s.cluster.admin_url(DB)]));
    assert!(err.contains("newer Passerelle"), "{err}");
    let err = one_error_line(&cli(&laptop, &["team", "sync"]));
    assert!(err.contains("Update Passerelle on this computer"), "{err}");
    let err = one_error_line(&cli(&laptop, &join));
    assert!(err.contains("newer Passerelle"), "{err}");
    // An empty database is named as such to a member.
    s.cluster.create_db("empty");
    let a = TempDb::new();
    let pw = s.password_file("nobody");
    let err = one_error_line(&cli(
        &a,
        &[
            "team",
            "join",
            "--url",
            &s.cluster.url("empty"),
            "--member",
            "nobody",
            "--password-file",
            pw.to_str().unwrap(),
        ],
    ));
    assert!(err.contains("password"), "{err}");
}

#[test]
fn a_member_reads_and_writes_only_their_scopes_under_their_own_name() {
    let s = Server::new();
    s.add("alice", &["directory", "mission:mis_a"]);
    s.add("bob", &["directory", "mission:mis_b"]);
    let mut alice = s.member("alice");
    let mut bob = s.member("bob");
    push(&mut alice, "rep_alice1", 1, "mission:mis_a", "itm_1").unwrap();
    push(&mut alice, "rep_alice1", 2, "directory", "con_1").unwrap();
    push(&mut bob, "rep_bob1", 1, "mission:mis_b", "itm_2").unwrap();

    // Bob cannot read a single op of mission A, nor its change sets.
    let seen: i64 = bob
        .query_one(
            "SELECT count(*) FROM passerelle.ops WHERE scope = 'mission:mis_a'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(seen, 0);
    let all: Vec<String> = bob
        .query("SELECT DISTINCT scope FROM passerelle.ops ORDER BY 1", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(all, ["directory", "mission:mis_b"]);
    let sets: i64 = bob
        .query_one(
            "SELECT count(*) FROM passerelle.change_sets WHERE scope = 'mission:mis_a'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(sets, 0);

    // Into a scope he lacks: refused by the policy.
    let e = push(&mut bob, "rep_bob1", 2, "mission:mis_a", "itm_1").unwrap_err();
    assert!(e.to_string().contains("db error"), "{e}");
    // Under Alice's replica: refused.
    let e = push(&mut bob, "rep_alice1", 3, "directory", "con_1").unwrap_err();
    assert!(e.as_db_error().is_some(), "{e}");
    // Under Alice's name: the column is not his to write.
    let e = bob
        .execute(
            "INSERT INTO passerelle.change_sets (replica, seq, hlc, label, scope, set_scope, member)
             VALUES ('rep_bob1', 9, 'x', 'x', 'directory', 'directory', 'alice')",
            &[],
        )
        .unwrap_err();
    assert!(
        e.as_db_error()
            .unwrap()
            .message()
            .contains("permission denied"),
        "{e}"
    );
    // Ops are never updated nor deleted by a member.
    for sql in [
        "UPDATE passerelle.ops SET value = '1'",
        "DELETE FROM passerelle.ops",
        "DELETE FROM passerelle.change_sets",
        "TRUNCATE passerelle.ops",
    ] {
        let e = alice.batch_execute(sql).unwrap_err();
        assert!(
            e.as_db_error()
                .unwrap()
                .message()
                .contains("permission denied"),
            "{sql}: {e}"
        );
    }
    // A duplicate is ignored, not an error.
    assert_eq!(
        push(&mut alice, "rep_alice1", 1, "mission:mis_a", "itm_1").unwrap(),
        0
    );

    // Removed from mission B, then removed altogether: Bob reads nothing of B, then cannot log in.
    json(&s.team(&[
        "remove-member",
        "--url",
        &s.cluster.admin_url(DB),
        "--member",
        "bob",
        "--scope",
        "mission:mis_b",
        "--json",
    ]));
    let left: i64 = bob
        .query_one(
            "SELECT count(*) FROM passerelle.ops WHERE scope = 'mission:mis_b'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(left, 0);
    json(&s.team(&[
        "remove-member",
        "--url",
        &s.cluster.admin_url(DB),
        "--member",
        "bob",
        "--json",
    ]));
    let e = postgres::Config::new()
        .host("127.0.0.1")
        .port(s.cluster.port)
        .dbname(DB)
        .user("bob")
        .password("pw-bob")
        .connect(postgres::NoTls)
        .err()
        .expect("a removed member cannot log in");
    assert!(e.to_string().contains("db error"), "{e}");
}

#[test]
fn an_erasure_scrubs_the_persons_ops_on_the_server() {
    let s = Server::new();
    s.add("alice", &["directory"]);
    let mut alice = s.member("alice");
    push(&mut alice, "rep_alice1", 1, "directory", "con_erased").unwrap();
    push(&mut alice, "rep_alice1", 2, "directory", "con_kept").unwrap();
    let token = passerelle_core::sync::merge::erasure_token("con_erased");
    let mut tx = alice.transaction().unwrap();
    // A follow-up's person set to the erased one: the op stays, with null in their place.
    tx.execute(
        "INSERT INTO passerelle.change_sets (replica, seq, hlc, label, scope, set_scope)
         VALUES ('rep_alice1', 3, '0000000000002-0000', 'action.editFollowup', 'directory', 'directory')",
        &[],
    )
    .unwrap();
    tx.execute(
        "INSERT INTO passerelle.ops (replica, seq, idx, scope, entity, entity_id, kind, field, value)
         VALUES ('rep_alice1', 3, 0, 'directory', 'followups', 'fup_call', 'set', 'contact_id',
                 '\"con_erased\"')",
        &[],
    )
    .unwrap();
    tx.execute(
        "INSERT INTO passerelle.change_sets (replica, seq, hlc, label, scope, set_scope)
         VALUES ('rep_alice1', 4, '0000000000003-0000', 'action.eraseContact', 'directory', 'directory')",
        &[],
    )
    .unwrap();
    tx.execute(
        "INSERT INTO passerelle.ops (replica, seq, idx, scope, entity, entity_id, kind, field)
         VALUES ('rep_alice1', 4, 0, 'directory', 'contacts', $1, 'erase', '*')",
        &[&token],
    )
    .unwrap();
    tx.commit().unwrap();
    // The person's op stays as a place in the history (its number), under their token and
    // with no value; the other person's op is untouched.
    let rows: Vec<(i64, String, String, String)> = s
        .cluster
        .admin(DB)
        .query(
            "SELECT seq, entity_id, kind, value::text FROM passerelle.ops ORDER BY seq",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
        .collect();
    assert_eq!(rows.len(), 4, "{rows:?}");
    assert_eq!(
        (rows[0].1.as_str(), rows[0].2.as_str(), rows[0].3.as_str()),
        (token.as_str(), "scrubbed", "null")
    );
    assert_eq!(
        (rows[1].1.as_str(), rows[1].2.as_str()),
        ("con_kept", "set")
    );
    assert_eq!(
        (rows[2].1.as_str(), rows[2].2.as_str(), rows[2].3.as_str()),
        ("fup_call", "set", "null")
    );
    assert_eq!(
        (rows[3].1.as_str(), rows[3].2.as_str()),
        (token.as_str(), "erase")
    );
    let naming: i64 = s
        .cluster
        .admin(DB)
        .query_one(
            "SELECT count(*) FROM passerelle.ops WHERE entity_id = 'con_erased'
               OR value::text LIKE '%con_erased%' OR base::text LIKE '%con_erased%'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(naming, 0, "no op names the erased person");
}

#[test]
fn a_pull_never_skips_a_change_set_committed_late() {
    let s = Server::new();
    s.add("alice", &["directory"]);
    s.add("bob", &["directory"]);
    let mut early = s.member("alice");
    let mut late_writer = s.member("alice");
    let mut reader = s.member("bob");
    // A long transaction takes its id first and commits last.
    let mut long = late_writer.transaction().unwrap();
    long.execute(
        "INSERT INTO passerelle.replicas (replica) VALUES ('rep_slow') ON CONFLICT DO NOTHING",
        &[],
    )
    .unwrap();
    push(&mut early, "rep_fast", 1, "directory", "con_1").unwrap();
    let server = "test";
    let pulled = passerelle_core::store::team::server::ops::pull(
        &mut reader,
        server,
        "bob",
        "rep_bob",
        &[("directory".into(), Default::default())],
    )
    .unwrap();
    // The fast one is behind the long transaction: not read yet, and the cursor did not pass it.
    assert_eq!(pulled.sets.len(), 0);
    let cursor = pulled.cursors[0].1;
    long.execute(
        "INSERT INTO passerelle.change_sets (replica, seq, hlc, label, scope, set_scope)
         VALUES ('rep_slow', 1, '0000000000001-0000', 'x', 'directory', 'directory')",
        &[],
    )
    .unwrap();
    long.commit().unwrap();
    let pulled = passerelle_core::store::team::server::ops::pull(
        &mut reader,
        server,
        "bob",
        "rep_bob",
        &[("directory".into(), cursor)],
    )
    .unwrap();
    let mut got: Vec<String> = pulled.sets.iter().map(|s| s.replica.clone()).collect();
    got.sort();
    assert_eq!(got, ["rep_fast", "rep_slow"]);
    // And nothing twice.
    let again = passerelle_core::store::team::server::ops::pull(
        &mut reader,
        server,
        "bob",
        "rep_bob",
        &pulled.cursors,
    )
    .unwrap();
    assert!(again.sets.is_empty());
}

#[test]
fn tls_verifies_the_servers_certificate_and_name() {
    let cluster = Cluster::start_with_tls();
    cluster.create_db(DB);
    let s = Server {
        cluster,
        db: TempDb::new(),
    };
    json(&s.team(&["init-server", "--url", &s.cluster.admin_url(DB), "--json"]));
    s.add("alice", &["directory"]);
    let crt = s.cluster.certificate.clone().unwrap();
    let pw = s.password_file("alice");
    let join = |url: &str| {
        let laptop = TempDb::new();
        let out = cli(
            &laptop,
            &[
                "team",
                "join",
                "--url",
                url,
                "--member",
                "alice",
                "--password-file",
                pw.to_str().unwrap(),
                "--json",
            ],
        );
        (laptop, out)
    };
    // Trusted through the agency's certificate: joined over TLS.
    let port = s.cluster.port;
    let trusted = format!(
        "postgresql://localhost:{port}/{DB}?sslmode=require&sslrootcert={}",
        crt.display()
    );
    let (laptop, out) = join(&trusted);
    json(&out);
    json(&cli(&laptop, &["team", "sync", "--json"]));
    // Without it the certificate is nobody's: refused, with a message to act on.
    let (_, out) = join(&format!(
        "postgresql://localhost:{port}/{DB}?sslmode=require"
    ));
    let err = one_error_line(&out);
    assert!(err.contains("secure connection"), "{err}");
    // The right certificate for another name (the address, not `localhost`): refused too.
    let (_, out) = join(&format!(
        "postgresql://127.0.0.1:{port}/{DB}?sslmode=require&sslrootcert={}",
        crt.display()
    ));
    let err = one_error_line(&out);
    assert!(err.contains("secure connection"), "{err}");
}

/// Pushes one change set of `ops` (entity, entity id, kind, value as JSON) as `client`.
fn push_ops(
    client: &mut postgres::Client,
    replica: &str,
    seq: i64,
    scope: &str,
    ops: &[(&str, &str, &str, &str)],
) -> Result<(), postgres::Error> {
    let mut tx = client.transaction()?;
    tx.execute(
        "INSERT INTO passerelle.replicas (replica) VALUES ($1) ON CONFLICT DO NOTHING",
        &[&replica],
    )?;
    tx.execute(
        "INSERT INTO passerelle.change_sets (replica, seq, hlc, label, scope, set_scope)
         VALUES ($1, $2, '0000000000001-0000', 'action.saveNeeds', $3, 'directory')",
        &[&replica, &seq, &scope],
    )?;
    for (i, (entity, id, kind, value)) in ops.iter().enumerate() {
        let idx = i32::try_from(i).unwrap();
        tx.execute(
            "INSERT INTO passerelle.ops (replica, seq, idx, scope, entity, entity_id, kind, field,
               value)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'diet_other', $8::text::jsonb)",
            &[&replica, &seq, &idx, &scope, entity, id, kind, value],
        )?;
    }
    tx.commit()
}

/// Of the ops the server holds, how many hold `word` in their value or base.
fn server_mentions(s: &Server, word: &str) -> i64 {
    s.cluster
        .admin(DB)
        .query_one(
            "SELECT count(*) FROM passerelle.ops
             WHERE strpos(value::text, $1) > 0 OR strpos(base::text, $1) > 0",
            &[&word],
        )
        .unwrap()
        .get(0)
}

#[test]
fn a_deleted_personal_record_keeps_no_value_on_the_server_and_only_its_scopes_can_scrub_it() {
    let s = Server::new();
    s.add("alice", &["mission:mis_a"]);
    s.add("mallory", &["directory", "mission:mis_b"]);
    let mut alice = s.member("alice");
    let mut mallory = s.member("mallory");
    let diet = "\"Zorbaflex-intolerance\"";
    push_ops(
        &mut alice,
        "rep_alice1",
        1,
        "mission:mis_a",
        &[
            (
                "meal_needs",
                "ned_one",
                "create",
                "{\"diet_other\": \"Zorbaflex-intolerance\"}",
            ),
            ("meal_needs", "ned_one", "set", diet),
            (
                "passports",
                "psp_one",
                "create",
                "{\"number\": \"QX7351946\"}",
            ),
            // Not personal: a deletion of it scrubs nothing.
            ("sites", "sit_one", "set", "\"Zorbaflex hall\""),
        ],
    )
    .unwrap();
    assert_eq!(server_mentions(&s, "Zorbaflex-intolerance"), 2);
    // Another mission's member pushes deletions of the records (ids guessed): within their own
    // scopes, so accepted, but they scrub nothing of a mission they do not hold.
    push_ops(
        &mut mallory,
        "rep_mallory1",
        1,
        "mission:mis_b",
        &[
            ("meal_needs", "ned_one", "delete", "null"),
            ("passports", "psp_one", "delete", "null"),
        ],
    )
    .unwrap();
    push_ops(
        &mut mallory,
        "rep_mallory1",
        2,
        "directory",
        &[("meal_needs", "ned_one", "delete", "null")],
    )
    .unwrap();
    assert_eq!(server_mentions(&s, "Zorbaflex-intolerance"), 2);
    assert_eq!(server_mentions(&s, "QX7351946"), 1);
    // Nor can they push into that mission.
    assert!(push_ops(
        &mut mallory,
        "rep_mallory1",
        3,
        "mission:mis_a",
        &[("meal_needs", "ned_one", "delete", "null")],
    )
    .is_err());
    assert_eq!(server_mentions(&s, "Zorbaflex-intolerance"), 2);
    // The mission's own member withdraws the needs: their ops keep their place, no value.
    push_ops(
        &mut alice,
        "rep_alice1",
        2,
        "mission:mis_a",
        &[("meal_needs", "ned_one", "delete", "null")],
    )
    .unwrap();
    assert_eq!(server_mentions(&s, "Zorbaflex-intolerance"), 0);
    assert_eq!(server_mentions(&s, "QX7351946"), 1);
    assert_eq!(server_mentions(&s, "Zorbaflex hall"), 1);
    let kinds: Vec<String> = s
        .cluster
        .admin(DB)
        .query(
            "SELECT kind FROM passerelle.ops WHERE entity_id = 'ned_one' AND replica = 'rep_alice1'
             ORDER BY seq, idx",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(kinds, ["scrubbed", "scrubbed", "delete"]);
    // An edit of the deleted record arriving later (a laptop offline meanwhile) keeps no value.
    push_ops(
        &mut alice,
        "rep_alice2",
        1,
        "mission:mis_a",
        &[("meal_needs", "ned_one", "set", "\"Zorbaflex-again\"")],
    )
    .unwrap();
    assert_eq!(server_mentions(&s, "Zorbaflex-again"), 0);
}

#[test]
fn init_server_upgrades_a_schema_2_server_and_its_scrub_then_works() {
    let cluster = Cluster::start();
    cluster.create_db("old");
    // A server as the previous Passerelle left it, schema 2.
    cluster
        .admin("old")
        .batch_execute(&format!(
            "{}\n{}\nINSERT INTO passerelle.schema_version (version) VALUES (2);",
            include_str!("../src-tauri/core/server/0001_team.sql"),
            include_str!("../src-tauri/core/server/0002_scrub.sql"),
        ))
        .unwrap();
    let admin = TempDb::new();
    let up = json(&cli(
        &admin,
        &[
            "team",
            "init-server",
            "--url",
            &cluster.admin_url("old"),
            "--json",
        ],
    ));
    assert_eq!(
        (up["from"].as_i64(), up["to"].as_i64()),
        (Some(2), Some(3)),
        "{up}"
    );
    let triggers: i64 = cluster
        .admin("old")
        .query_one(
            "SELECT count(*) FROM pg_trigger WHERE tgname = 'ops_scrub_deleted'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(triggers, 1);
}
