// The interest form in the real window (issue 17): on the mission's Requests tab, save the
// template as a workbook, then import a Microsoft Forms export through the wizard: the dry run
// shows the counts, the misspelt names read as another choice and the refused rows; the import
// adds the requests to the tab.
//
// Native file dialogs cannot be driven by WebDriver: as for the directory import, the backend
// accepts, ONLY when PASSERELLE_E2E_IMPORT_DIR / PASSERELLE_E2E_EXPORT_DIR are set, a file name
// inside that folder (`?e2e=FILE` in the hash) instead of opening the dialog.

import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { dataDir, openApp, screenshot, tempDir } from "./harness.mjs";

const FIXTURES = resolve(import.meta.dirname, "../fixtures/forms");
const MISSION = "mis_tsha_wallonia_2025";

test("the interest form: template saved, responses imported through the wizard", async () => {
  const importDir = tempDir("passerelle-forms-");
  const exportDir = tempDir("passerelle-forms-out-");
  copyFileSync(join(FIXTURES, "microsoft-forms.xlsx"), join(importDir, "microsoft-forms.xlsx"));
  process.env.PASSERELLE_E2E_IMPORT_DIR = importDir;
  process.env.PASSERELLE_E2E_EXPORT_DIR = exportDir;
  const dir = dataDir({ seed: "taiwan-wallonia-2025" });
  const { browser, close } = await openApp(dir);
  try {
    await (await browser.$('[data-testid="mission-card"]')).waitForDisplayed({ timeout: 30_000 });
    await browser.execute((m) => {
      window.location.hash = `#/missions/${m}/requests?e2e=microsoft-forms.xlsx`;
    }, MISSION);
    const save = await browser.$('[data-testid="form-save-template"]');
    await save.waitForDisplayed({ timeout: 20_000 });
    await save.scrollIntoView({ block: "center" });
    await save.click();
    await (await browser.$('[data-testid="form-saved"]')).waitForDisplayed({ timeout: 20_000 });
    assert.ok(existsSync(join(exportDir, "interest-form.xlsx")), "the template was written");

    const pick = await browser.$('[data-testid="form-import"]');
    await pick.scrollIntoView({ block: "center" });
    await pick.click();
    const preview = await browser.$('[data-testid="form-preview"]');
    await preview.waitForDisplayed({ timeout: 15_000 });
    await preview.scrollIntoView({ block: "center" });
    await preview.click();
    const summary = await browser.$('[data-testid="form-summary"]');
    await summary.waitForDisplayed({ timeout: 15_000 });
    const text = await summary.getText();
    assert.match(text, /3/, text);
    const corrections = await (await browser.$('[data-testid="form-corrections"]')).getText();
    assert.match(corrections, /Délégé 10/, corrections);
    const rejected = await (await browser.$('[data-testid="form-rejected"]')).getText();
    assert.match(rejected, /Dr Nobody/, rejected);
    await screenshot(browser, "forms-01-dry-run");

    const commit = await browser.$('[data-testid="form-commit"]');
    await commit.scrollIntoView({ block: "center" });
    await commit.click();
    await (await browser.$('[data-testid="form-done"]')).waitForDisplayed({ timeout: 15_000 });
    // The requests tab shows the new requests (refreshed by the store's change event).
    await browser.waitUntil(
      async () => (await browser.$("main").getText()).includes("Marc Dubois"),
      { timeout: 15_000, timeoutMsg: "the imported requests did not show" },
    );
    await screenshot(browser, "forms-02-imported");
  } finally {
    await close();
  }
});
