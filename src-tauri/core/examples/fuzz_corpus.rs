//! Writes the exchange file's starting corpus for the fuzzer (`make fuzz-corpus`, issue 19):
//! files in the current layout (`store::exchange_file`), each small so that the fuzzer
//! mutates structure rather than bulk (512-byte pages): an empty one, one change set, moves, the directory,
//! every op kind (scrubbed included), and three that must be refused (cut short, not SQLite,
//! another application's SQLite file). Run again whenever the layout changes.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a generator fails loudly

use passerelle_core::store::exchange_file;
use passerelle_core::sync::clock::Hlc;
use passerelle_core::sync::file::{ExchangeFile, Header};
use passerelle_core::sync::op::{ChangeSet, Op, OpKind, Scope, VersionVector};
use serde_json::{json, Value as Json};
use std::path::{Path, PathBuf};

const REPLICA: &str = "rep_0123456789abcdef0123456789abcdef";
const MISSION: &str = "mis_tsha_wallonia_2025";

fn op(index: u32, entity: &str, id: &str, kind: OpKind, field: &str, value: Json) -> Op {
    Op {
        index,
        entity: entity.into(),
        entity_id: id.into(),
        kind,
        field: field.into(),
        value,
        base_op: (index > 0).then(|| format!("{REPLICA}/1/{}", index - 1)),
        base: Json::Null,
    }
}

fn set(seq: u64, scope: &Scope, ops: Vec<Op>) -> ChangeSet {
    ChangeSet {
        replica: REPLICA.into(),
        seq,
        hlc: Hlc {
            ms: 1_750_000_000_000 + i64::try_from(seq).unwrap() * 1_000,
            counter: 0,
        },
        label: "action.editItem".into(),
        scope: scope.clone(),
        ops,
    }
}

fn file(scope: Scope, sets: Vec<ChangeSet>) -> ExchangeFile {
    let mut held = VersionVector::default();
    for s in &sets {
        held.note(&s.replica, s.seq);
    }
    ExchangeFile {
        header: Header {
            schema_version: passerelle_core::store::SCHEMA_VERSION,
            replica: REPLICA.into(),
            mission_title: matches!(scope, Scope::Mission(_))
                .then(|| "Taiwan Smart Healthcare Alliance — Wallonie 2025".into()),
            scope,
            created_at: "2025-06-26T09:40:00Z".into(),
            held,
        },
        sets,
    }
}

fn main() {
    let out: PathBuf = std::env::args()
        .nth(1)
        .map_or_else(|| PathBuf::from("fuzz/corpus/exchange_file"), PathBuf::from);
    std::fs::create_dir_all(&out).unwrap();
    let mission = Scope::Mission(MISSION.into());
    let item = "itm_d1_cardiology_121";
    let write = |name: &str, xf: &ExchangeFile| {
        let path = out.join(name);
        let _ = std::fs::remove_file(&path);
        exchange_file::write(&path, xf).unwrap();
        // 512-byte pages: a file of a few kB, so that the fuzzer's mutations hit structure.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA journal_mode = DELETE; PRAGMA page_size = 512; VACUUM;")
            .unwrap();
        drop(conn);
        exchange_file::read(&path).expect("the corpus file reads back");
        path
    };
    write("empty.passerelle", &file(mission.clone(), vec![]));
    let move_ops = |h: u32| {
        vec![
            op(
                0,
                "agenda_items",
                item,
                OpKind::Set,
                "starts_at",
                json!(format!("2025-06-27T{h:02}:00:00Z")),
            ),
            op(
                1,
                "agenda_items",
                item,
                OpKind::Set,
                "ends_at",
                json!(format!("2025-06-27T{:02}:00:00Z", h + 1)),
            ),
        ]
    };
    write(
        "one-set.passerelle",
        &file(mission.clone(), vec![set(1, &mission, move_ops(12))]),
    );
    write(
        "moves.passerelle",
        &file(
            mission.clone(),
            (1..=6)
                .map(|s| set(s, &mission, move_ops(8 + u32::try_from(s).unwrap())))
                .collect(),
        ),
    );
    let directory = Scope::Directory;
    write(
        "directory.passerelle",
        &file(
            directory.clone(),
            vec![set(
                1,
                &directory,
                vec![
                    op(
                        0,
                        "contacts",
                        "con_fuzz",
                        OpKind::Create,
                        "*",
                        json!({"given_name": "Mei", "family_name": "Lin", "lawful_basis": "legitimate_interest"}),
                    ),
                    op(
                        1,
                        "contacts",
                        "con_fuzz",
                        OpKind::Set,
                        "email",
                        json!("mei.lin@example.org"),
                    ),
                    op(
                        2,
                        "contacts",
                        "con_fuzz",
                        OpKind::Add,
                        "tags",
                        json!("cardiology"),
                    ),
                ],
            )],
        ),
    );
    let kinds = write(
        "kinds.passerelle",
        &file(
            mission.clone(),
            vec![
                set(
                    1,
                    &mission,
                    vec![
                        op(
                            0,
                            "followups",
                            "fup_fuzz",
                            OpKind::Create,
                            "*",
                            json!({"title": "Send the protocol", "mission_id": MISSION, "due_on": "2025-07-15"}),
                        ),
                        op(
                            1,
                            "agenda_items",
                            item,
                            OpKind::Add,
                            "participants",
                            json!("con_delegate_01"),
                        ),
                        op(
                            2,
                            "agenda_items",
                            item,
                            OpKind::Remove,
                            "participants",
                            json!("con_delegate_02"),
                        ),
                        op(
                            3,
                            "missions",
                            MISSION,
                            OpKind::Add,
                            "travel",
                            json!(["sit_a", "sit_b", 25]),
                        ),
                    ],
                ),
                set(
                    2,
                    &mission,
                    vec![
                        op(0, "followups", "fup_fuzz", OpKind::Delete, "*", Json::Null),
                        op(
                            1,
                            "agenda_items",
                            item,
                            OpKind::Scrubbed,
                            "participants",
                            Json::Null,
                        ),
                        op(
                            2,
                            "contacts",
                            "ers_0123456789abcdef0123456789abcdef",
                            OpKind::Erase,
                            "*",
                            Json::Null,
                        ),
                    ],
                ),
            ],
        ),
    );
    // Refused files: a valid one cut short, no SQLite at all, another application's database.
    let bytes = std::fs::read(&kinds).unwrap();
    std::fs::write(
        out.join("bad-cut-short.passerelle"),
        &bytes[..bytes.len().min(2048)],
    )
    .unwrap();
    std::fs::write(
        out.join("bad-not-sqlite.passerelle"),
        b"not an exchange file",
    )
    .unwrap();
    other_app(&out.join("bad-other-app.passerelle"));
    println!("exchange_file corpus written to {}", out.display());
}

fn other_app(path: &Path) {
    let _ = std::fs::remove_file(path);
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(
        "PRAGMA page_size = 512; CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);",
    )
    .unwrap();
}
