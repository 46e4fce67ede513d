// Two laptops, one mission (issue 15), in the real window: the app on one data folder, the CLI
// on another, both copies of one seeded file. Offline, one adviser moves the welcome to 14:30,
// the other to 14:45. The app Receives the CLI's file (the native dialog cannot be driven:
// `?e2e=FILE` names a file in PASSERELLE_E2E_IMPORT_DIR), sees both times side by side in the
// conflicts inbox, takes theirs in one click, and Shares its own file, which the CLI receives:
// both copies end at 14:45 with no conflict left.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI, dataDir, openApp, screenshot } from "./harness.mjs";

const MISSION = "mis_tsha_wallonia_2025";
const ITEM = "itm_d1_welcome";
const $ = (browser, id) => browser.$(`[data-testid="${id}"]`);
const cli = (db, ...args) => execFileSync(CLI, ["--db", db, ...args], { encoding: "utf8" });

/** A copy of the seeded file in a data folder of its own (it takes its own replica id). */
function copyOf(base) {
  const dir = mkdtempSync(join(tmpdir(), "passerelle-e2e-laptop-"));
  copyFileSync(join(base, "passerelle.sqlite3"), join(dir, "passerelle.sqlite3"));
  return { dir, db: join(dir, "passerelle.sqlite3") };
}

const startOf = (db) => JSON.parse(cli(db, "list", "agenda", "--mission", MISSION)).find((i) => i.id === ITEM).start;

test("a mission's file made by the CLI is received in the window, its conflicts settled in one click each", async () => {
  const base = dataDir({ seed: "taiwan-wallonia-2025" });
  const app = copyOf(base);
  const other = copyOf(base);
  cli(app.db, "agenda", "move", "--id", ITEM, "--start", "2025-06-26T14:30:00+02:00", "--end", "2025-06-26T15:00:00+02:00");
  cli(other.db, "agenda", "move", "--id", ITEM, "--start", "2025-06-26T14:45:00+02:00", "--end", "2025-06-26T15:15:00+02:00");
  const carrier = mkdtempSync(join(tmpdir(), "passerelle-carrier-"));
  cli(other.db, "sync", "export", "--mission", MISSION, "--out", join(carrier, "b1.passerelle"));
  process.env.PASSERELLE_E2E_IMPORT_DIR = carrier;
  process.env.PASSERELLE_E2E_EXPORT_DIR = carrier;

  const { browser, close } = await openApp(app.dir);
  try {
    await (await $(browser, "mission-card")).waitForDisplayed({ timeout: 30_000 });
    await browser.execute((m) => (window.location.hash = `#/missions/${m}/sync?e2e=b1.passerelle`), MISSION);
    await (await $(browser, "sync-panel")).waitForDisplayed({ timeout: 15_000 });
    await (await $(browser, "sync-inbox-empty")).waitForDisplayed({ timeout: 15_000 });

    await (await $(browser, "sync-receive")).click();
    await (await $(browser, "sync-received")).waitForDisplayed({ timeout: 15_000 });
    assert.ok(await (await $(browser, "sync-conflicts")).isDisplayed(), "the summary counts the conflicts");
    // The merge refreshes the open window: the inbox fills without any other action.
    await browser.waitUntil(async () => (await browser.$$('[data-testid="sync-conflict"]')).length > 0, {
      timeout: 10_000,
      timeoutMsg: "the inbox stayed empty after the merge",
    });
    const inbox = await (await $(browser, "sync-inbox")).getText();
    assert.ok(inbox.includes("14:30") && inbox.includes("14:45"), `both times in Brussels time: ${inbox}`);
    assert.ok(await (await $(browser, "sync-badge")).isDisplayed(), "the tab's badge counts them");
    await screenshot(browser, "sync-01-inbox");

    // Theirs (14:45), one click per conflict (the start and the end).
    for (let n = 0; n < 4; n++) {
      const open = await browser.$$('[data-testid="sync-take-theirs"]');
      if (open.length === 0) break;
      const before = open.length;
      await open[0].click();
      await browser.waitUntil(async () => (await browser.$$('[data-testid="sync-take-theirs"]')).length < before, {
        timeout: 10_000,
        timeoutMsg: "the conflict stayed in the inbox after it was settled",
      });
    }
    await (await $(browser, "sync-inbox-empty")).waitForDisplayed({ timeout: 10_000 });

    await (await $(browser, "sync-share")).click();
    await (await $(browser, "sync-shared")).waitForDisplayed({ timeout: 15_000 });
    await screenshot(browser, "sync-02-settled-and-shared");
  } finally {
    await close();
  }

  const shared = readdirSync(carrier).filter((f) => f.endsWith(".passerelle") && f !== "b1.passerelle");
  assert.equal(shared.length, 1, `the app's file in ${carrier}: ${readdirSync(carrier)}`);
  const got = JSON.parse(cli(other.db, "sync", "import", join(carrier, shared[0]), "--json"));
  assert.ok(got.applied > 0, JSON.stringify(got));
  assert.deepEqual(JSON.parse(cli(other.db, "sync", "conflicts", "--mission", MISSION, "--json")), []);
  assert.equal(startOf(app.db), "2025-06-26T14:45:00+02:00");
  assert.equal(startOf(other.db), "2025-06-26T14:45:00+02:00");
});
