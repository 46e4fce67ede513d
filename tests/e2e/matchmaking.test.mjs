// Matchmaking in the real window: on the seeded Taiwan–Wallonia mission the planner accepts
// suggested meetings (each explained), presses Schedule and sees the score with the reasons
// for what did not fit; the proposals appear in the database as proposed meeting items.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { CLI, dataDir, openApp, screenshot } from "./harness.mjs";

test("accept suggestions, press Schedule, see the score and the reasons", async () => {
  const dir = dataDir({ seed: "taiwan-wallonia-2025" });
  const { browser, close } = await openApp(dir);
  try {
    const card = await browser.$('[data-testid="mission-card"]');
    await card.waitForDisplayed({ timeout: 30_000 });
    await card.click();
    const tab = await browser.$('[data-testid="tab-requests"]');
    await tab.waitForDisplayed({ timeout: 15_000 });
    await tab.click();

    // Suggestions come with their explanation; accept five of them.
    const first = await browser.$('[data-testid="suggestion"]');
    await first.waitForDisplayed({ timeout: 15_000 });
    assert.match(await first.getText(), /both work on|tous deux travaillent|雙方都專注於/);
    for (let i = 0; i < 5; i++) {
      const before = (await browser.$$('[data-testid="request"]')).length;
      await (await browser.$('[data-testid="suggestion-accept"]')).click();
      await browser.waitUntil(async () => (await browser.$$('[data-testid="request"]')).length === before + 1, {
        timeout: 10_000,
        timeoutMsg: "the accepted suggestion did not become a request",
      });
    }
    await (await browser.$('[data-testid="schedule-matrix"]')).waitForDisplayed({ timeout: 5_000 });

    await (await browser.$('[data-testid="schedule-run"]')).click();
    const score = await browser.$('[data-testid="schedule-score"]');
    await score.waitForDisplayed({ timeout: 30_000 });
    const text = await score.getText();
    assert.match(text, /\d+ (of|demandes? sur|個請求中) /, text);
    assert.match(text, /%/);
    await screenshot(browser, "20-matchmaking-score");
  } finally {
    await close();
  }
  const agenda = JSON.parse(
    execFileSync(CLI, ["--db", join(dir, "passerelle.sqlite3"), "list", "agenda", "--mission", "mis_tsha_wallonia_2025"]).toString(),
  );
  const proposed = agenda.filter((i) => i.status === "proposed");
  assert.ok(proposed.length >= 1, "proposed meetings are stored");
  assert.ok(proposed.every((i) => i.kind === "meeting"));
});
