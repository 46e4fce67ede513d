//! The agency's team server, as a new user would try it (issue 16's "Done when"), through
//! `passerelle-cli` on real data files and a real PostgreSQL (a throwaway cluster): an
//! administrator sets the server up and adds three advisers; laptops join, plan the same
//! mission and edit the shared directory; one goes offline (the server stopped, then simply not
//! synced) and comes back; everything converges; the one real conflict is listed by
//! `sync conflicts`; an adviser taken off the mission no longer receives it, and a removed one
//! is refused.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;
mod pg_cluster;

use common::{cli, json, one_error_line, TempDb};
use pg_cluster::Cluster;
use serde_json::Value;
use std::path::PathBuf;

const DB: &str = "agency";
const MISSION: &str = "mis_tsha_wallonia_2025";
const ITEM: &str = "itm_d1_welcome";

struct Agency {
    cluster: Cluster,
    /// Where the administrator's commands run and the password files are.
    admin: TempDb,
    /// The seeded data file each laptop starts from (a copy takes its own replica id).
    base: TempDb,
}

impl Agency {
    fn new() -> Agency {
        let cluster = Cluster::start();
        cluster.create_db(DB);
        let admin = TempDb::new();
        let base = TempDb::new();
        json(&cli(&base, &["seed", "taiwan-wallonia-2025", "--json"]));
        let a = Agency {
            cluster,
            admin,
            base,
        };
        let url = a.cluster.admin_url(DB);
        let done = json(&cli(
            &a.admin,
            &["team", "init-server", "--url", &url, "--json"],
        ));
        assert_eq!(done["from"], 0);
        a
    }

    fn password_file(&self, name: &str, password: &str) -> PathBuf {
        let p = self.admin.dir.path().join(format!("{name}.pw"));
        std::fs::write(&p, format!("{password}\n")).unwrap();
        p
    }

    fn add_member(&self, name: &str) {
        let pw = self.password_file(name, &format!("pw-{name}"));
        let url = self.cluster.admin_url(DB);
        let added = json(&cli(
            &self.admin,
            &[
                "team",
                "add-member",
                "--url",
                &url,
                "--member",
                name,
                "--password-file",
                pw.to_str().unwrap(),
                "--scope",
                "directory",
                "--scope",
                &format!("mission:{MISSION}"),
                "--json",
            ],
        ));
        assert_eq!(added["created"], true);
    }

    fn remove(&self, name: &str, scope: Option<&str>) -> Value {
        let url = self.cluster.admin_url(DB);
        let mut args = vec![
            "team",
            "remove-member",
            "--url",
            &url,
            "--member",
            name,
            "--json",
        ];
        if let Some(s) = scope {
            args.extend(["--scope", s]);
        }
        json(&cli(&self.admin, &args))
    }

    fn laptop(&self) -> TempDb {
        let db = TempDb::new();
        std::fs::copy(&self.base.path, &db.path).unwrap();
        db
    }

    fn join(&self, db: &TempDb, name: &str, password: &str) -> std::process::Output {
        let pw = self.password_file(&format!("{name}-typed"), password);
        cli(
            db,
            &[
                "team",
                "join",
                "--url",
                &self.cluster.url(DB),
                "--member",
                name,
                "--password-file",
                pw.to_str().unwrap(),
                "--json",
            ],
        )
    }
}

fn sync(db: &TempDb) -> Value {
    let done = json(&cli(db, &["team", "sync", "--json"]));
    for key in ["pushed", "pulled", "conflicts"] {
        assert!(done[key].is_u64(), "{key} in {done}");
    }
    done
}

fn status(db: &TempDb) -> Value {
    json(&cli(db, &["team", "status", "--json"]))
}

fn move_item(db: &TempDb, start: &str, end: &str) {
    json(&cli(
        db,
        &[
            "agenda", "move", "--id", ITEM, "--start", start, "--end", end, "--json",
        ],
    ));
}

fn start_of(db: &TempDb) -> String {
    let agenda = json(&cli(db, &["list", "agenda", "--mission", MISSION]));
    let found = agenda.as_array().unwrap().iter().find(|i| i["id"] == ITEM);
    found.unwrap()["start"].as_str().unwrap().to_owned()
}

