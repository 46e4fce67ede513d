// The day's arrivals and departures above the programme (issue 18: "arrivals on the day
// view"), in the real window: on the seeded mission, twelve delegates' arrivals entered through
// the CLI show as two lines on the first day in French ("11 personnes arrivent à … · TR 123",
// the late BR 65 at 11:40), the names open from the keyboard (Tab to the line, Enter); a
// departure entered while the window is open shows on the last day; then in Chinese.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { CLI, dataDir, openApp, screenshot } from "./harness.mjs";

const MISSION = "mis_tsha_wallonia_2025";

function travel(db, contact, kind, at, place, ref) {
  execFileSync(CLI, ["--db", db, "travel", "add", "--mission", MISSION, "--contact", contact, "--kind", kind, "--at", at, "--place", place, "--ref", ref, "--json"]);
}

async function inLocale(browser, locale, lang) {
  await browser.waitUntil(
    async () => {
      await browser.execute((l) => document.querySelector(`[data-testid="locale-${l}"]`).click(), locale);
      await sleep(300);
      return browser.execute((l) => document.documentElement.lang === l, lang);
    },
    { timeout: 15_000, timeoutMsg: `the window did not switch to ${locale}` },
  );
}

async function openDay(browser, date) {
  await browser.execute((m) => (window.location.hash = `#/missions/${m}/programme`), MISSION);
  const tab = await browser.$(`[data-testid="day-tab"][data-date="${date}"]`);
  await tab.waitForDisplayed({ timeout: 15_000 });
  await tab.click();
}

async function lines(browser) {
  return browser.execute(() => [...document.querySelectorAll('[data-testid="day-travel-text"]')].map((e) => e.textContent.replace(/\s+/g, " ").trim()));
}

test("the day's arrivals and departures are grouped lines above the programme, names a key away", async () => {
  const dir = dataDir({ seed: "taiwan-wallonia-2025" });
  const db = join(dir, "passerelle.sqlite3");
  for (let n = 1; n <= 11; n++) {
    travel(db, `con_delegate_${String(n).padStart(2, "0")}`, "arrival", "2025-06-26T07:40", "Bruxelles-Midi", "TR 123");
  }
  travel(db, "con_delegate_12", "arrival", "2025-06-26T11:40", "Brussels Airport (BRU)", "BR 65");
  const { browser, close } = await openApp(dir);
  try {
    await browser.waitUntil(async () => browser.execute(() => document.querySelector("main") !== null), {
      timeout: 30_000,
      timeoutMsg: "the window did not open",
    });
    await inLocale(browser, "fr", "fr-BE");
    await openDay(browser, "2025-06-26");
    await (await browser.$('[data-testid="day-travel"]')).waitForDisplayed({ timeout: 15_000 });
    const said = await lines(browser);
    assert.deepEqual(said, ["11 personnes arrivent à Bruxelles-Midi · TR 123", "1 personne arrive à Brussels Airport (BRU) · BR 65"]);
    const times = await browser.execute(() => [...document.querySelectorAll('[data-testid="day-travel"] time')].map((e) => e.textContent));
    assert.deepEqual(times, ["07:40", "11:40"]);
    const region = await browser.execute(() => document.querySelector('[data-testid="day-travel"]').getAttribute("aria-label"));
    assert.equal(region, "Arrivées et départs du jour");

    // The keyboard: the second line's summary takes the focus, Enter opens the names.
    await browser.execute(() => document.querySelectorAll('[data-testid="day-travel"] summary')[1].focus());
    await browser.keys("Enter");
    const names = await browser.$$('[data-testid="day-travel-names"]');
    await names[1].waitForDisplayed({ timeout: 5_000 });
    assert.match(await names[1].getText(), /\S/);
    assert.equal(await names[0].isDisplayed(), false, "only the opened line shows its names");
    await screenshot(browser, "day-travel-01-arrivals-fr");

    // Nothing on the last day until a departure is entered; then it shows without a reload.
    await openDay(browser, "2025-06-27");
    await sleep(500);
    assert.deepEqual(await lines(browser), []);
    travel(db, "con_delegate_03", "departure", "2025-06-27T18:05", "Brussels Airport (BRU)", "BR 66");
    await browser.waitUntil(async () => (await lines(browser)).length === 1, {
      timeout: 15_000,
      timeoutMsg: "the departure entered through the CLI did not show",
    });
    assert.deepEqual(await lines(browser), ["1 personne part de Brussels Airport (BRU) · BR 66"]);

    await inLocale(browser, "zh-TW", "zh-TW");
    await openDay(browser, "2025-06-26");
    await browser.waitUntil(async () => (await lines(browser)).some((l) => l.includes("11 人抵達 Bruxelles-Midi")), {
      timeout: 15_000,
      timeoutMsg: "the arrivals did not read in Chinese",
    });
    await screenshot(browser, "day-travel-02-arrivals-zh");
  } finally {
    await close();
  }
});
