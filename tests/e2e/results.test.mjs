// The results agencies report (issue 17 part 5) in the real window: months after the mission the
// planner opens a recorded outcome, types its results in the Results block (a clinical-trial
// protocol, its value, the jobs announced, the organisation's confirmation and its evidence
// file); jobs typed as a word are refused beside their field in French and nothing is saved;
// corrected, they are saved, and the report shows agreements and euros by technology; the staff
// days the report misses are entered on it.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { CLI, click, dataDir, inLocale, openApp, screenshot, setField, waitForWindow, tempDir } from "./harness.mjs";

const MISSION = "mis_tsha_wallonia_2025";
const ITEM = "itm_d2_one_to_one_cardiology";

function cli(db, args) {
  return JSON.parse(execFileSync(CLI, ["--db", db, ...args, "--json"]).toString());
}

test("type an outcome's results months later and read agreements and euros by technology in the report", async () => {
  const dir = dataDir({ seed: "taiwan-wallonia-2025" });
  const db = join(dir, "passerelle.sqlite3");
  const evidenceDir = tempDir("passerelle-e2e-evidence-");
  writeFileSync(join(evidenceDir, "protocole-signe.pdf"), "%PDF-1.4 signed protocol");
  process.env.PASSERELLE_E2E_IMPORT_DIR = evidenceDir;
  const outcome = cli(db, [
    "outcome", "add", "--item", ITEM, "--type", "clinical_trial_interest",
    "--attendee", "con_liege_doctor_1", "--technology", "tec_ecg_mi_detection",
  ]);

  const { browser, close } = await openApp(dir);
  try {
    await waitForWindow(browser);
    await inLocale(browser, "fr", "fr-BE");
    // The evidence chooser is given the file through the location (no native dialog in tests).
    await browser.execute((m) => (window.location.hash = `#/missions/${m}/today?e2e=protocole-signe.pdf`), MISSION);
    await click(browser, "today-day-2025-06-27");
    await (await browser.$(`[data-item="${ITEM}"] [data-testid="outcome-edit"]`)).waitForDisplayed({ timeout: 15_000 });
    const edit = await browser.$(`[data-item="${ITEM}"] [data-testid="outcome-edit"]`);
    await edit.scrollIntoView({ block: "center" });
    await edit.click();
    await (await browser.$('[data-testid="outcome-edit-form"]')).waitForDisplayed({ timeout: 5_000 });
    // Nothing recorded yet: the block is closed.
    assert.equal(await browser.execute(() => document.querySelector('[data-testid="outcome-results"]').open), false);
    await browser.execute(() => (document.querySelector('[data-testid="outcome-results"]').open = true));
    await setField(browser, "outcome-agreement", "clinical_trial_protocol");
    await setField(browser, "outcome-value", "250 000");
    await setField(browser, "outcome-jobs", "quatre");
    await setField(browser, "outcome-confirmed-on", "2025-10-01");
    await click(browser, "outcome-attach-evidence");
    await (await browser.$('[data-testid="outcome-evidence"]')).waitForDisplayed({ timeout: 10_000 });
    await click(browser, "outcome-update");
    const err = await browser.$('[data-testid="error-jobs"]');
    await err.waitForDisplayed({ timeout: 10_000 });
    assert.match(await err.getText(), /« quatre » n’est pas un nombre d’emplois/);
    await screenshot(browser, "results-01-jobs-refused");
    assert.equal(cli(db, ["outcome", "edit", outcome.id]).results.agreement, null, "nothing saved");

    await setField(browser, "outcome-jobs", "4");
    await click(browser, "outcome-update");
    await browser.waitUntil(async () => !(await (await browser.$('[data-testid="outcome-edit-form"]')).isExisting()), {
      timeout: 10_000,
      timeoutMsg: "the outcome was not saved",
    });
    const saved = cli(db, ["outcome", "edit", outcome.id]).results;
    assert.equal(saved.agreement, "clinical_trial_protocol");
    assert.equal(saved.valueCents, 25_000_000);
    assert.equal(saved.jobs, 4);
    assert.equal(saved.confirmedOn, "2025-10-01");
    assert.equal(saved.evidence, `attachments/${ITEM}/protocole-signe.pdf`);
    assert.ok(existsSync(join(dir, saved.evidence)), "the evidence was copied into the data folder");

    // The report: agreements and euros by technology, at +6 months.
    await browser.execute((m) => (window.location.hash = `#/missions/${m}/report`), MISSION);
    await (await browser.$('[data-testid="report-as-of"]')).waitForDisplayed({ timeout: 10_000 });
    await setField(browser, "report-as-of", "2026-01-15");
    const byTech = await browser.$('[data-testid="kpi-by-technology"]');
    await byTech.waitForDisplayed({ timeout: 10_000 });
    await byTech.scrollIntoView({ block: "center" });
    const text = await byTech.getText();
    assert.match(text, /ECG/);
    assert.match(text.replace(/\s/g, ""), /250000,00€/);
    assert.equal(await (await browser.$('[data-testid="kpi-agreements-6"]')).getText(), "1");
    await screenshot(browser, "results-02-report");

    // The staff days, the one figure the planner gives, entered where the report misses them:
    // a word refused beside the field with nothing saved, then a number with a comma.
    assert.equal(await (await browser.$('[data-testid="kpi-staff-days"]')).getText(), "—");
    await click(browser, "kpi-staff-days-edit");
    await setField(browser, "kpi-staff-days-input", "trois");
    await click(browser, "kpi-staff-days-save");
    const daysErr = await browser.$('[data-testid="error-staffDays"]');
    await daysErr.waitForDisplayed({ timeout: 10_000 });
    assert.match(await daysErr.getText(), /« trois » n’est pas un nombre de jours/);
    await screenshot(browser, "results-03-staff-days-refused");
    assert.equal(cli(db, ["mission", "edit", MISSION]).staffDays, null, "nothing saved");
    await setField(browser, "kpi-staff-days-input", "3,5");
    await click(browser, "kpi-staff-days-save");
    await browser.waitUntil(async () => (await (await browser.$('[data-testid="kpi-staff-days"]')).getText()) === "3,5", {
      timeout: 10_000,
      timeoutMsg: "the staff days were not shown",
    });
    assert.equal(cli(db, ["mission", "edit", MISSION]).staffDays, 3.5);
  } finally {
    await close();
  }
});
