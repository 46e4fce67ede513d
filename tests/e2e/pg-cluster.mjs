// A throwaway PostgreSQL cluster for the window's team-server test, as tests/pg_cluster.rs makes
// them for the core's: `initdb` into a temporary folder (as the `postgres` user when run as root:
// initdb refuses root), `pg_ctl` on 127.0.0.1 and a free port, never any other address; stopped
// by its process id at the end, its folder removed.

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./harness.mjs";

/** Debian's newest /usr/lib/postgresql/<version>/bin holding initdb. */
function binDir() {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, "bin", "initdb")))
        .sort((a, b) => Number(a) - Number(b))
    : [];
  if (versions.length === 0) throw new Error("PostgreSQL is not installed (make test-deps: apt-get install postgresql)");
  return join(root, versions.at(-1), "bin");
}

const asPostgres = process.getuid?.() === 0;

/** Starts a new cluster whose superuser `postgres` has a random password (SCRAM). */
export async function startCluster() {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), "passerelle-e2e-pg-"));
  const data = join(dir, "data");
  const password = `adm-${randomUUID()}`;
  writeFileSync(join(dir, "pw"), password);
  if (asPostgres) execFileSync("chown", ["-R", "postgres:postgres", dir]);
  const run = (tool, args) =>
    asPostgres
      ? execFileSync("runuser", ["-u", "postgres", "--", join(bin, tool), ...args], { cwd: "/", stdio: "pipe" })
      : execFileSync(join(bin, tool), args, { stdio: "pipe" });
  run("initdb", ["-D", data, "-U", "postgres", "-A", "scram-sha-256", "--pwfile", join(dir, "pw"), "--no-sync", "-E", "UTF8", "--locale", "C"]);
  const port = await freePort();
  const pid = () => {
    try {
      return Number(readFileSync(join(data, "postmaster.pid"), "utf8").split("\n")[0]);
    } catch {
      return null;
    }
  };
  const cluster = {
    port,
    /** A member's URL of `db` (no user, no password). */
    url: (db) => `postgresql://127.0.0.1:${port}/${db}`,
    /** The administrator's URL of `db`, with the password. */
    adminUrl: (db) => `postgresql://postgres:${password}@127.0.0.1:${port}/${db}`,
    start() {
      const opts = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir} -c fsync=off -c synchronous_commit=off`;
      run("pg_ctl", ["-D", data, "-o", opts, "-l", join(dir, "log"), "-w", "start"]);
    },
    /** Stops the server (fast); its files stay for a restart. */
    stop() {
      run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
    },
    createDb(name) {
      execFileSync(join(bin, "createdb"), ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", name], {
        env: { ...process.env, PGPASSWORD: password },
        stdio: "pipe",
      });
    },
    /** Stops the server by its process id if it still runs, and removes its folder. */
    destroy() {
      const id = pid();
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } catch {
        // not running
      }
      if (id && existsSync(`/proc/${id}`) && pid() === id) {
        try {
          process.kill(id, "SIGKILL");
        } catch {
          // gone meanwhile
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  cluster.start();
  return cluster;
}
