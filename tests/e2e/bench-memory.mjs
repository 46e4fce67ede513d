// `make bench-memory` (issue 19): the memory of the release app on the demo mission against a
// minimal Tauri window built from the same workspace (`bench/minimal-window`), side by side in
// one run under one X server. Both are opened through tauri-driver, so both run in WebKit's
// automation mode. Once each shows its first screen (the app: the missions list, then the demo
// mission's programme; the minimal window: its one heading) and has settled, it prints the
// proportional set size (PSS, /proc/PID/smaps_rollup: shared pages divided among the processes
// sharing them) of every process of each (the app or window, WebKit's WebProcess and
// NetworkProcess), their totals and the ratio (goal: at most 1.25).
// Not a test (no *.test.mjs): it prints figures. Needs the release builds and X.
// Environment: SETTLE_MS (wait before measuring, default 3000), RUNS (default 1), DETAIL (the
// largest mappings of each process on the demo mission, by PSS: where the difference goes).

import { readFileSync, readdirSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { homedir } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { dataDir, openApp } from "./harness.mjs";

const targetDir = process.env.CARGO_TARGET_DIR ?? join(homedir(), ".cache/passerelle/target");
const APP = process.env.PASSERELLE_APP ?? join(targetDir, "release/passerelle");
const MINIMAL = process.env.MINIMAL_WINDOW ?? join(targetDir, "release/passerelle-minimal-window");
const SETTLE_MS = Number(process.env.SETTLE_MS ?? 3000);
const RUNS = Number(process.env.RUNS ?? 1);
const GOAL = 1.25;
const DETAIL = Number(process.env.DETAIL ?? 0);

/** Every process as { pid, ppid, name }. */
function processes() {
  const out = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const name = stat.slice(stat.indexOf("(") + 1, close);
      const ppid = Number(stat.slice(close + 2).split(" ")[1]);
      out.push({ pid: Number(entry), ppid, name });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

function descendants(all, root) {
  const found = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift();
    for (const p of all) {
      if (p.ppid === pid) {
        found.push(p);
        queue.push(p.pid);
      }
    }
  }
  return found;
}

function exe(pid) {
  try {
    return readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return "";
  }
}

/** PSS in kB of one process (from smaps_rollup). */
function pss(pid) {
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
  return Number(/^Pss:\s+(\d+) kB/m.exec(rollup)[1]);
}

/** The binary's process under tauri-driver's `driverPid`, and its own children (WebKit's). */
function processesOf(driverPid, binary) {
  const all = processes();
  const app = descendants(all, driverPid).find((p) => exe(p.pid) === binary);
  if (!app) throw new Error(`no process running ${binary} under tauri-driver ${driverPid}`);
  return [app, ...descendants(all, app.pid)].map((p) => ({ ...p, pss: pss(p.pid) }));
}

const mb = (kb) => (kb / 1024).toFixed(1);

/** The `count` mappings of a process holding the most PSS: files by name, anonymous memory as one. */
function largestMappings(pid, count) {
  const byName = new Map();
  let name = "";
  for (const line of readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
    const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header) name = header[1] || "[anonymous]";
    const pss = /^Pss:\s+(\d+) kB/.exec(line);
    if (pss) byName.set(name, (byName.get(name) ?? 0) + Number(pss[1]));
  }
  return [...byName].sort((a, b) => b[1] - a[1]).slice(0, count);
}

function print(label, list) {
  const total = list.reduce((s, p) => s + p.pss, 0);
  console.log(`${label}: ${mb(total)} MB`);
  for (const p of list) {
    console.log(`  ${String(p.pid).padStart(7)} ${p.name.padEnd(18)} ${mb(p.pss).padStart(7)} MB`);
    if (DETAIL > 0 && p.detail) {
      for (const [name, kb] of largestMappings(p.pid, DETAIL)) console.log(`            ${mb(kb).padStart(7)} MB  ${name}`);
    }
  }
  return total;
}

async function run() {
  const dir = dataDir({ seed: "taiwan-wallonia-2025" });
  const app = await openApp(dir, { app: APP });
  const minimal = await openApp(dataDir(), { app: MINIMAL });
  try {
    await (await minimal.browser.$("#ready")).waitForDisplayed({ timeout: 60_000 });
    await (await app.browser.$('[data-testid="mission-card"]')).waitForDisplayed({ timeout: 60_000 });
    await sleep(SETTLE_MS);
    const minimalFirst = print("minimal window", processesOf(minimal.driverPid, MINIMAL));
    const first = print("app, first screen (missions list)", processesOf(app.driverPid, APP));
    console.log(`  ratio ${(first / minimalFirst).toFixed(2)}`);
    await app.browser.execute(() => (window.location.hash = "#/missions/mis_tsha_wallonia_2025"));
    await (await app.browser.$('[data-testid="conflicts-panel"]')).waitForDisplayed({ timeout: 60_000 });
    await sleep(SETTLE_MS);
    const detailed = (list) => list.map((p) => ({ ...p, detail: true }));
    const minimalTotal = print("minimal window", detailed(processesOf(minimal.driverPid, MINIMAL)));
    const appTotal = print("app, on the demo mission (programme)", detailed(processesOf(app.driverPid, APP)));
    const ratio = appTotal / minimalTotal;
    console.log(`ratio ${ratio.toFixed(2)} (goal ≤ ${GOAL}): ${ratio <= GOAL ? "met" : "not met"}`);
  } finally {
    await app.close();
    await minimal.close();
  }
}

for (let i = 0; i < RUNS; i++) await run();
