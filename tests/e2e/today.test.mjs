// On the day and after, in the real window, as the "Done when": during the Liège hour
// the planner logs three outcomes, two become follow-ups with due dates, the app's reminder
// check fires for the due ones, the report at +3 months shows the meetings held and the open
// leads (in the app and as a PDF); and a note typed when the app is closed is there on restart.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { CLI, dataDir, openApp, screenshot, tempDir } from "./harness.mjs";

const MISSION = "mis_tsha_wallonia_2025";
const LIEGE_DAY = "2025-06-27";
const ONE_TO_ONES = [
  ["itm_d2_one_to_one_cardiology", "clinical_trial_interest", "con_liege_doctor_1", "2025-09-15"],
  ["itm_d2_one_to_one_oncology_imaging", "pilot", "con_liege_doctor_2", "2025-10-31"],
  ["itm_d2_one_to_one_nephrology_gastro", "no_further_interest", "con_liege_doctor_4", null],
];

/** Sets an input or select the way a user's typing would (input + change events). */
async function setField(browser, root, testid, value) {
  await browser.execute(
    (r, id, v) => {
      const scope = r ? document.querySelector(`[data-item="${r}"]`) : document;
      const el = scope.querySelector(`[data-testid="${id}"]`);
      el.value = v;
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.dispatchEvent(new Event("change", { bubbles: true }));
    },
    root,
    testid,
    value,
  );
}

async function inItem(browser, itemId, testid) {
  return browser.$(`[data-item="${itemId}"] [data-testid="${testid}"]`);
}

async function openToday(browser) {
  await browser.waitUntil(async () => browser.execute(() => document.querySelector("main") !== null), {
    timeout: 30_000,
    timeoutMsg: "the window did not open",
  });
  await browser.execute((m) => (window.location.hash = `#/missions/${m}/today`), MISSION);
  const day = await browser.$(`[data-testid="today-day-${LIEGE_DAY}"]`);
  await day.waitForDisplayed({ timeout: 15_000 });
  await day.click();
  await (await browser.$(`[data-item="${ONE_TO_ONES[0][0]}"]`)).waitForDisplayed({ timeout: 10_000 });
}

function cli(db, args) {
  return JSON.parse(execFileSync(CLI, ["--db", db, ...args, "--json"]).toString());
}

