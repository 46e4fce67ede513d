//! Reaching the server: a `postgres://` URL read into a connection, TLS with certificate and
//! host-name verification (the system's trust store, plus `sslrootcert=FILE` from the URL)
//! whenever the host is not this computer, and the server's refusals turned into messages a
//! planner or an administrator can act on.

use crate::error::{Error, Result};
use crate::messages::Message;
use postgres::config::{Host, SslMode};
use postgres::error::SqlState;
use postgres::{Client, Config, NoTls};
use std::net::IpAddr;
use std::str::FromStr;
use std::time::Duration;

/// A server as a URL names it, ready to connect as some role.
#[derive(Clone)]
pub struct Endpoint {
    config: Config,
    tls: Option<native_tls::TlsConnector>,
    /// `host:port/database`, for messages (never the password).
    pub display: String,
}

impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.display)
    }
}

/// How long a laptop waits for the server before it says it is offline.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

impl Endpoint {
    /// Reads a `postgres://` or `postgresql://` URL (or a `key=value` string). A host other
    /// than loopback requires TLS with verification: `sslmode=disable` is refused there.
    pub fn parse(url: &str) -> Result<Endpoint> {
        let bad = || Error::Refused(Message::new("teamBadUrl").with("url", redact(url)));
        let (url, root_cert) = take_root_cert(url);
        let mut config = Config::from_str(&url).map_err(|_| bad())?;
        let hosts = config.get_hosts().to_vec();
        if hosts.is_empty() {
            return Err(bad());
        }
        let local = hosts.iter().all(|h| match h {
            Host::Tcp(name) => is_loopback(name),
            Host::Unix(_) => true,
        });
        let wants_tls = !local || config.get_ssl_mode() == SslMode::Require || root_cert.is_some();
        if !local && config.get_ssl_mode() == SslMode::Disable {
            let host = hosts.iter().find_map(|h| match h {
                Host::Tcp(name) => Some(name.clone()),
                Host::Unix(_) => None,
            });
            return Err(Error::Refused(
                Message::new("teamTlsRequired").with("host", host.unwrap_or_default()),
            ));
        }
        let display = display(&config);
        let tls = if wants_tls {
            let mut builder = native_tls::TlsConnector::builder();
            if let Some(path) = &root_cert {
                let pem = std::fs::read(path).map_err(|_| {
                    Error::Refused(Message::new("teamCertificateFile").with("path", path))
                })?;
                let cert = native_tls::Certificate::from_pem(&pem).map_err(|_| {
                    Error::Refused(Message::new("teamCertificateFile").with("path", path))
                })?;
                builder.add_root_certificate(cert);
            }
            config.ssl_mode(SslMode::Require);
            Some(builder.build().map_err(|e| {
                Error::Refused(
                    Message::new("teamTls")
                        .with("server", &display)
                        .with("detail", e),
                )
            })?)
        } else {
            config.ssl_mode(SslMode::Disable);
            None
        };
        config
            .connect_timeout(CONNECT_TIMEOUT)
            .application_name("passerelle");
        Ok(Endpoint {
            config,
            tls,
            display,
        })
    }

    /// The role the URL names, if any, and its password (the URL's, else `PGPASSWORD`).
    pub fn url_login(&self) -> (Option<String>, Option<String>) {
        let user = self.config.get_user().map(str::to_owned);
        let password = self
            .config
            .get_password()
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .or_else(|| std::env::var("PGPASSWORD").ok());
        (user, password)
    }

    /// Whether the connection goes through TLS (always, off this computer).
    pub fn is_tls(&self) -> bool {
        self.tls.is_some()
    }

    /// Connects as `user` with `password`.
    pub fn connect(&self, user: &str, password: Option<&str>) -> Result<Client> {
        let mut config = self.config.clone();
        config.user(user);
        if let Some(p) = password {
            config.password(p);
        }
        let connected = match &self.tls {
            Some(tls) => config.connect(postgres_native_tls::MakeTlsConnector::new(tls.clone())),
            None => config.connect(NoTls),
        };
        connected.map_err(|e| refusal(&e, &self.display, user))
    }
}

