// Printed documents in the real window: the seeded Taiwan–Wallonia mission's Documents tab shows
// a preview of the programme, the language can be switched, and Save as PDF / Export calendar
// write a real PDF and a real iCalendar file.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dataDir, openApp, screenshot } from "./harness.mjs";

const MISSION = "mis_tsha_wallonia_2025";

async function waitForFile(dir, ext) {
  let found = null;
  for (let i = 0; i < 100 && !found; i++) {
    found = readdirSync(dir).find((f) => f.endsWith(ext)) ?? null;
    if (!found) await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(found, `no ${ext} file written`);
  return join(dir, found);
}

test("preview the programme and save it as PDF and as a calendar file", async () => {
  const dir = dataDir({ seed: "taiwan-wallonia-2025" });
  const exports = mkdtempSync(join(tmpdir(), "passerelle-e2e-documents-"));
  process.env.PASSERELLE_E2E_EXPORT_DIR = exports;

  const { browser, close } = await openApp(dir);
  try {
    await browser.waitUntil(async () => browser.execute(() => document.querySelector("main") !== null), {
      timeout: 30_000,
      timeoutMsg: "the window did not open",
    });
    await browser.execute((m) => (window.location.hash = `#/missions/${m}/documents`), MISSION);
    const page = await browser.$('[data-testid="documents-page"]');
    await page.waitForDisplayed({ timeout: 30_000 });
    const src = await page.getAttribute("src");
    assert.ok(src.startsWith("data:image/png;base64,"), "the preview page is a PNG");
    const width = await browser.execute(() => document.querySelector('[data-testid="documents-page"]').naturalWidth);
    assert.ok(width > 300, `the preview page has a real size (${width}px wide)`);
    await browser.execute(() => document.querySelector('[data-testid="documents"]').scrollIntoView());
    await screenshot(browser, "documents-01-programme-preview");

    await (await browser.$('[data-testid="documents-save-pdf"]')).click();
    const pdf = await waitForFile(exports, ".pdf");
    assert.equal(readFileSync(pdf).subarray(0, 5).toString(), "%PDF-");

    await (await browser.$('[data-testid="documents-export-ics"]')).click();
    const ics = readFileSync(await waitForFile(exports, ".ics"), "utf8");
    assert.match(ics, /BEGIN:VCALENDAR/);
    assert.match(ics, /BEGIN:VEVENT/);
  } finally {
    await close();
  }
});