fn conflicts(db: &TempDb) -> Vec<Value> {
    json(&cli(
        db,
        &["sync", "conflicts", "--mission", MISSION, "--json"],
    ))
    .as_array()
    .unwrap()
    .clone()
}

/// What a planner sees of the mission and the directory: the same on converged copies.
fn view(db: &TempDb) -> (Value, Value) {
    (
        json(&cli(db, &["list", "agenda", "--mission", MISSION])),
        json(&cli(db, &["list", "contacts"])),
    )
}

#[test]
fn an_agency_plans_one_mission_on_two_laptops_through_its_server() {
    let agency = Agency::new();
    for name in ["alice", "bob", "carol"] {
        agency.add_member(name);
    }
    let (a, b, c) = (agency.laptop(), agency.laptop(), agency.laptop());

    // A wrong password is refused, and nothing is kept.
    let err = one_error_line(&agency.join(&a, "alice", "not-her-password"));
    assert!(err.contains("refused the password of alice"), "{err}");
    assert_eq!(status(&a)["state"], "notJoined");

    for (db, name) in [(&a, "alice"), (&b, "bob"), (&c, "carol")] {
        let joined = json(&agency.join(db, name, &format!("pw-{name}")));
        assert_eq!(joined["member"], name);
        assert_eq!(
            joined["scopes"],
            serde_json::json!(["directory", format!("mission:{MISSION}")])
        );
        // The seed this copy holds is not on the server yet: it waits to be relayed.
        let s = status(db);
        assert_eq!(s["state"], "waiting", "{s}");
        assert_eq!(s["lastSync"], Value::Null);
    }
    let kept = a.path.with_file_name("passerelle.sqlite3.team-password");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&kept).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the password file is its user's only");
    }

    // Alice plans the welcome at 14:30 and adds a person to the directory; Bob receives both.
    move_item(&a, "2025-06-26T14:30:00+02:00", "2025-06-26T15:00:00+02:00");
    let added = json(&cli(
        &a,
        &[
            "contact", "add", "--given", "Mei", "--family", "Lin", "--json",
        ],
    ));
    let first = sync(&a);
    assert!(first["pushed"].as_u64().unwrap() >= 2, "{first}");
    assert_eq!(status(&a)["state"], "synced");
    assert_eq!(status(&a)["opsWaiting"], 0);
    let got = sync(&b);
    assert!(got["pulled"].as_u64().unwrap() >= 2, "{got}");
    assert_eq!(start_of(&b), "2025-06-26T14:30:00+02:00");
    let contacts = json(&cli(&b, &["list", "contacts"]));
    assert!(
        contacts
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["id"] == added["id"]),
        "Bob has Alice's new contact"
    );

    // Bob goes offline (the server is down): his sync says so, his change waits.
    agency.cluster.stop_server();
    move_item(&b, "2025-06-26T14:45:00+02:00", "2025-06-26T15:15:00+02:00");
    let err = one_error_line(&cli(&b, &["team", "sync", "--json"]));
    assert!(err.contains("cannot be reached"), "{err}");
    let offline = status(&b);
    assert_eq!(offline["state"], "offline", "{offline}");
    assert!(offline["opsWaiting"].as_u64().unwrap() >= 1, "{offline}");
    assert_eq!(start_of(&b), "2025-06-26T14:45:00+02:00");
    agency.cluster.start_server();

    // Meanwhile (Bob still not syncing) Alice moves the welcome to 15:00.
    move_item(&a, "2025-06-26T15:00:00+02:00", "2025-06-26T15:30:00+02:00");
    sync(&a);

    // Bob comes back: his change goes out, Alice's comes in, and the one real conflict is raised.
    let back = sync(&b);
    assert!(back["pushed"].as_u64().unwrap() >= 1, "{back}");
    assert!(back["conflicts"].as_u64().unwrap() >= 1, "{back}");
    let on_a = sync(&a);
    assert!(on_a["conflicts"].as_u64().unwrap() >= 1, "{on_a}");
    sync(&b);
    let (ca, cb) = (conflicts(&a), conflicts(&b));
    assert_eq!(ca.len(), 1, "{ca:?}");
    assert_eq!(cb.len(), 1, "{cb:?}");
    assert_eq!(ca[0]["id"], cb[0]["id"]);
    assert_eq!(ca[0]["entity_id"], ITEM);
    assert_eq!(view(&a), view(&b), "the copies converge");

    // Settled on Alice's laptop (Bob's time): the settlement travels, both agree, nothing waits.
    let id = ca[0]["id"].as_str().unwrap();
    json(&cli(
        &a,
        &["sync", "resolve", id, "--take", "remote", "--json"],
    ));
    sync(&a);
    sync(&b);
    assert!(conflicts(&b).is_empty());
    assert_eq!(start_of(&a), "2025-06-26T14:45:00+02:00");
    assert_eq!(view(&a), view(&b));
    for db in [&a, &b] {
        let s = status(db);
        assert_eq!(s["state"], "synced", "{s}");
        assert_eq!(s["opsWaiting"], 0, "{s}");
    }

    // Alice erases the person she added: the erasure reaches the server, which keeps no op
    // naming her, and Bob's copy forgets her too.
    let person = added["id"].as_str().unwrap();
    let out = cli(&a, &["contact", "erase", person]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    sync(&a);
    let naming: i64 = agency
        .cluster
        .admin(DB)
        .query_one(
            "SELECT count(*) FROM passerelle.ops WHERE kind <> 'erase'
               AND (entity_id = $1 OR value::text LIKE '%' || $1 || '%')",
            &[&person],
        )
        .unwrap()
        .get(0);
    assert_eq!(naming, 0, "no op on the server names the erased person");
    sync(&b);
    let contacts = json(&cli(&b, &["list", "contacts"]));
    assert!(!contacts
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["id"] == person));

    // Carol has everything; taken off the mission, she no longer receives it.
    sync(&c);
    assert_eq!(view(&c), view(&a));
    let left = agency.remove("carol", Some(&format!("mission:{MISSION}")));
    assert_eq!(left["scopes"], serde_json::json!(["directory"]));
    move_item(&a, "2025-06-26T16:00:00+02:00", "2025-06-26T16:30:00+02:00");
    sync(&a);
    let after = sync(&c);
    assert_eq!(after["pulled"], 0, "{after}");
    assert_eq!(start_of(&c), "2025-06-26T14:45:00+02:00");

    // Removed altogether: refused with a message she can act on; her data stays.
    agency.remove("carol", None);
    let err = one_error_line(&cli(&c, &["team", "sync"]));
    assert!(err.contains("no longer a member"), "{err}");
    assert_eq!(status(&c)["state"], "error");
}