/// The server's error as a message: who cannot log in and why, the server unreachable, or a
/// refusal of the policies (a scope the member lacks, another member's name).
pub fn refusal(e: &postgres::Error, server: &str, member: &str) -> Error {
    if let Some(db) = e.as_db_error() {
        let code = db.code();
        let m = if *code == SqlState::INVALID_PASSWORD {
            Message::new("teamWrongPassword").with("member", member)
        } else if *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION {
            Message::new("teamMemberRemoved").with("member", member)
        } else if *code == SqlState::INSUFFICIENT_PRIVILEGE
            || *code == SqlState::WITH_CHECK_OPTION_VIOLATION
        {
            Message::new("teamRefused").with("detail", db.message())
        } else if *code == SqlState::UNDEFINED_TABLE
            || *code == SqlState::INVALID_SCHEMA_NAME
            || *code == SqlState::INVALID_CATALOG_NAME
            || *code == SqlState::UNDEFINED_FUNCTION
        {
            Message::new("teamServerEmpty").with("server", server)
        } else if *code == SqlState::CANNOT_CONNECT_NOW
            || *code == SqlState::ADMIN_SHUTDOWN
            || *code == SqlState::CRASH_SHUTDOWN
            || *code == SqlState::TOO_MANY_CONNECTIONS
        {
            Message::new("teamOffline").with("server", server)
        } else {
            Message::new("teamServerError").with("detail", db.message())
        };
        return Error::Refused(m);
    }
    let text = e.to_string();
    if text.contains("TLS") {
        let detail = std::error::Error::source(e)
            .map(ToString::to_string)
            .unwrap_or(text);
        return Error::Refused(
            Message::new("teamTls")
                .with("server", server)
                .with("detail", detail),
        );
    }
    // Refused, timed out, closed mid-way: the server cannot be reached now.
    Error::Refused(Message::new("teamOffline").with("server", server))
}

fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn display(config: &Config) -> String {
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        Some(Host::Unix(p)) => p.display().to_string(),
        None => String::new(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let db = config.get_dbname().unwrap_or("");
    format!("{host}:{port}/{db}")
}

/// `sslrootcert=FILE` is read here (the driver does not know it): the URL without it, and it.
fn take_root_cert(url: &str) -> (String, Option<String>) {
    let Some((base, query)) = url.split_once('?') else {
        return (url.to_owned(), None);
    };
    let mut cert = None;
    let kept: Vec<&str> = query
        .split('&')
        .filter(|kv| match kv.strip_prefix("sslrootcert=") {
            Some(path) => {
                cert = Some(path.to_owned());
                false
            }
            None => true,
        })
        .collect();
    if kept.is_empty() {
        (base.to_owned(), cert)
    } else {
        (format!("{base}?{}", kept.join("&")), cert)
    }
}

/// The URL without the password it may hold (what is stored and shown).
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.split_once('@') {
        Some((userinfo, host)) if !userinfo.contains('/') => {
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{scheme}://{user}@{host}")
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_goes_without_tls() {
        assert!(!Endpoint::parse("postgresql://127.0.0.1:5433/agency")
            .unwrap()
            .is_tls());
        assert!(!Endpoint::parse("postgres://localhost/agency")
            .unwrap()
            .is_tls());
        assert!(Endpoint::parse("postgresql://db.agency.example/agency")
            .unwrap()
            .is_tls());
        let refused = Endpoint::parse("postgresql://10.0.0.5/agency?sslmode=disable").unwrap_err();
        assert!(matches!(refused, Error::Refused(m) if m.code == "teamTlsRequired"));
        assert!(
            matches!(Endpoint::parse("http://x y").unwrap_err(), Error::Refused(m) if m.code == "teamBadUrl")
        );
    }

    #[test]
    fn a_password_is_never_kept_in_the_url() {
        assert_eq!(
            redact("postgresql://admin:s3cret@127.0.0.1:5433/agency"),
            "postgresql://admin@127.0.0.1:5433/agency"
        );
        assert_eq!(
            redact("postgresql://127.0.0.1/a"),
            "postgresql://127.0.0.1/a"
        );
        let (url, cert) =
            take_root_cert("postgresql://h/a?sslrootcert=/etc/ca.pem&sslmode=require");
        assert_eq!(url, "postgresql://h/a?sslmode=require");
        assert_eq!(cert.as_deref(), Some("/etc/ca.pem"));
    }
}
