//! How many records a database file holds, for `passerelle-cli info` and a backup's preview.

use crate::error::Result;
use rusqlite::Connection;

/// Record counts of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Contents {
    pub missions: u32,
    pub organisations: u32,
    pub contacts: u32,
    pub technologies: u32,
    pub agenda_items: u32,
}

pub fn of(conn: &Connection) -> Result<Contents> {
    let count = |table: &str| -> Result<u32> {
        Ok(conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
    };
    Ok(Contents {
        missions: count("missions")?,
        organisations: count("organisations")?,
        contacts: count("contacts")?,
        technologies: count("technologies")?,
        agenda_items: count("agenda_items")?,
    })
}