#[test]
fn a_laptop_leaves_the_server_and_joins_again_without_losing_anything() {
    let agency = Agency::new();
    agency.add_member("alice");
    let a = agency.laptop();
    json(&agency.join(&a, "alice", "pw-alice"));
    sync(&a);
    let kept = a.path.with_file_name("passerelle.sqlite3.team-password");
    assert!(kept.exists());

    // Leaving forgets the connection and the password, not the data.
    let left = json(&cli(&a, &["team", "leave", "--json"]));
    assert_eq!(left["left"], true);
    assert!(!kept.exists(), "the password is forgotten");
    assert_eq!(status(&a)["state"], "notJoined");
    let err = one_error_line(&cli(&a, &["team", "sync", "--json"]));
    assert!(err.contains("has not joined"), "{err}");
    move_item(&a, "2025-06-26T14:30:00+02:00", "2025-06-26T15:00:00+02:00");
    let left = json(&cli(&a, &["team", "leave", "--json"]));
    assert_eq!(left["left"], false, "leaving twice: nothing to leave");

    // Joining again sends what was made meanwhile; a fresh copy receives it.
    json(&agency.join(&a, "alice", "pw-alice"));
    assert!(sync(&a)["pushed"].as_u64().unwrap() > 0);
    let fresh = agency.laptop();
    json(&agency.join(&fresh, "alice", "pw-alice"));
    sync(&fresh);
    assert_eq!(start_of(&fresh), start_of(&a));
}

