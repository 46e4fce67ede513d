//! A throwaway PostgreSQL cluster for the team server's tests and benchmark: `initdb` into a
//! temporary folder (as the `postgres` user when run as root: initdb refuses root), `pg_ctl`
//! on 127.0.0.1 and a free port, never any other address; stopped by its process id when
//! dropped, so a failing test leaves no server behind.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly
#![allow(dead_code)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Cluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    pub port: u16,
    pub admin_password: String,
    as_postgres: bool,
    /// The server's certificate (self-signed, for `localhost`), when started with TLS.
    pub certificate: Option<PathBuf>,
}

/// The folder of `initdb` and `pg_ctl`: on PATH, else Debian's /usr/lib/postgresql/*/bin.
fn bin_dir() -> PathBuf {
    if let Ok(out) = Command::new("sh")
        .args(["-c", "command -v initdb"])
        .output()
    {
        let p = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        if !p.is_empty() {
            return Path::new(&p).parent().unwrap().to_path_buf();
        }
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL is installed (make test-deps: apt-get install postgresql)")
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|p| p.join("initdb").exists())
        .collect();
    found.sort_by_key(|p| {
        p.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    found.pop().expect("initdb in /usr/lib/postgresql/*/bin")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Cluster {
    /// Starts a new cluster, its superuser `postgres` with a random password (SCRAM).
    pub fn start() -> Cluster {
        Cluster::start_with(false)
    }

    /// The same, serving TLS with a self-signed certificate for `localhost` (`certificate`).
    pub fn start_with_tls() -> Cluster {
        Cluster::start_with(true)
    }

    fn start_with(tls: bool) -> Cluster {
        let dir = tempfile::tempdir().unwrap();
        let as_postgres = is_root();
        let admin_password = format!("adm-{}", uuid_like());
        std::fs::write(dir.path().join("pw"), &admin_password).unwrap();
        if as_postgres {
            let ok = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(dir.path())
                .status()
                .unwrap()
                .success();
            assert!(ok, "chown to postgres");
        }
        let mut cluster = Cluster {
            dir,
            bin: bin_dir(),
            port: 0,
            admin_password,
            as_postgres,
            certificate: None,
        };
        if tls {
            let crt = cluster.dir.path().join("server.crt");
            let key = cluster.dir.path().join("server.key");
            let ok = Command::new("openssl")
                .args([
                    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                ])
                .args([
                    "-subj",
                    "/CN=localhost",
                    "-addext",
                    "subjectAltName=DNS:localhost",
                ])
                .arg("-keyout")
                .arg(&key)
                .arg("-out")
                .arg(&crt)
                .output()
                .unwrap()
                .status
                .success();
            assert!(ok, "openssl made the certificate");
            if as_postgres {
                Command::new("chown")
                    .args(["postgres:postgres"])
                    .arg(&key)
                    .arg(&crt)
                    .status()
                    .unwrap();
            }
            Command::new("chmod").arg("600").arg(&key).status().unwrap();
            cluster.certificate = Some(crt);
        }
        let data = cluster.data();
        let pwfile = cluster.dir.path().join("pw");
        cluster.run(
            "initdb",
            &[
                "-D",
                data.to_str().unwrap(),
                "-U",
                "postgres",
                "-A",
                "scram-sha-256",
                "--pwfile",
                pwfile.to_str().unwrap(),
                "--no-sync",
                "-E",
                "UTF8",
                "--locale",
                "C",
            ],
        );
        cluster.port = free_port();
        cluster.start_server();
        cluster
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn run(&self, tool: &str, args: &[&str]) {
        let exe = self.bin.join(tool);
        let out = if self.as_postgres {
            Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(&exe)
                .args(args)
                .current_dir("/")
                .output()
                .unwrap()
        } else {
            Command::new(&exe).args(args).output().unwrap()
        };
        assert!(
            out.status.success(),
            "{tool} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Starts (again) the server on 127.0.0.1 and this cluster's port.
    pub fn start_server(&self) {
        let mut opts = format!(
            "-c listen_addresses=127.0.0.1 -c port={} -c unix_socket_directories={} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=120",
            self.port,
            self.dir.path().display()
        );
        if let Some(crt) = &self.certificate {
            let key = crt.with_file_name("server.key");
            opts.push_str(&format!(
                " -c ssl=on -c ssl_cert_file={} -c ssl_key_file={}",
                crt.display(),
                key.display()
            ));
        }
        let log = self.dir.path().join("log");
        self.run(
            "pg_ctl",
            &[
                "-D",
                self.data().to_str().unwrap(),
                "-o",
                &opts,
                "-l",
                log.to_str().unwrap(),
                "-w",
                "start",
            ],
        );
    }

    /// Stops the server (fast); the cluster's files stay for a restart.
    pub fn stop_server(&self) {
        self.run(
            "pg_ctl",
            &[
                "-D",
                self.data().to_str().unwrap(),
                "-m",
                "fast",
                "-w",
                "stop",
            ],
        );
    }

    /// The administrator's URL of `db` (with the password).
    pub fn admin_url(&self, db: &str) -> String {
        format!(
            "postgresql://postgres:{}@127.0.0.1:{}/{db}",
            self.admin_password, self.port
        )
    }

    /// A member's URL of `db` (no user, no password: `team join` adds them).
    pub fn url(&self, db: &str) -> String {
        format!("postgresql://127.0.0.1:{}/{db}", self.port)
    }

    /// A connection as `user`.
    pub fn connect(&self, db: &str, user: &str, password: &str) -> postgres::Client {
        postgres::Config::new()
            .host("127.0.0.1")
            .port(self.port)
            .dbname(db)
            .user(user)
            .password(password)
            .connect(postgres::NoTls)
            .unwrap()
    }

    pub fn admin(&self, db: &str) -> postgres::Client {
        self.connect(db, "postgres", &self.admin_password.clone())
    }

    /// Creates an empty database.
    pub fn create_db(&self, name: &str) {
        self.admin("postgres")
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
    }

    /// CPU time (user + system, seconds) the server has used so far: the postmaster, its
    /// running processes (a backend per connection, the background workers) and the children
    /// that have ended (for benchmarks).
    pub fn server_cpu_secs(&self) -> f64 {
        let Some(pm) = self.postmaster_pid() else {
            return 0.0;
        };
        let mut ticks = 0u64;
        for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<i32>() else {
                continue;
            };
            let Some(f) = proc_stat(pid) else { continue };
            // Fields after the command: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
            let ppid: i32 = f[1].parse().unwrap_or(0);
            let own: u64 = f[11].parse::<u64>().unwrap_or(0) + f[12].parse::<u64>().unwrap_or(0);
            if pid == pm {
                ticks +=
                    own + f[13].parse::<u64>().unwrap_or(0) + f[14].parse::<u64>().unwrap_or(0);
            } else if ppid == pm {
                ticks += own;
            }
        }
        ticks as f64 / clock_ticks()
    }

    fn postmaster_pid(&self) -> Option<i32> {
        let text = std::fs::read_to_string(self.data().join("postmaster.pid")).ok()?;
        text.lines().next()?.trim().parse().ok()
    }
}

/// The fields of /proc/PID/stat after the command's closing parenthesis.
fn proc_stat(pid: i32) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = &text[text.rfind(')')? + 1..];
    Some(rest.split_whitespace().map(str::to_owned).collect())
}

/// Clock ticks a second (`getconf CLK_TCK`, 100 on Linux).
fn clock_ticks() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(100.0)
}

/// CPU time (user + system, seconds) this process has used so far, all its threads.
pub fn own_cpu_secs() -> f64 {
    proc_stat(std::process::id() as i32).map_or(0.0, |f| {
        (f[11].parse::<u64>().unwrap_or(0) + f[12].parse::<u64>().unwrap_or(0)) as f64
            / clock_ticks()
    })
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let pid = self.postmaster_pid();
        let exe = self.bin.join("pg_ctl");
        let data = self.data();
        let mut stop = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&exe);
            c
        } else {
            Command::new(&exe)
        };
        let _ = stop
            .args([
                "-D",
                data.to_str().unwrap_or(""),
                "-m",
                "immediate",
                "-w",
                "stop",
            ])
            .current_dir("/")
            .output();
        if let Some(pid) = pid {
            // Still there (pg_ctl failed): end it by its id.
            let alive = Path::new(&format!("/proc/{pid}")).exists();
            if alive && self.postmaster_pid() == Some(pid) {
                let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            }
        }
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn uuid_like() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let n = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{:x}{:x}", n, std::process::id())
}
