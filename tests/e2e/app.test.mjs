// The real window: first launch offers the demo mission; the seeded mission shows its two days.

import { test } from "node:test";
import assert from "node:assert/strict";
import { dataDir, openApp, screenshot } from "./harness.mjs";

test("first launch offers the demo mission and loads it", async () => {
  const { browser, close } = await openApp(dataDir());
  try {
    const loadDemo = await browser.$('[data-testid="load-demo"]');
    await loadDemo.waitForDisplayed({ timeout: 30_000 });
    await screenshot(browser, "01-first-launch");
    await loadDemo.click();
    const card = await browser.$('[data-testid="mission-card"]');
    await card.waitForDisplayed({ timeout: 15_000 });
    assert.match(await card.getText(), /Taiwan Smart Healthcare Alliance/);
  } finally {
    await close();
  }
});

test("the seeded mission shows its two days in Brussels time with Taipei beside them", async () => {
  const dir = dataDir({ seed: "taiwan-wallonia-2025" });
  const launched = Date.now();
  const { browser, close } = await openApp(dir);
  try {
    const card = await browser.$('[data-testid="mission-card"]');
    await card.waitForDisplayed({ timeout: 30_000 });
    // A figure for the notes, not an assertion: it includes WebDriver's own start-up.
    console.log(`cold start to first screen (through tauri-driver): ${Date.now() - launched} ms`);
    await screenshot(browser, "02-missions");
    await card.click();

    await browser.waitUntil(async () => (await browser.$$('[data-testid="agenda-day"]')).length === 2, {
      timeout: 15_000,
      timeoutMsg: "the programme did not show two days",
    });
    const dates = await browser.$$('[data-testid="agenda-day"]').map((d) => d.getAttribute("data-date"));
    assert.deepEqual(dates, ["2025-06-26", "2025-06-27"]);

    const items = await browser.$$('[data-testid="agenda-item"]');
    assert.ok(items.length >= 8, `expected the programme's items, saw ${items.length}`);
    const page = await browser.$("main").getText();
    assert.match(page, /Mont Légia/, "the Liège site, accents intact");
    assert.match(page, /Taipei/, "the delegation's home zone beside the host times");
    // The mission's long notes show their first lines and a button for the rest: the
    // programme's toolbar is on the first screen (800 px high) without scrolling.
    const more = await browser.$('[data-testid="mission-notes-more"]');
    assert.ok(await more.isDisplayed(), "the notes are folded to their first lines");
    const toolbarTop = await browser.execute(() => document.querySelector('[data-testid="new-item"]').getBoundingClientRect().top);
    assert.ok(toolbarTop < 760, `the programme's toolbar starts at ${toolbarTop} px`);
    await screenshot(browser, "03-programme");
    const notesHeight = () => browser.execute(() => document.querySelector('[data-testid="mission-notes"]').clientHeight);
    const folded = await notesHeight();
    await more.click();
    await browser.waitUntil(async () => (await notesHeight()) > folded * 1.5, {
      timeout: 5_000,
      timeoutMsg: `the notes' button did not show the rest (${folded} px high)`,
    });
    assert.equal(await more.getAttribute("aria-expanded"), "true");
  } finally {
    await close();
  }
});