/// A meal need withdrawn on one laptop leaves no trace of its diet text in the server's ops
/// nor on the other laptop that had received it (issue 16's scrub, schema 3).
#[test]
fn a_withdrawn_need_keeps_no_value_on_the_server_nor_on_the_other_laptop() {
    const DIET: &str = "Zorbaflex-intolerance";
    let agency = Agency::new();
    for name in ["alice", "bob"] {
        agency.add_member(name);
    }
    let (a, b) = (agency.laptop(), agency.laptop());
    for (db, name) in [(&a, "alice"), (&b, "bob")] {
        json(&agency.join(db, name, &format!("pw-{name}")));
    }
    // The demo mission was in June 2025: its needs are kept ten years so as not to be purged.
    json(&cli(
        &a,
        &[
            "needs",
            "retention",
            "--mission",
            MISSION,
            "--days",
            "3650",
            "--json",
        ],
    ));
    json(&cli(
        &a,
        &[
            "needs",
            "set",
            "--mission",
            MISSION,
            "--contact",
            "con_delegate_03",
            "--diet",
            "halal",
            "--diet-other",
            DIET,
            "--consent",
            "--consent-by",
            "the person",
            "--consent-on",
            "2025-06-01",
            "--consent-how",
            "form",
            "--json",
        ],
    ));
    sync(&a);
    sync(&b);
    let server_mentions = || -> i64 {
        agency
            .cluster
            .admin(DB)
            .query_one(
                "SELECT count(*) FROM passerelle.ops
                 WHERE strpos(value::text, $1) > 0 OR strpos(base::text, $1) > 0",
                &[&DIET],
            )
            .unwrap()
            .get(0)
    };
    assert!(server_mentions() > 0);
    let listed = json(&cli(&b, &["needs", "list", "--mission", MISSION, "--json"]));
    assert_eq!(listed["needs"][0]["dietOther"], DIET, "{listed}");
    json(&cli(
        &a,
        &[
            "needs",
            "clear",
            "--mission",
            MISSION,
            "--contact",
            "con_delegate_03",
            "--json",
        ],
    ));
    sync(&a);
    assert_eq!(server_mentions(), 0, "the server's ops hold the diet text");
    sync(&b);
    let listed = json(&cli(&b, &["needs", "list", "--mission", MISSION, "--json"]));
    assert_eq!(listed["needs"], serde_json::json!([]), "{listed}");
    for db in [&a, &b] {
        let bytes = std::fs::read(&db.path).unwrap();
        assert!(
            !bytes.windows(DIET.len()).any(|w| w == DIET.as_bytes()),
            "a laptop's file holds the diet text"
        );
    }
}

