// `make bench-window` (issue 14): timings of the real window, read from the window itself
// (`ui/src/lib/timing.ts`, `window.__passerelleTiming`):
// - app start to first screen, with 100,000 contacts in the file: from the app process's start
//   (/proc) to the first data painted, through WebDriver; then launched as a planner launches it
//   (no WebDriver: from the spawn to the first data painted, read from the app's log on stderr),
//   beside the floor of the platform: the minimal Tauri window built from the same workspace
//   (bench/minimal-window, one static page), from its spawn to its page loaded;
// - a write's refresh on the demo mission, the programme on screen: from the `store-changed`
//   event to the repaint of what it refetched (the writes are the CLI's moves of an item; the
//   time from the CLI's end to the repaint, which adds the file watch's poll, is printed too).
// Not a test (no *.test.mjs): it prints figures. Needs X and the app: `make bench-window` runs it
// on the release app (PASSERELLE_APP, PASSERELLE_CLI; the harness's default is the debug build).
// Environment: WRITES (refreshes measured, default 20; 0 skips them), STARTS (app starts,
// default 5; 0 skips them), VIEW (day | list), CONTACTS (in the file of the starts).

import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { APP, CLI, dataDir, openApp } from "./harness.mjs";

process.env.PASSERELLE_TIMING = "1"; // the app logs the same timings to its log file
const STARTS = Number(process.env.STARTS ?? 5);
const WRITES = Number(process.env.WRITES ?? 20);
const CONTACTS = Number(process.env.CONTACTS ?? 100_000);
const VIEW = process.env.VIEW ?? "day";

const timing = (browser) => browser.execute(() => window.__passerelleTiming ?? null);
/** The `q` quantile of `xs` (nearest rank). */
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)];
const summary = (xs) =>
  `median ${quantile(xs, 0.5)} ms, p95 ${quantile(xs, 0.95)}, min ${Math.min(...xs)}, max ${Math.max(...xs)} (n = ${xs.length})`;

/**
 * The refresh after the `before`th, waited for in the window itself: polling through WebDriver
 * every few ms would take the window's main thread from the refresh being measured.
 */
function nextRefresh(browser, before) {
  return browser.execute(
    (before) =>
      new Promise((done, fail) => {
        const until = performance.now() + 5_000;
        const check = () => {
          const timing = window.__passerelleTiming;
          if (timing && timing.refreshCount > before) done(timing.refreshes.at(-1));
          else if (performance.now() > until) fail(new Error("no refresh within 5 s"));
          else setTimeout(check, 5);
        };
        check();
      }),
    before,
  );
}

/** When the newest process running the app binary started, in ms since the epoch (from /proc). */
function appStartedAt() {
  const pid = execFileSync("pgrep", ["-n", "-f", `^${APP}`]).toString().trim();
  const ticks = Number(readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")[19]);
  const bootTime = Number(/btime (\d+)/.exec(readFileSync("/proc/stat", "utf8"))[1]);
  const hz = Number(execFileSync("getconf", ["CLK_TCK"]).toString());
  return bootTime * 1000 + (ticks * 1000) / hz;
}

/** A data folder whose file holds `rows` contacts (imported from a generated CSV by the CLI). */
function bigDirectory(rows) {
  const dir = dataDir({ seed: "taiwan-wallonia-2025" });
  const lines = ["First Name,Last Name,Company,E-mail Address,Country"];
  for (let i = 0; i < rows; i++) lines.push(`Given${i % 997},Family${i},"Hospital ${i % 400}",p${i}@example.be,BE`);
  const csv = join(dir, "contacts.csv");
  writeFileSync(csv, lines.join("\n") + "\n");
  execFileSync(CLI, ["--db", join(dir, "passerelle.sqlite3"), "import", "contacts", csv], { stdio: "ignore" });
  return dir;
}

async function firstScreens(dir) {
  const fromProcess = [];
  const fromWebview = [];
  for (let run = 0; run < STARTS; run++) {
    const { browser, close } = await openApp(dir);
    try {
      await browser.waitUntil(async () => ((await timing(browser))?.firstScreenAt ?? 0) > 0, { timeout: 60_000, interval: 20 });
      const t = await timing(browser);
      fromProcess.push(Math.round(t.firstScreenAt - appStartedAt()));
      fromWebview.push(t.firstScreenMs);
    } finally {
      await close();
    }
  }
  console.log(`first screen with ${CONTACTS} contacts, from the app process's start: ${summary(fromProcess)}`);
  console.log(`  of which from the webview's start: ${summary(fromWebview)}`);
}

/**
 * Spawns `binary` as a planner would (no WebDriver), waits for the line of its stderr that
 * `pattern` matches (its first group: ms since the epoch), kills it; returns that moment minus
 * the spawn's.
 */
async function launched(binary, pattern, env) {
  const started = Date.now();
  const child = spawn(binary, [], { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"], detached: true });
  let seen = "";
  try {
    return await new Promise((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`${binary}: no ${pattern} within 60 s`)), 60_000);
      child.stderr.on("data", (chunk) => {
        seen += chunk;
        const m = pattern.exec(seen);
        if (m) {
          clearTimeout(timer);
          done(Number(m[1]) - started);
        }
      });
      child.on("exit", () => fail(new Error(`${binary} exited: ${seen.slice(-500)}`)));
    });
  } finally {
    child.removeAllListeners("exit");
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
    await sleep(500);
  }
}

