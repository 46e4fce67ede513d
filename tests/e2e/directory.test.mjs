// The directory as a new user meets it (issue 3, "Done when"): import a phone's vCard and an
// Outlook CSV, see accents and Chinese names intact, merge the duplicates, find "Mont Légia" by
// typing "legia", export one person's data, erase another with no trace left in the file.
//
// Native file dialogs cannot be driven by WebDriver. The backend therefore accepts, ONLY when
// PASSERELLE_E2E_IMPORT_DIR / PASSERELLE_E2E_EXPORT_DIR are set, a file name inside that folder
// (`#/directory?e2e=FILE`) instead of opening the dialog; everything after the dialog (the
// wizard's mapping, dry run and commit, the exports) is the real path.

import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, readFileSync, readdirSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { dataDir, openApp, screenshot, tempDir } from "./harness.mjs";

const FIXTURES = resolve(import.meta.dirname, "../fixtures/contacts");

async function importFile(browser, name) {
  await browser.execute((n) => {
    window.location.hash = `#/directory?e2e=${n}`;
  }, name);
  const pick = await browser.$('[data-testid="import-pick"]');
  await pick.waitForDisplayed({ timeout: 20_000 });
  await pick.click();
  await (await browser.$('[data-testid="import-preview"]')).waitForDisplayed({ timeout: 15_000 });
  await (await browser.$('[data-testid="import-preview"]')).click();
  const summary = await browser.$('[data-testid="import-summary"]');
  await summary.waitForDisplayed({ timeout: 15_000 });
  const text = await summary.getText();
  await (await browser.$('[data-testid="import-commit"]')).click();
  await (await browser.$('[data-testid="import-done"]')).waitForDisplayed({ timeout: 15_000 });
  await (await browser.$('[data-testid="import-again"]')).click();
  return text;
}

/** Opens the palette (Ctrl+K) if needed, types, returns the hits' texts. */
async function palette(browser, text) {
  let input = await browser.$('[data-testid="palette-input"]');
  if (!(await input.isExisting())) {
    await browser.keys(["Control", "k"]);
    input = await browser.$('[data-testid="palette-input"]');
    await input.waitForDisplayed({ timeout: 10_000 });
  }
  await input.setValue(text);
  await browser.waitUntil(async () => (await browser.$$('[data-testid="palette-hit"]')).length > 0, {
    timeout: 10_000,
    timeoutMsg: `no hit for ${text}`,
  });
  await browser.pause(300);
  return browser.$$('[data-testid="palette-hit"]').map((h) => h.getText());
}

test("import, merge, search, export and erase in the real window", async () => {
  const importDir = tempDir("passerelle-import-");
  const exportDir = tempDir("passerelle-export-");
  for (const f of ["android-2.1.vcf", "outlook-fr-windows1252.csv"]) copyFileSync(join(FIXTURES, f), join(importDir, f));
  process.env.PASSERELLE_E2E_IMPORT_DIR = importDir;
  process.env.PASSERELLE_E2E_EXPORT_DIR = exportDir;
  const dir = dataDir({ seed: "taiwan-wallonia-2025" });
  const { browser, close } = await openApp(dir);
  try {
    await (await browser.$('[data-testid="mission-card"]')).waitForDisplayed({ timeout: 30_000 });

    const phone = await importFile(browser, "android-2.1.vcf");
    assert.match(phone, /3/);
    await screenshot(browser, "directory-01-import-phone");
    const outlook = await importFile(browser, "outlook-fr-windows1252.csv");
    assert.match(outlook, /1/, outlook);

    // Accents and Chinese names intact (asked through the palette: the contact list is
    // virtualised, so only the rows on screen exist in the page).
    for (const [typed, shown] of [["lemaitre", "Hélène Lemaître"], ["broeck", "Zoë Van den Broeck"], ["陳美", "陳美玲"], ["張志", "張志明"]]) {
      const hits = await palette(browser, typed);
      assert.ok(hits.some((h) => h.includes(shown)), `${shown} for "${typed}": ${hits}`);
    }
    await screenshot(browser, "directory-02-chinese-names");
    await browser.keys(["Escape"]);

    // Duplicates: the seeded directory plus the imports.
    await browser.execute(() => (window.location.hash = "#/directory"));
    const dups = await browser.$('[data-testid="duplicates"]');
    await dups.waitForDisplayed({ timeout: 15_000 });
    const groups = await browser.$$('[data-testid="duplicate-group"]');
    if (groups.length > 0) {
      await (await groups[0].$('[data-testid="merge"]')).click();
      await (await groups[0].$('[data-testid="merge-confirm"]')).click();
      await (await browser.$('[data-testid="merge-done"]')).waitForDisplayed({ timeout: 15_000 });
    }
    await screenshot(browser, "directory-03-duplicates");

    // Ctrl+K, "legia" → Mont Légia, first.
    const legia = await palette(browser, "legia");
    assert.match(legia[0], /Mont Légia/);
    await screenshot(browser, "directory-04-palette");
    await browser.keys(["Escape"]);

    // Export Hélène's data, erase Zoë.
    await browser.execute(() => (window.location.hash = "#/contacts"));
    await (await browser.$('[data-testid="contact-list"]')).waitForDisplayed({ timeout: 15_000 });
    await (await browser.$("a*=Hélène Lemaître")).click();
    await (await browser.$('[data-testid="export-json"]')).waitForDisplayed({ timeout: 15_000 });
    await (await browser.$('[data-testid="export-json"]')).click();
    await (await browser.$('[data-testid="export-notice"]')).waitForDisplayed({ timeout: 15_000 });
    const exported = readdirSync(exportDir).filter((f) => f.endsWith(".json"));
    assert.equal(exported.length, 1);
    assert.match(readFileSync(join(exportDir, exported[0]), "utf8"), /helene\.lemaitre@chc\.be/);
    await screenshot(browser, "directory-05-contact");

    await browser.execute(() => (window.location.hash = "#/contacts"));
    await (await browser.$("a*=Zoë Van den Broeck")).click();
    await (await browser.$('[data-testid="erase"]')).waitForDisplayed({ timeout: 15_000 });
    await (await browser.$('[data-testid="erase"]')).click();
    await (await browser.$('[data-testid="erase-name"]')).setValue("Zoë Van den Broeck");
    await (await browser.$('[data-testid="erase-confirm-yes"]')).click();
    await (await browser.$('[data-testid="contact-list"]')).waitForDisplayed({ timeout: 15_000 });
    await screenshot(browser, "directory-06-erased");
  } finally {
    await close();
  }
  // No trace in the file (nor in its WAL).
  const bytes = ["passerelle.sqlite3", "passerelle.sqlite3-wal"]
    .map((f) => join(dir, f))
    .filter(existsSync)
    .map((f) => readFileSync(f));
  for (const b of bytes) {
    assert.ok(!b.includes(Buffer.from("zoe.vandenbroeck")), "e-mail left in the file");
    assert.ok(!b.includes(Buffer.from("Van den Broeck")), "name left in the file");
  }
});