test("log the Liège hour's outcomes, follow them up and read the report three months later", async () => {
  const dir = dataDir({ seed: "taiwan-wallonia-2025" });
  const db = join(dir, "passerelle.sqlite3");
  const exports = tempDir("passerelle-e2e-exports-");
  process.env.PASSERELLE_E2E_EXPORT_DIR = exports;

  let { browser, close } = await openApp(dir);
  try {
    await openToday(browser);
    await screenshot(browser, "today-01-liege-day");

    for (const [itemId, type, attendee, due] of ONE_TO_ONES) {
      const started = Date.now();
      const row = await browser.$(`[data-item="${itemId}"]`);
      await row.scrollIntoView({ block: "center" });
      await (await inItem(browser, itemId, "mark-held")).click();
      await (await inItem(browser, itemId, "open-outcome")).click();
      await (await inItem(browser, itemId, "outcome-form")).waitForDisplayed({ timeout: 5_000 });
      await setField(browser, itemId, "outcome-type", type);
      await (await inItem(browser, itemId, `attendee-${attendee}`)).click();
      await setField(browser, itemId, "outcome-notes", `Talk with ${attendee}: ${type.replaceAll("_", " ")}.`);
      if (due) {
        await setField(browser, itemId, "outcome-next-steps", `Send the ${type.replaceAll("_", " ")} proposal`);
        await (await inItem(browser, itemId, "outcome-make-followup")).click();
        await setField(browser, itemId, "outcome-due", due);
      }
      if (itemId === ONE_TO_ONES[0][0]) await screenshot(browser, "today-02-outcome-form");
      await (await inItem(browser, itemId, "outcome-save")).click();
      await browser.waitUntil(
        async () => (await (await inItem(browser, itemId, "outcome-count")).isExisting()),
        { timeout: 10_000, timeoutMsg: `the outcome of ${itemId} was not recorded` },
      );
      const seconds = (Date.now() - started) / 1000;
      assert.ok(seconds < 60, `logging an outcome took ${seconds} s`);
      assert.match(await (await inItem(browser, itemId, "item-status")).getText(), /Held|Tenu|已舉行/);
    }
    await screenshot(browser, "today-03-three-outcomes");

    // The follow-ups board shows the two new ones beside the seeded ones.
    await browser.execute((m) => (window.location.hash = `#/missions/${m}/followups`), MISSION);
    const open = await browser.$('[data-testid="column-open"]');
    await open.waitForDisplayed({ timeout: 10_000 });
    await browser.waitUntil(async () => (await open.$$('[data-testid="followup"]').length) === 8, {
      timeout: 10_000,
      timeoutMsg: "the board does not show 6 seeded + 2 new follow-ups",
    });
    await screenshot(browser, "today-04-followups-board");

    // The report at +3 months: 3 meetings held, 2 open leads, and its PDF.
    await browser.execute((m) => (window.location.hash = `#/missions/${m}/report`), MISSION);
    await (await browser.$('[data-testid="report-as-of"]')).waitForDisplayed({ timeout: 10_000 });
    await setField(browser, null, "report-as-of", "2025-09-27");
    await browser.waitUntil(async () => (await (await browser.$('[data-testid="fig-held"]')).getText()) === "3", {
      timeout: 10_000,
      timeoutMsg: "the report does not show 3 meetings held",
    });
    const leads = await browser.$$('[data-testid="open-leads"] tr');
    assert.equal(leads.length, 2, "two open leads");
    assert.equal(await (await browser.$('[data-testid="fig-overdue"]')).getText(), "1");
    await screenshot(browser, "today-05-report");
    await (await browser.$('[data-testid="report-pdf"]')).click();
    await (await browser.$('[data-testid="report-notice"]')).waitForDisplayed({ timeout: 60_000 });
    const pdf = readdirSync(exports).find((f) => f.endsWith(".pdf"));
    assert.ok(pdf, "a PDF was written");
    assert.equal(readFileSync(join(exports, pdf)).subarray(0, 5).toString(), "%PDF-");

    // A note being typed when the app closes.
    await openToday(browser);
    const obelis = "itm_d2_obelis_regulatory";
    await (await browser.$(`[data-item="${obelis}"]`)).scrollIntoView({ block: "center" });
    await (await inItem(browser, obelis, "open-outcome")).click();
    await setField(browser, obelis, "outcome-notes", "Obélis offers to review the trial protocols — half-typed");
    await browser.waitUntil(async () => (await (await inItem(browser, obelis, "draft-status")).getText()) !== "", {
      timeout: 5_000,
      timeoutMsg: "the draft was not saved",
    });
  } finally {
    await close();
  }

  ({ browser, close } = await openApp(dir));
  try {
    await openToday(browser);
    const notes = await inItem(browser, "itm_d2_obelis_regulatory", "outcome-notes");
    await notes.waitForDisplayed({ timeout: 10_000 });
    assert.equal(await notes.getValue(), "Obélis offers to review the trial protocols — half-typed");
    await notes.scrollIntoView({ block: "center" });
    await screenshot(browser, "today-06-note-after-restart");
  } finally {
    await close();
  }

  // The app's reminder check (at start-up) marked the due follow-ups notified.
  const list = cli(db, ["followup", "list", "--mission", MISSION]);
  const made = list.filter((f) => f.outcomeId);
  assert.equal(made.length, 2);
  assert.deepEqual(made.map((f) => f.dueOn).sort(), ["2025-09-15", "2025-10-31"]);
  assert.ok(made.every((f) => f.notifiedAt), "the reminders fired");
});