/// Where a Secret Service answers (GNOME Keyring in a D-Bus session of its own, with a
/// throwaway HOME), `team join` keeps the password in the keyring, writes no password file, and
/// `team sync` reads it back from there; without one (every other test here) the file it is.
#[test]
fn the_password_goes_to_the_keyring_where_one_answers() {
    let agency = Agency::new();
    agency.add_member("alice");
    let laptop = agency.laptop();
    let pw = agency.password_file("alice-typed", "pw-alice");
    let home = tempfile::tempdir().unwrap();
    let script = r#"
        printf 'keyring-unlock' | gnome-keyring-daemon --daemonize --unlock --components=secrets >/dev/null
        sleep 1
        "$CLI" --db "$DB" team join --url "$URL" --member alice --password-file "$PW" --json || exit 11
        if [ -e "$DB.team-password" ]; then echo "a password file was written"; exit 12; fi
        "$CLI" --db "$DB" team sync --json || exit 13
        "$CLI" --db "$DB" team leave --json || exit 14
        if "$CLI" --db "$DB" team sync --json; then echo "synced after leaving"; exit 15; fi
        exit 0
    "#;
    let out = std::process::Command::new("dbus-run-session")
        .args(["--", "sh", "-c", script])
        .env("HOME", home.path())
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("CLI", env!("CARGO_BIN_EXE_passerelle-cli"))
        .env("DB", &laptop.path)
        .env("URL", agency.cluster.url(DB))
        .env("PW", &pw)
        .output()
        .expect("dbus-run-session and gnome-keyring (make test-deps)");
    assert!(
        out.status.success(),
        "{:?}\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let keyrings = home.path().join(".local/share/keyrings");
    assert!(
        keyrings.join("login.keyring").exists(),
        "the keyring was used"
    );
}

/// A kept session (the window's background sync, the load benchmark) reads what the server
/// holds at its first sync only, then keeps that up to date with what it pushes and pulls:
/// later syncs send only what is new. A change set the session could not know the server got
/// meanwhile (another laptop relayed it) is sent again, and the server keeps it once.
#[test]
fn a_kept_session_sends_only_what_is_new_and_a_relayed_change_set_is_kept_once() {
    use passerelle_core::team::Session;
    let agency = Agency::new();
    for name in ["alice", "bob"] {
        agency.add_member(name);
    }
    let (a, b, outsider) = (agency.laptop(), agency.laptop(), agency.laptop());
    json(&agency.join(&a, "alice", "pw-alice"));
    json(&agency.join(&b, "bob", "pw-bob"));
    let (store_a, store_b) = (a.open(), b.open());
    let mut alice = Session::open(&store_a).unwrap();
    let mut bob = Session::open(&store_b).unwrap();
    assert!(
        alice.sync(&store_a).unwrap().pushed > 0,
        "the seeded copy's changes relayed"
    );
    let first = bob.sync(&store_b).unwrap();
    assert_eq!(first.pushed, 0, "the server had them: {first:?}");
    let on_server = |agency: &Agency| -> i64 {
        agency
            .cluster
            .admin(DB)
            .query_one("SELECT count(*) FROM passerelle.ops", &[])
            .unwrap()
            .get(0)
    };
    let before = on_server(&agency);

    // A copy that never joined makes a change; both laptops import it from a file.
    move_item(
        &outsider,
        "2025-06-26T13:30:00+02:00",
        "2025-06-26T14:00:00+02:00",
    );
    let file = outsider.dir.path().join("changes.passerelle-sync");
    json(&cli(
        &outsider,
        &[
            "sync",
            "export",
            "--mission",
            MISSION,
            "--out",
            file.to_str().unwrap(),
            "--json",
        ],
    ));
    for db in [&a, &b] {
        json(&cli(
            db,
            &["sync", "import", file.to_str().unwrap(), "--json"],
        ));
    }
    // Alice relays it; Bob's session did not see that and sends it again: kept once.
    let relayed = alice.sync(&store_a).unwrap();
    assert!(relayed.pushed > 0, "{relayed:?}");
    let again = bob.sync(&store_b).unwrap();
    assert_eq!((again.pushed, again.applied), (0, 0), "{again:?}");
    assert_eq!(on_server(&agency) - before, relayed.pushed as i64);

    // Each laptop's own edits go out once and reach the other.
    move_item(&a, "2025-06-26T14:30:00+02:00", "2025-06-26T15:00:00+02:00");
    let sent = alice.sync(&store_a).unwrap();
    assert!(sent.pushed > 0 && sent.pulled == 0, "{sent:?}");
    assert_eq!(
        alice.sync(&store_a).unwrap().pushed,
        0,
        "nothing new to send"
    );
    let got = bob.sync(&store_b).unwrap();
    assert!(got.pulled > 0 && got.pushed == 0, "{got:?}");
    assert_eq!(start_of(&b), start_of(&a));
    move_item(&b, "2025-06-26T15:30:00+02:00", "2025-06-26T16:00:00+02:00");
    assert!(bob.sync(&store_b).unwrap().pushed > 0);
    assert!(alice.sync(&store_a).unwrap().pulled > 0);
    assert_eq!(start_of(&a), start_of(&b));
    for db in [&a, &b] {
        let st = status(db);
        assert_eq!(
            (st["state"].as_str(), st["opsWaiting"].as_u64()),
            (Some("synced"), Some(0)),
            "{st}"
        );
    }
}
