// Starts the built app in a fresh data folder through tauri-driver (which drives Debian's
// WebKitWebDriver) and returns a WebdriverIO session on its window. Needs an X display:
// `make test` runs this under xvfb-run.

import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync } from "node:fs";
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

/** A fresh data folder, optionally seeded through the CLI. */
export function dataDir({ seed } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "passerelle-e2e-"));
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

/** Saves a screenshot once the last DOM change has been painted. */
export async function screenshot(browser, name) {
  await browser.execute(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const path = join(ARTIFACTS, `${name}.png`);
  await browser.saveScreenshot(path);
  return path;
}
