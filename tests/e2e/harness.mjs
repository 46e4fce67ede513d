// Starts the built app in a fresh data folder through tauri-driver (which drives Debian's
// WebKitWebDriver) and returns a WebdriverIO session on its window. Needs an X display:
// `make test` runs this under xvfb-run.

import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import net from "node:net";
import { remote } from "webdriverio";

// The Makefile builds into $CARGO_TARGET_DIR, by default ~/.cache/passerelle/target.
const targetDir = process.env.CARGO_TARGET_DIR ?? join(homedir(), ".cache/passerelle/target");
export const APP = process.env.PASSERELLE_APP ?? join(targetDir, "debug/passerelle");
export const CLI = process.env.PASSERELLE_CLI ?? join(targetDir, "debug/passerelle-cli");
export const ARTIFACTS = resolve(import.meta.dirname, "artifacts");
mkdirSync(ARTIFACTS, { recursive: true });

export async function freePort() {
  return new Promise((ok, fail) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
    server.on("error", fail);
  });
}

async function waitForPort(port, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const open = await new Promise((ok) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.end();
        ok(true);
      });
      socket.on("error", () => ok(false));
    });
    if (open) return;
    await sleep(100);
  }
  throw new Error(`tauri-driver did not listen on ${port} within ${ms} ms`);
}

const madeDirs = [];
/** A temporary folder (a data folder, exchange files, reports), removed when the test file's process ends. */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
}
process.on("exit", () => {
  for (const dir of madeDirs) rmSync(dir, { recursive: true, force: true });
});

/** A fresh data folder, optionally seeded through the CLI. */
export function dataDir({ seed } = {}) {
  const dir = tempDir("passerelle-e2e-");
  if (seed) execFileSync(CLI, ["--db", join(dir, "passerelle.sqlite3"), "seed", seed]);
  return dir;
}

/**
 * Waits up to 10 s for every process of the group `pgid` (tauri-driver, WebKitWebDriver, the
 * app) to exit, then kills what is left. Under load a deleted session has left the app running,
 * holding the test runner's output open so that it never finished.
 */
async function endGroup(pgid) {
  const alive = () => {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (let waited = 0; alive() && waited < 10_000; waited += 100) {
    await new Promise((r) => setTimeout(r, 100));
  }
  if (alive()) {
    console.error(`the app did not close with its session: killing process group ${pgid}`);
    try {
      process.kill(-pgid, "SIGKILL");
    } catch {
      // gone meanwhile
    }
  }
}

/**
 * Opens the app on `dir` and returns { browser, close, driverPid }; `app` drives another
 * binary (`make bench-memory`'s minimal window).
 */
export async function openApp(dir, { app = APP } = {}) {
  const port = await freePort();
  const nativePort = await freePort();
  // In a process group of its own (detached), so that closing can end the app with it.
  const driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(nativePort)], {
    env: { ...process.env, PASSERELLE_DATA_DIR: dir },
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  await waitForPort(port, 20_000);
  const browser = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "warn",
    capabilities: {
      "tauri:options": { application: app },
      "wdio:enforceWebDriverClassic": true,
    },
  });
  // WebKitWebDriver now and then answers a script with "Could not parse script result" (seen once in
  // CI, right after a key press in the search dialog): the script ran, its answer was lost on the
  // way. One retry, after a frame, for that error only; every other error is the test's.
  browser.overwriteCommand("execute", async (execute, script, ...args) => {
    try {
      return await execute(script, ...args);
    } catch (e) {
      if (!/Could not parse script result/.test(String(e?.message))) throw e;
      await new Promise((r) => setTimeout(r, 50));
      return execute(script, ...args);
    }
  });
  const close = async () => {
    try {
      await browser.deleteSession();
    } finally {
      driver.kill();
      await endGroup(driver.pid);
    }
  };
  return { browser, close, driverPid: driver.pid };
}

/**
 * Saves a screenshot once the last DOM change has been painted. The app paints without WebKit's
 * compositing mode (src-tauri/src/main.rs), where WebKitWebDriver's screenshot waits for the
 * window's next paint, which a still page never makes: a pixel in the window's corner, outside
 * the page's flow and invisible, changes every frame until the picture is taken.
 */
