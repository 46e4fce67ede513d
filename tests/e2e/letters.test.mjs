// Letters in the real window (issue 17, part 3): on the seeded Taiwan–Wallonia mission, the
// Delegation tab takes a delegate's passport for the mission (an expired one refused beside its
// field, in French), the Documents tab's "Letters" lists who gets an invitation and who lacks
// passport data, and writes the PDF, which poppler reads back with the passport's fields.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { CLI, dataDir, openApp, screenshot, tempDir } from "./harness.mjs";

const MISSION = "mis_tsha_wallonia_2025";

async function setField(browser, testid, value) {
  const found = await browser.execute(
    (id, v) => {
      const el = document.querySelector(`[data-testid="${id}"]`);
      if (!el) return false;
      el.value = v;
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.dispatchEvent(new Event("change", { bubbles: true }));
      return true;
    },
    testid,
    value,
  );
  assert.ok(found, `no field [data-testid="${testid}"]`);
}

async function click(browser, selector) {
  const el = await browser.$(selector);
  await el.waitForDisplayed({ timeout: 30_000 });
  // To the middle: aligned to the top, a button lands under the mission's sticky tabs once the
  // page below it is long enough to scroll that far (the delegation's needs section made it so).
  await el.scrollIntoView({ block: "center" });
  await el.click();
}

test("a delegate's passport entered under the delegation makes their invitation letter", async () => {
  const dir = dataDir({ seed: "taiwan-wallonia-2025" });
  const db = join(dir, "passerelle.sqlite3");
  const exports = tempDir("passerelle-e2e-letters-");
  process.env.PASSERELLE_E2E_EXPORT_DIR = exports;

  const { browser, close } = await openApp(dir);
  try {
    await browser.waitUntil(async () => browser.execute(() => document.querySelector("main") !== null), {
      timeout: 30_000,
      timeoutMsg: "the window did not open",
    });
    await click(browser, '[data-testid="locale-fr"]');
    await browser.execute((m) => (window.location.hash = `#/missions/${m}/delegation`), MISSION);
    const row = '[data-testid="passport-row"][data-contact="con_delegate_01"]';
    await click(browser, `${row} [data-testid="passport-edit"]`);
    await (await browser.$('[data-testid="passport-form"]')).waitForDisplayed({ timeout: 10_000 });
    await setField(browser, "passport-surname", "CHEN");
    await setField(browser, "passport-given-names", "WEI-TING");
    await setField(browser, "passport-nationality", "TW");
    await setField(browser, "passport-number", "312345678");
    await setField(browser, "passport-birth-date", "14/03/1975");
    await setField(browser, "passport-issued-on", "10/01/2020");
    await setField(browser, "passport-expires-on", "01/01/2024");
    await click(browser, '[data-testid="passport-save"]');
    const error = await browser.$('[data-testid="error-expiresOn"]');
    await error.waitForDisplayed({ timeout: 10_000 });
    assert.match(await error.getText(), /a expiré le 01\/01\/2024 :/);
    const none = JSON.parse(
      execFileSync(CLI, ["--db", db, "passport", "show", "--mission", MISSION, "--contact", "con_delegate_01", "--json"]).toString(),
    );
    assert.equal(none, null, "nothing saved");
    await screenshot(browser, "letters-01-passport-refused");

    await setField(browser, "passport-expires-on", "09/01/2030");
    await click(browser, '[data-testid="passport-save"]');
    await browser.waitUntil(async () => (await (await browser.$(`${row} [data-testid="passport-value"]`)).getText()).includes("312345678"), {
      timeout: 10_000,
      timeoutMsg: "the saved passport is shown on the delegate's row",
    });
    const saved = JSON.parse(
      execFileSync(CLI, ["--db", db, "passport", "show", "--mission", MISSION, "--contact", "con_delegate_01", "--json"]).toString(),
    );
    assert.equal(saved.expiresOn, "2030-01-09");
    await screenshot(browser, "letters-02-passport-saved");

    await browser.execute((m) => (window.location.hash = `#/missions/${m}/documents`), MISSION);
    await click(browser, '[data-testid="letters"] summary');
    const count = await browser.$('[data-testid="letters-count"]');
    await count.waitForDisplayed({ timeout: 30_000 });
    assert.match(await count.getText(), /^1 lettre/);
    const reasons = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="letters-skipped"] li')].map((li) => li.dataset.reason),
    );
    assert.equal(reasons.length, 11);
    assert.ok(reasons.every((r) => r === "noPassport"), reasons.join());
    await (await browser.$('[data-testid="letters-lang"]')).selectByAttribute("value", "fr");
    await browser.execute(() => document.querySelector('[data-testid="letters"]').scrollIntoView());
    await screenshot(browser, "letters-03-plan");
    await click(browser, '[data-testid="letters-write"]');
    await (await browser.$('[data-testid="letters-written"]')).waitForDisplayed({ timeout: 60_000 });
    const files = readdirSync(join(exports, "letters")).filter((f) => f.endsWith(".pdf"));
    assert.equal(files.length, 1);
    const text = execFileSync("pdftotext", [join(exports, "letters", files[0]), "-"]).toString();
    for (const needle of ["LETTRE D’INVITATION", "CHEN WEI-TING", "312345678", "14 mars 1975", "Philippe Tzou"]) {
      assert.ok(text.includes(needle), `${needle} in the letter`);
    }
    await screenshot(browser, "letters-04-written");
  } finally {
    await close();
  }
});
