// Two laptops, one mission (issue 15), in the real window: the app on one data folder, the CLI
// on another, both copies of one seeded file. Offline, one adviser moves the welcome to 14:30,
// the other to 14:45. The app Receives the CLI's file (the native dialog cannot be driven:
// `?e2e=FILE` names a file in PASSERELLE_E2E_IMPORT_DIR), sees both times side by side in the
// conflicts inbox, takes theirs in one click, and Shares its own file, which the CLI receives:
// both copies end at 14:45 with no conflict left. Then the Liège hour, exchanged both
// ways twice with its two conflicts; and a colleague's first copy of a mission received from the
// missions list.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, readdirSync, readFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { CLI, dataDir, openApp, screenshot, tempDir } from "./harness.mjs";

const MISSION = "mis_tsha_wallonia_2025";
const ITEM = "itm_d1_welcome";
const $ = (browser, id) => browser.$(`[data-testid="${id}"]`);
const cli = (db, ...args) => execFileSync(CLI, ["--db", db, ...args], { encoding: "utf8" });

/** A copy of the seeded file in a data folder of its own (it takes its own replica id). */
function copyOf(base) {
  const dir = tempDir("passerelle-e2e-laptop-");
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
  const carrier = tempDir("passerelle-carrier-");
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

const CARDIOLOGY = "itm_d2_one_to_one_cardiology";
const NEPHROLOGY = "itm_d2_one_to_one_nephrology_gastro";
const json = (db, ...args) => JSON.parse(cli(db, ...args));

/** What both copies must end holding: the programme, the sites, the follow-ups, the outcomes. */
function contentOf(db) {
  const out = join(tempDir("passerelle-report-"), "r.json");
  cli(db, "report", "--mission", MISSION, "--format", "json", "--out", out);
  const report = JSON.parse(readFileSync(out, "utf8"));
  delete report.generatedAt;
  delete report.asOf;
  return {
    agenda: json(db, "list", "agenda", "--mission", MISSION),
    sites: json(db, "list", "sites", "--mission", MISSION),
    // A reminder's "notified" mark is this computer's own: it does not travel.
    followups: json(db, "followup", "list", "--mission", MISSION, "--json").map(({ notifiedAt, ...f }) => f),
    report,
  };
}

test("the Liège hour: two advisers offline, files exchanged both ways twice, two conflicts settled in one click each", async () => {
  const base = dataDir({ seed: "taiwan-wallonia-2025" });
  const baseDb = join(base, "passerelle.sqlite3");
  // A room no item uses yet: one adviser deletes it while the other books a debrief there.
  const spare = json(baseDb, "site", "add", "--mission", MISSION, "--name", "Annexe Mont Légia", "--tz", "Europe/Brussels", "--city", "Liège", "--country", "BE", "--json").id;
  const app = copyOf(base);
  const other = copyOf(base);

  // Namur's laptop (the window's data folder): cardiology to 14:30, an outcome with its
  // follow-up, and the spare site deleted.
  cli(app.db, "agenda", "move", "--id", CARDIOLOGY, "--start", "2025-06-27T14:30:00+02:00", "--end", "2025-06-27T15:30:00+02:00");
  cli(app.db, "outcome", "add", "--item", CARDIOLOGY, "--type", "clinical_trial_interest", "--notes", "Essai ECG-IA : intérêt du service", "--next-steps", "Envoyer le protocole", "--followup-due", "2025-07-15");
  cli(app.db, "site", "remove", spare);
  // Liège's laptop (the CLI): cardiology to 14:45, an outcome in the nephrology track with its
  // follow-up, and a debrief booked at the spare site.
  cli(other.db, "agenda", "move", "--id", CARDIOLOGY, "--start", "2025-06-27T14:45:00+02:00", "--end", "2025-06-27T15:45:00+02:00");
  cli(other.db, "outcome", "add", "--item", NEPHROLOGY, "--type", "pilot", "--notes", "Pilote en néphrologie", "--next-steps", "Rencontre avec le chef de service", "--followup-due", "2025-07-20");
  cli(other.db, "agenda", "add", "--mission", MISSION, "--title", "Débriefing", "--kind", "meeting", "--start", "2025-06-27T15:15:00+02:00", "--end", "2025-06-27T15:45:00+02:00", "--site", spare);

  const carrier = tempDir("passerelle-carrier-");
  process.env.PASSERELLE_E2E_IMPORT_DIR = carrier;
  process.env.PASSERELLE_E2E_EXPORT_DIR = carrier;
  const sharedByApp = (name) => {
    const files = readdirSync(carrier).filter((f) => f.endsWith(".passerelle") && !/^(a|b)\d\./.test(f));
    assert.equal(files.length, 1, `the app's file in ${carrier}: ${readdirSync(carrier)}`);
    renameSync(join(carrier, files[0]), join(carrier, name));
    return join(carrier, name);
  };

  const { browser, close } = await openApp(app.dir);
  const receive = async (file) => {
    await browser.execute((m, f) => (window.location.hash = `#/missions/${m}/sync?e2e=${f}`), MISSION, file);
    await (await $(browser, "sync-panel")).waitForDisplayed({ timeout: 15_000 });
    await (await $(browser, "sync-receive")).click();
    await (await $(browser, "sync-received")).waitForDisplayed({ timeout: 15_000 });
  };
  const share = async (name) => {
    await (await $(browser, "sync-share")).click();
    await (await $(browser, "sync-shared")).waitForDisplayed({ timeout: 15_000 });
    return sharedByApp(name);
  };
  try {
    await (await $(browser, "mission-card")).waitForDisplayed({ timeout: 30_000 });
    // First round: Liège's file in, Namur's out.
    cli(other.db, "sync", "export", "--mission", MISSION, "--out", join(carrier, "b1.passerelle"));
    await receive("b1.passerelle");
    const a1 = await share("a1.passerelle");
    json(other.db, "sync", "import", a1, "--json");
    // Second round, each side sending only what the other's last file did not show it has.
    cli(other.db, "sync", "export", "--mission", MISSION, "--since", a1, "--out", join(carrier, "b2.passerelle"));
    await receive("b2.passerelle");
    const a2 = await share("a2.passerelle");
    json(other.db, "sync", "import", a2, "--json");

    // Exactly two conflicts, the same on both copies: the time and the deleted site.
    await browser.waitUntil(async () => (await browser.$$('[data-testid="sync-conflict"]')).length === 2, {
      timeout: 10_000,
      timeoutMsg: "the inbox does not hold exactly two conflicts",
    });
    const inbox = await (await $(browser, "sync-inbox")).getText();
    assert.ok(inbox.includes("14:30") && inbox.includes("14:45"), `both times in Brussels time: ${inbox}`);
    assert.ok(inbox.includes("Annexe Mont Légia"), `the deleted site by its name: ${inbox}`);
    const onOther = json(other.db, "sync", "conflicts", "--mission", MISSION, "--json");
    assert.deepEqual(onOther.map((c) => c.entity).sort(), ["agenda_items", "sites"], JSON.stringify(onOther));
    await (await $(browser, "sync-inbox")).scrollIntoView();
    await screenshot(browser, "sync-03-liege-hour-two-conflicts");

    // One click each: Liège's time, and the site kept (the debrief is booked there).
    for (let n = 2; n > 0; n--) {
      await (await browser.$$('[data-testid="sync-take-theirs"]'))[0].click();
      await browser.waitUntil(async () => (await browser.$$('[data-testid="sync-conflict"]')).length === n - 1, {
        timeout: 10_000,
        timeoutMsg: "a conflict stayed in the inbox after it was settled",
      });
    }
    await (await $(browser, "sync-inbox-empty")).waitForDisplayed({ timeout: 10_000 });
    const a3 = await share("a3.passerelle");
    json(other.db, "sync", "import", a3, "--json");
  } finally {
    await close();
  }

  assert.deepEqual(json(other.db, "sync", "conflicts", "--mission", MISSION, "--json"), [], "settled on the other copy too");
  const [mine, theirs] = [contentOf(app.db), contentOf(other.db)];
  assert.deepEqual(mine, theirs, "both copies end identical");
  const cardiology = mine.agenda.find((i) => i.id === CARDIOLOGY);
  assert.equal(cardiology.start, "2025-06-27T14:45:00+02:00");
  assert.ok(mine.sites.some((s) => s.id === spare), "the site is kept");
  const titles = mine.followups.map((f) => f.title).join(" | ");
  assert.ok(titles.includes("Envoyer le protocole") && titles.includes("Rencontre avec le chef de service"), titles);
});

test("a colleague's first copy of a mission is received from the missions list", async () => {
  const base = dataDir({ seed: "taiwan-wallonia-2025" });
  const carrier = tempDir("passerelle-carrier-");
  cli(join(base, "passerelle.sqlite3"), "sync", "export", "--mission", MISSION, "--out", join(carrier, "first.passerelle"));
  process.env.PASSERELLE_E2E_IMPORT_DIR = carrier;
  const empty = dataDir();

  const { browser, close } = await openApp(empty);
  try {
    await (await $(browser, "welcome-panel")).waitForDisplayed({ timeout: 30_000 });
    await browser.execute(() => (window.location.hash = "#/missions?e2e=first.passerelle"));
    await (await $(browser, "receive-mission")).click();
    const summary = await $(browser, "sync-received");
    await summary.waitForDisplayed({ timeout: 15_000 });
    assert.match(await summary.getText(), /Taiwan Smart Healthcare Alliance/);
    await (await $(browser, "mission-card")).waitForDisplayed({ timeout: 10_000 });
    await browser.waitUntil(async () => !(await (await $(browser, "welcome-panel")).isExisting()), {
      timeout: 10_000,
      timeoutMsg: "the welcome panel stayed after the first mission arrived",
    });
    await screenshot(browser, "sync-04-mission-received");
    await (await $(browser, "sync-open-mission")).click();
    await browser.waitUntil(async () => (await browser.getUrl()).includes(`#/missions/${MISSION}`), { timeout: 10_000 });
  } finally {
    await close();
  }
  const received = join(empty, "passerelle.sqlite3");
  assert.equal(json(received, "list", "agenda", "--mission", MISSION).length, 16);
});