export async function screenshot(browser, name) {
  await browser.execute(() => {
    const dot = document.createElement("div");
    dot.id = "e2e-screenshot-tick";
    dot.setAttribute("aria-hidden", "true");
    dot.style.cssText = "position:fixed;left:0;top:0;width:1px;height:1px;pointer-events:none;opacity:0.01";
    document.body.append(dot);
    let odd = false;
    const tick = () => {
      if (!dot.isConnected) return;
      odd = !odd;
      dot.style.opacity = odd ? "0.02" : "0.01";
      requestAnimationFrame(tick);
    };
    return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => (tick(), r()))));
  });
  const path = join(ARTIFACTS, `${name}.png`);
  try {
    await browser.saveScreenshot(path);
  } finally {
    await browser.execute(() => document.getElementById("e2e-screenshot-tick")?.remove());
  }
  return path;
}

// ——— Steps the window tests share ———

export const DEMO_MISSION = "mis_tsha_wallonia_2025";

/** A CSS selector from a test id (`cost-save`) or a selector given as is (`[data-…]`, `.x`). */
export function sel(target) {
  return /^[[.#]/.test(target) || target.includes(" ") ? target : `[data-testid="${target}"]`;
}

/** Sets an input or select the way typing would (input and change events). */
export async function setField(browser, target, value) {
  await browser.execute(
    (s, v) => {
      const el = document.querySelector(s);
      el.value = v;
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.dispatchEvent(new Event("change", { bubbles: true }));
    },
    sel(target),
    value,
  );
}

/**
 * Clicks an element once it shows (within `timeout` ms), brought to the middle of the window
 * first by the page's own scrollIntoView: webdriverio's scrolls with WebDriver wheel actions,
 * which WebKitWebDriver does not always aim (a button 89 px from the top, under the stuck tabs'
 * edge, was "centred" by a scroll to the page's end, at -7 px, and the tabs took the click).
 */
export async function click(browser, target, { timeout = 10_000 } = {}) {
  const el = await browser.$(sel(target));
  await el.waitForDisplayed({ timeout });
  await browser.execute((e) => e.scrollIntoView({ block: "center" }), el);
  await el.click();
}

/** Switches the window's language (`fr`, `zh-TW`…) and waits for the page to say it (`lang`). */
export async function inLocale(browser, locale, lang) {
  await browser.waitUntil(
    async () => {
      await browser.execute((l) => document.querySelector(`[data-testid="locale-${l}"]`).click(), locale);
      await sleep(300);
      return browser.execute((l) => document.documentElement.lang === l, lang);
    },
    { timeout: 15_000, timeoutMsg: `the window did not switch to ${locale}` },
  );
}

/** Waits for the window's first screen. */
export async function waitForWindow(browser) {
  await browser.waitUntil(async () => browser.execute(() => document.querySelector("main") !== null), {
    timeout: 30_000,
    timeoutMsg: "the window did not open",
  });
}

/**
 * The demo mission as a new user finds it: a data folder seeded with it, the window open on it
 * (in `locale`, French by default). Returns { dir, db, browser, close }.
 */
export async function openDemo({ locale = "fr", lang = "fr-BE" } = {}) {
  const dir = dataDir({ seed: "taiwan-wallonia-2025" });
  const db = join(dir, "passerelle.sqlite3");
  const { browser, close } = await openApp(dir);
  try {
    await waitForWindow(browser);
    if (locale) await inLocale(browser, locale, lang);
  } catch (e) {
    await close();
    throw e;
  }
  return { dir, db, browser, close };
}

/** Shows a tab of the demo mission (`budget`, `delegation`, `programme`…). */
export async function openTab(browser, tab, { mission = DEMO_MISSION, query = "" } = {}) {
  await browser.execute((m, t, q) => (window.location.hash = `#/missions/${m}/${t}${q ? `?${q}` : ""}`), mission, tab, query);
}