/** The app launched normally, and the minimal window beside it: the platform's floor. */
async function launchedNormally(dir) {
  const app = [];
  for (let run = 0; run < STARTS; run++) {
    app.push(await launched(APP, /first screen \d+ ms after the webview started \(at (\d+)\)/, { PASSERELLE_DATA_DIR: dir }));
  }
  console.log(`first screen with ${CONTACTS} contacts, launched without WebDriver, from the spawn: ${summary(app)}`);
  const minimal = join(dirname(APP), "passerelle-minimal-window");
  if (!existsSync(minimal)) {
    console.log(`  (no ${minimal}: the platform's floor is not measured; make build-bench builds it)`);
    return;
  }
  const floor = [];
  for (let run = 0; run < STARTS; run++) floor.push(await launched(minimal, /page loaded at (\d+)/, {}));
  console.log(`  the minimal Tauri window (one static page), from the spawn to its page loaded: ${summary(floor)}`);
}

async function refreshes() {
  const dir = dataDir({ seed: "taiwan-wallonia-2025" });
  const db = join(dir, "passerelle.sqlite3");
  const { browser, close } = await openApp(dir);
  try {
    await (await browser.$('[data-testid="mission-card"]')).waitForDisplayed({ timeout: 30_000 });
    await browser.execute(() => (window.location.hash = "#/missions/mis_tsha_wallonia_2025"));
    await (await browser.$('[data-testid="conflicts-panel"]')).waitForDisplayed({ timeout: 30_000 });
    // VIEW=list: the list view (the day view's calendar costs 100-250 ms a frame in WebKitGTK
    // under Xvfb even idle, which every repaint pays).
    if (VIEW === "list") await (await browser.$('[data-testid="view-list"]')).click();
    await sleep(1000);
    const eventToPaint = [];
    const eventToData = [];
    const eventToDom = [];
    const cliToPaint = [];
    for (let i = 0; i < WRITES; i++) {
      const before = (await timing(browser)).refreshCount;
      const start = i % 2 === 0 ? "2025-06-26T16:30:00+02:00" : "2025-06-26T16:00:00+02:00";
      const end = i % 2 === 0 ? "2025-06-26T17:30:00+02:00" : "2025-06-26T17:00:00+02:00";
      execFileSync(CLI, ["--db", db, "agenda", "move", "--id", "itm_d1_welcome", "--start", start, "--end", end]);
      const written = Date.now();
      const refresh = await nextRefresh(browser, before);
      cliToPaint.push(Date.now() - written);
      eventToPaint.push(refresh.ms);
      eventToData.push(refresh.dataMs);
      eventToDom.push(refresh.domMs);
      await sleep(200);
    }
    console.log(`a write's refresh on the demo mission's programme (${VIEW} view), event to repaint: ${summary(eventToPaint)}`);
    console.log(`  of which the refetched data in: ${summary(eventToData)}`);
    console.log(`  and the DOM updated: ${summary(eventToDom)}`);
    console.log(`  the CLI's write to the repaint (with the file watch's poll, every 400 ms): ${summary(cliToPaint)}`);
  } finally {
    await close();
  }
}

console.log(`app: ${APP}`);
if (WRITES > 0) await refreshes();
if (STARTS > 0) {
  const dir = bigDirectory(CONTACTS);
  await firstScreens(dir);
  await launchedNormally(dir);
}
