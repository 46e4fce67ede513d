// The mission's budget in the real window (issue 18, part 6): a cost typed in dollars is
// refused beside its field in the planner's language and nothing is saved; typed in euros it is
// saved, shown with the totals by category, edited and deleted; the budget is saved as CSV and
// Excel for the accountant; the report shows the cost per meeting held.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { CLI, click, openDemo, screenshot, setField, tempDir } from "./harness.mjs";

const MISSION = "mis_tsha_wallonia_2025";

function budget(db) {
  return JSON.parse(execFileSync(CLI, ["--db", db, "cost", "list", "--mission", MISSION, "--json"]).toString());
}

async function waitForFile(path) {
  for (let i = 0; i < 100 && !existsSync(path); i++) await sleep(100);
  assert.ok(existsSync(path), `${path} was not written`);
  return path;
}

test("enter the mission's costs in euros, read the totals and save them for the accountant", async () => {
  const exports = tempDir("passerelle-e2e-budget-");
  process.env.PASSERELLE_E2E_EXPORT_DIR = exports;
  const { db, browser, close } = await openDemo();
  try {
    await browser.execute((m) => (window.location.hash = `#/missions/${m}/budget`), MISSION);
    await (await browser.$('[data-testid="budget-empty"]')).waitForDisplayed({ timeout: 15_000 });

    // Dollars: refused beside the field, in French, nothing saved.
    await click(browser, "cost-add");
    await (await browser.$('[data-testid="cost-form"]')).waitForDisplayed({ timeout: 5_000 });
    await setField(browser, "cost-category", "transport");
    await setField(browser, "cost-label", "Autocar Charleroi → Liège");
    await setField(browser, "cost-estimate", "1250 USD");
    await click(browser, "cost-save");
    const error = await browser.$('[data-testid="error-estimateEur"]');
    await error.waitForDisplayed({ timeout: 5_000 });
    const said = await error.getText();
    assert.match(said, /euros uniquement/, said);
    assert.match(said, /USD/, said);
    await screenshot(browser, "budget-01-dollars-refused");
    assert.equal(budget(db).lines.length, 0);

    // Euros, typed the French way: saved, shown, totalled.
    await setField(browser, "cost-estimate", "1 250,50");
    await setField(browser, "cost-actual", "1300");
    await click(browser, "cost-save");
    await (await browser.$('[data-testid="cost-row"]')).waitForDisplayed({ timeout: 10_000 });
    let stored = budget(db);
    assert.equal(stored.lines.length, 1);
    assert.equal(stored.lines[0].estimateCents, 125050);
    assert.equal(stored.lines[0].actualCents, 130000);
    const row = await (await browser.$('[data-testid="cost-row"]')).getText();
    assert.match(row, /Transport/);
    assert.match(row, /1\s?250,50\s?€/, row);

    await click(browser, "cost-add");
    await setField(browser, "cost-category", "interpreting");
    await setField(browser, "cost-label", "Interprète mandarin");
    await setField(browser, "cost-estimate", "1800");
    await click(browser, "cost-save");
    await browser.waitUntil(async () => (await browser.$$('[data-testid="cost-row"]')).length === 2, {
      timeout: 10_000,
      timeoutMsg: "the second cost did not show",
    });
    const total = await (await browser.$('[data-testid="budget-total"]')).getText();
    assert.match(total, /3\s?100,00\s?€/, total);
    assert.match(await (await browser.$('[data-testid="budget-total-interpreting"]')).getText(), /Interprétation/);
    await screenshot(browser, "budget-02-two-costs");

    // Edited: the interpreter committed; a negative actual amount is refused first.
    const rows = await browser.$$('[data-testid="cost-row"]');
    const interpreter = rows[1];
    await (await interpreter.$('[data-testid="cost-edit"]')).click();
    await setField(browser, "cost-actual", "-20");
    await click(browser, "cost-save");
    const negative = await browser.$('[data-testid="error-actualEur"]');
    await negative.waitForDisplayed({ timeout: 5_000 });
    assert.match(await negative.getText(), /négatif/);
    await setField(browser, "cost-actual", "");
    await setField(browser, "cost-committed", "1750");
    await click(browser, "cost-save");
    await browser.waitUntil(async () => budget(db).total.committedCents === 175000, {
      timeout: 10_000,
      timeoutMsg: "the committed amount was not saved",
    });

    // For the accountant.
    await click(browser, "budget-csv");
    const csv = readFileSync(await waitForFile(join(exports, "budget.csv")), "utf8");
    assert.match(csv, /interpreting,Interprète mandarin,,,1800\.00,1750\.00,,/);
    await click(browser, "budget-xlsx");
    await waitForFile(join(exports, "budget.xlsx"));

    // The report divides what is known by the meetings held (none yet: a dash).
    await browser.execute((m) => (window.location.hash = `#/missions/${m}/report`), MISSION);
    const cost = await browser.$('[data-testid="fig-cost"]');
    await cost.waitForDisplayed({ timeout: 15_000 });
    assert.match(await cost.getText(), /3\s?050,00\s?€/);

    // Deleted.
    await browser.execute((m) => (window.location.hash = `#/missions/${m}/budget`), MISSION);
    await (await browser.$('[data-testid="cost-row"]')).waitForDisplayed({ timeout: 15_000 });
    await (await (await browser.$$('[data-testid="cost-row"]'))[0].$('[data-testid="cost-edit"]')).click();
    await click(browser, "cost-delete");
    await browser.waitUntil(async () => (await browser.$$('[data-testid="cost-row"]')).length === 1, {
      timeout: 10_000,
      timeoutMsg: "the deleted cost still shows",
    });
    stored = budget(db);
    assert.equal(stored.lines.length, 1);
    assert.equal(stored.lines[0].label, "Interprète mandarin");
  } finally {
    await close();
  }
});
