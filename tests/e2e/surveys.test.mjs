// The surveys in the real window (issue 17, part 5): on the mission's Report tab, save the
// satisfaction survey's template, then import a French Google Forms export of it through the
// interest form's wizard: the dry run shows the counts and the refused row (someone the
// directory does not know); the import shows the satisfaction score and the response rate;
// the answers are deleted after a second click.
//
// Native file dialogs cannot be driven by WebDriver: the backend accepts, ONLY when
// PASSERELLE_E2E_IMPORT_DIR / PASSERELLE_E2E_EXPORT_DIR are set, a file name inside that
// folder (`?e2e=FILE` in the hash) instead of opening the dialog.

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { dataDir, openApp, screenshot, tempDir } from "./harness.mjs";

const MISSION = "mis_tsha_wallonia_2025";
const fr = JSON.parse(readFileSync(resolve(import.meta.dirname, "../../ui/src/lib/i18n/fr.json"), "utf8"));

/** The survey's responses as Google Forms exports them from a French form. */
function responses() {
  const q = (k) => fr[k];
  const header = ["Horodateur", q("forms.q.name"), q("forms.q.email"), q("forms.q.organisation"),
    q("surveys.q.satisfaction"), q("surveys.q.usefulness"), q("surveys.q.again"), q("surveys.q.comments")];
  const rows = [
    ["03/07/2025 09:12:40", "Maxime Rossi", "", "CHU de Charleroi-Chimay", "4", "5", "Oui", "Très utile"],
    ["03/07/2025 10:01:02", "Philippe Olivier", "", "CHC Mont Légia", "5", "4", "Oui", ""],
    ["04/07/2025 16:30:00", "Jeanne Personne", "", "Nulle Part SA", "3", "3", "Non", ""],
  ];
  const cell = (c) => `"${c.replaceAll('"', '""')}"`;
  return [header, ...rows].map((r) => r.map(cell).join(",")).join("\r\n");
}

async function click(browser, id) {
  const el = await browser.$(`[data-testid="${id}"]`);
  await el.waitForDisplayed({ timeout: 20_000 });
  await el.scrollIntoView({ block: "center" });
  await el.click();
}

test("the satisfaction survey: template saved, responses imported, figures shown", async () => {
  const importDir = tempDir("passerelle-surveys-");
  const exportDir = tempDir("passerelle-surveys-out-");
  writeFileSync(join(importDir, "enquete.csv"), responses());
  process.env.PASSERELLE_E2E_IMPORT_DIR = importDir;
  process.env.PASSERELLE_E2E_EXPORT_DIR = exportDir;
  const dir = dataDir({ seed: "taiwan-wallonia-2025" });
  const { browser, close } = await openApp(dir);
  try {
    await (await browser.$('[data-testid="mission-card"]')).waitForDisplayed({ timeout: 30_000 });
    await browser.execute((m) => {
      window.location.hash = `#/missions/${m}/report?e2e=enquete.csv`;
    }, MISSION);
    await click(browser, "survey-week-save-template");
    await (await browser.$('[data-testid="survey-week-saved"]')).waitForDisplayed({ timeout: 20_000 });
    assert.ok(existsSync(join(exportDir, "survey-week.xlsx")), "the template was written");

    await click(browser, "survey-week-import");
    await click(browser, "survey-week-preview");
    const summary = await browser.$('[data-testid="survey-week-summary"]');
    await summary.waitForDisplayed({ timeout: 15_000 });
    const text = await summary.getText();
    assert.match(text, /\b2\b/, text);
    const rejected = await (await browser.$('[data-testid="survey-week-rejected"]')).getText();
    assert.match(rejected, /4/, rejected);
    await screenshot(browser, "surveys-01-dry-run");

    await click(browser, "survey-week-commit");
    await (await browser.$('[data-testid="survey-week-done"]')).waitForDisplayed({ timeout: 15_000 });
    // The figures follow the store's change event.
    await browser.waitUntil(
      async () => /4[.,]5/.test(await (await browser.$('[data-testid="survey-score"]')).getText()),
      { timeout: 15_000, timeoutMsg: "the satisfaction score did not show" },
    );
    const responsesText = await (await browser.$('[data-testid="survey-responses"]')).getText();
    assert.match(responsesText, /^2 \/ \d+/, responsesText);
    await screenshot(browser, "surveys-02-imported");

    // Deleted after a second click: the figures go back to none.
    await click(browser, "survey-week-clear");
    await click(browser, "survey-week-clear-confirm");
    await browser.waitUntil(
      async () => (await (await browser.$('[data-testid="survey-score"]')).getText()).trim() === "—",
      { timeout: 15_000, timeoutMsg: "the answers were not deleted" },
    );
  } finally {
    await close();
  }
});
