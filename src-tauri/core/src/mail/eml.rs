//! One draft as an `.eml` file (RFC 5322 + MIME), written by the `mail-builder` crate:
//! UTF-8 headers encoded as RFC 2047 words, the body as quoted-printable or base64 as it
//! needs, attachments in base64 with their names (RFC 2231). `X-Unsent: 1` makes Outlook open
//! the file as a draft ready to send; Thunderbird opens it and offers "Edit as new".

use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use mail_builder::headers::address::Address;
use mail_builder::headers::raw::Raw;
use mail_builder::MessageBuilder;

/// A file joined to a draft.
#[derive(Debug, Clone)]
pub struct Attachment {
    pub file_name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// What one message holds.
pub struct Message<'a> {
    /// The sender shown in the draft (the mission's organiser), if known: the mail client
    /// replaces it by the account that sends.
    pub from: Option<(&'a str, &'a str)>,
    pub to: (&'a str, &'a str),
    pub subject: &'a str,
    pub body: &'a str,
    pub attachments: &'a [Attachment],
    pub date: DateTime<Utc>,
    /// Without angle brackets.
    pub message_id: &'a str,
}

/// The message's bytes.
pub fn build(m: &Message<'_>) -> Result<Vec<u8>> {
    let mut builder = MessageBuilder::new()
        .to(Address::new_address(Some(m.to.0), m.to.1))
        .subject(m.subject)
        .date(m.date.timestamp())
        .message_id(m.message_id)
        .header("X-Unsent", Raw::new("1"))
        .header(
            "X-Mailer",
            Raw::new(concat!("Passerelle ", env!("CARGO_PKG_VERSION"))),
        )
        .text_body(m.body);
    if let Some((name, address)) = m.from {
        builder = builder.from(Address::new_address(Some(name), address));
    }
    for a in m.attachments {
        builder = builder.attachment(a.content_type, a.file_name.as_str(), a.bytes.as_slice());
    }
    builder
        .write_to_vec()
        .map_err(|e| Error::Internal(format!("cannot write the e-mail draft: {e}")))
}
