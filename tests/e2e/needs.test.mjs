// Meals and access needs in the real window (issue 18, part 4), on the Delegation tab: the demo
// mission (June 2025) is past its 30 days, so a need is refused beside the retention until the
// planner keeps them longer; a diet without the consent ticked is refused beside the consent in
// French and nothing is saved; with the consent (who, when, how) it is saved and shown with the
// erasure date; withdrawing the consent erases it.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { CLI, click, openDemo, screenshot, setField } from "./harness.mjs";

const MISSION = "mis_tsha_wallonia_2025";
const WHO = "con_delegate_01";

function needs(db) {
  return JSON.parse(execFileSync(CLI, ["--db", db, "needs", "list", "--mission", MISSION, "--json"]).toString());
}

const row = `[data-testid="needs-row"][data-contact="${WHO}"]`;

async function textOf(browser, selector) {
  const el = await browser.$(selector);
  await el.waitForDisplayed({ timeout: 10_000 });
  return el.getText();
}

test("record a delegate's diet with their consent, see when it is erased, and withdraw it", async () => {
  const { db, browser, close } = await openDemo();
  try {
    await browser.execute((m) => (window.location.hash = `#/missions/${m}/delegation`), MISSION);
    const erased = await textOf(browser, '[data-testid="needs-erased-on"]');
    assert.match(erased, /Effacés le 27\/07\/2025/, erased);

    // Past its date: refused beside the retention, nothing saved.
    await click(browser, `${row} [data-testid="needs-edit"]`);
    await click(browser, '[data-testid="needs-diet-vegetarian"]');
    await click(browser, '[data-testid="needs-consent"]');
    await setField(browser, '[data-testid="needs-consent-how"]', "form");
    await click(browser, '[data-testid="needs-save"]');
    const past = await textOf(browser, '[data-testid="error-retentionDays"]');
    assert.match(past, /conservation/, past);
    assert.equal(needs(db).needs.length, 0);

    // Kept ten years after the mission: the date follows.
    await setField(browser, '[data-testid="needs-retention"]', "3650");
    await click(browser, '[data-testid="needs-retention-save"]');
    await browser.waitUntil(
      async () => (await textOf(browser, '[data-testid="needs-erased-on"]')).includes("25/06/2035"),
      { timeout: 10_000, timeoutMsg: "the erasure date did not follow the retention" },
    );

    // No consent: refused beside the consent, in French, nothing saved.
    await click(browser, '[data-testid="needs-consent"]');
    await click(browser, '[data-testid="needs-save"]');
    const refused = await textOf(browser, '[data-testid="error-consent"]');
    assert.match(refused, /consentement explicite/, refused);
    await screenshot(browser, "needs-01-no-consent");
    assert.equal(needs(db).needs.length, 0);

    // With the consent: saved, shown with how it was given.
    await click(browser, '[data-testid="needs-consent"]');
    await click(browser, '[data-testid="needs-access-wheelchair"]');
    await click(browser, '[data-testid="needs-save"]');
    await browser.waitUntil(async () => (await textOf(browser, `${row} [data-testid="needs-text"]`)).includes("Végétarien"), {
      timeout: 10_000,
      timeoutMsg: "the needs were not shown",
    });
    const shown = await textOf(browser, `${row} [data-testid="needs-text"]`);
    assert.match(shown, /Accès fauteuil roulant/, shown);
    const consent = await textOf(browser, `${row} [data-testid="needs-consent-text"]`);
    assert.match(consent, /Formulaire/, consent);
    await screenshot(browser, "needs-02-saved");
    const held = needs(db);
    assert.deepEqual(held.needs[0].diets, ["vegetarian"]);
    assert.deepEqual(held.needs[0].access, ["wheelchair"]);

    // Withdrawn: erased.
    await click(browser, `${row} [data-testid="needs-edit"]`);
    await click(browser, '[data-testid="needs-clear"]');
    await browser.waitUntil(async () => needs(db).needs.length === 0, {
      timeout: 10_000,
      timeoutMsg: "the needs were not erased",
    });
    await browser.waitUntil(async () => !(await textOf(browser, `${row} [data-testid="needs-text"]`)).includes("Végétarien"), {
      timeout: 10_000,
      timeoutMsg: "the erased needs are still shown",
    });
  } finally {
    await close();
  }
});
