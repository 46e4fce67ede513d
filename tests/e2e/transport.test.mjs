// Ground transport in the real window (issue 18, part 2), as the "Done when": on the
// seeded mission, in French, the planner adds a 14-seat coach in the Delegation tab (no seats is
// refused beside the field, nothing saved), makes the programme's journey to Liège a transfer
// from Charleroi in that coach (refused beside the vehicle field until the coach is chosen) for
// sixteen people, reads the check "two seats short", opens the transfer's form again, gives the
// coach 16 seats and sees the check cleared; then in Traditional Chinese.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { CLI, click, inLocale, openDemo, screenshot, setField } from "./harness.mjs";

const MISSION = "mis_tsha_wallonia_2025";
const LIEGE_DAY = "2025-06-27";

function vehicles(db) {
  return JSON.parse(execFileSync(CLI, ["--db", db, "vehicle", "list", "--mission", MISSION, "--json"]).toString());
}

function agenda(db) {
  return JSON.parse(execFileSync(CLI, ["--db", db, "list", "agenda", "--mission", MISSION, "--json"]).toString());
}

/** The programme's transport checks, as the CLI reads them. */
function transportChecks(db) {
  const out = JSON.parse(execFileSync(CLI, ["--db", db, "check", "--mission", MISSION, "--json"]).toString());
  return out.conflicts.filter((c) => c.kind === "transport").map((c) => c.message);
}

async function conflictTexts(browser) {
  return browser.execute(() => [...document.querySelectorAll('[data-testid="conflict"]')].map((c) => c.textContent));
}

/** The day view's event whose text contains `text`. */
async function eventNamed(browser, text) {
  const el = await browser.execute(
    (t) => [...document.querySelectorAll(".ec-event")].find((e) => e.textContent.includes(t)) ?? null,
    text,
  );
  return el ? browser.$(el) : null;
}

async function openLiegeDay(browser) {
  await browser.execute((m) => (window.location.hash = `#/missions/${m}/programme`), MISSION);
  await (await browser.$(`[data-testid="day-tab"][data-date="${LIEGE_DAY}"]`)).waitForDisplayed({ timeout: 15_000 });
  await (await browser.$(`[data-testid="day-tab"][data-date="${LIEGE_DAY}"]`)).click();
  await browser.waitUntil(async () => (await eventNamed(browser, "Obélis")) !== null, {
    timeout: 15_000,
    timeoutMsg: "the Liège day's items did not show in the day view",
  });
}

test("a 14-seat coach for the Charleroi → Liège transfer is two seats short until it has 16", async () => {
  const { db, browser, close } = await openDemo();
  try {
    await browser.execute((m) => (window.location.hash = `#/missions/${m}/delegation`), MISSION);
    await (await browser.$('[data-testid="vehicles"]')).waitForDisplayed({ timeout: 15_000 });

    // No seats: refused beside the field, in French, nothing saved.
    await click(browser, "vehicle-add");
    await (await browser.$('[data-testid="vehicle-form"]')).waitForDisplayed({ timeout: 5_000 });
    await setField(browser, "vehicle-name", "Autocar 1");
    await setField(browser, "vehicle-seats", "0");
    await setField(browser, "vehicle-driver", "Marc Dubois");
    await setField(browser, "vehicle-phone", "+32 475 12 34 56");
    await click(browser, "vehicle-save");
    const error = await browser.$('[data-testid="error-seats"]');
    await error.waitForDisplayed({ timeout: 5_000 });
    const said = await error.getText();
    assert.match(said, /place/i, said);
    assert.equal(vehicles(db).length, 0);
    await screenshot(browser, "transport-01-no-seats-refused");

    await setField(browser, "vehicle-seats", "14");
    await click(browser, "vehicle-save");
    await (await browser.$('[data-testid="vehicle-row"]')).waitForDisplayed({ timeout: 10_000 });
    const saved = vehicles(db);
    assert.equal(saved.length, 1);
    assert.equal(saved[0].seats, 14);
    assert.equal(saved[0].driver, "Marc Dubois");
    const row = await (await browser.$('[data-testid="vehicle-row"]')).getText();
    assert.match(row, /Autocar 1/);
    assert.match(row, /14 places/, row);
    await screenshot(browser, "transport-02-coach-fr");

    // The seed's "Trajet Charleroi → Liège" becomes the coach's transfer, with three Charleroi
    // hosts joining the delegation: sixteen people.
    await openLiegeDay(browser);
    const travel = await eventNamed(browser, "Trajet Charleroi");
    await travel.scrollIntoView({ block: "center" });
    await travel.click();
    await (await browser.$('[data-testid="item-form"]')).waitForDisplayed({ timeout: 5_000 });
    await setField(browser, "item-kind", "transfer");
    await (await browser.$('[data-testid="item-vehicle"]')).waitForDisplayed({ timeout: 5_000 });
    await setField(browser, "item-site", "sit_mont_legia");
    await setField(browser, "item-from-site", "sit_marie_curie");
    // A transfer without its vehicle is refused beside the field, nothing saved.
    await click(browser, "item-save");
    const noVehicle = await browser.$('[data-testid="field-error-vehicleId"]');
    await noVehicle.waitForDisplayed({ timeout: 5_000 });
    assert.match(await noVehicle.getText(), /véhicule/i);
    assert.equal(agenda(db).find((i) => i.id === "itm_d2_travel_to_liege").kind, "travel");
    await setField(browser, "item-vehicle", saved[0].id);
    const wanted = /^(Maxime Rossi|Karim Zouaoui|Anne-Laure Cadji)/;
    const ticked = await browser.execute((re) => {
      const pattern = new RegExp(re);
      let n = 0;
      for (const label of document.querySelectorAll('[data-testid="item-participants"] label')) {
        const input = label.querySelector("input");
        if (pattern.test(label.textContent.trim()) && !input.checked) {
          input.click();
          n++;
        }
      }
      return n;
    }, wanted.source);
    assert.equal(ticked, 3);
    await screenshot(browser, "transport-03-transfer-form-fr");
    await click(browser, "item-save");

    let short;
    await browser.waitUntil(async () => (short = (await conflictTexts(browser)).find((t) => /il manque 2 places/.test(t))) !== undefined, {
      timeout: 15_000,
      timeoutMsg: "no 'two seats short' check for the coach",
    });
    assert.match(short, /Autocar 1 a 14 places pour les 16 personnes/, short);
    const stored = agenda(db).find((i) => i.id === "itm_d2_travel_to_liege");
    assert.equal(stored.kind, "transfer");
    assert.equal(stored.vehicle.id, saved[0].id);
    assert.equal(stored.fromSite.id, "sit_marie_curie");
    assert.equal(stored.participants.length, 16);
    const transfer = await eventNamed(browser, "Trajet Charleroi");
    assert.ok(transfer, "the transfer is in the day view");
    const card = await browser.execute(
      () => [...document.querySelectorAll(".ec-event")].find((e) => e.textContent.includes("Trajet Charleroi"))?.textContent ?? "",
    );
    assert.match(card, /Hôpital civil Marie Curie → CHC Mont Légia/, card);
    assert.match(card, /Autocar 1/, card);
    await transfer.scrollIntoView({ block: "center" });
    await screenshot(browser, "transport-04-two-seats-short-fr");

    // Its form shows the coach and where it leaves from.
    await transfer.click();
    await (await browser.$('[data-testid="item-form"]')).waitForDisplayed({ timeout: 5_000 });
    assert.equal(await (await browser.$('[data-testid="item-vehicle"]')).getValue(), saved[0].id);
    assert.equal(await (await browser.$('[data-testid="item-from-site"]')).getValue(), "sit_marie_curie");

    // A bigger coach: the check clears.
    await browser.execute((m) => (window.location.hash = `#/missions/${m}/delegation`), MISSION);
    await (await browser.$('[data-testid="vehicle-row"]')).waitForDisplayed({ timeout: 15_000 });
    await click(browser, "vehicle-edit");
    await (await browser.$('[data-testid="vehicle-form"]')).waitForDisplayed({ timeout: 5_000 });
    await setField(browser, "vehicle-seats", "16");
    await click(browser, "vehicle-save");
    await browser.waitUntil(async () => vehicles(db)[0].seats === 16, { timeout: 10_000, timeoutMsg: "16 seats not saved" });
    await openLiegeDay(browser);
    await browser.waitUntil(async () => (await eventNamed(browser, "Trajet Charleroi")) !== null, { timeout: 10_000 });
    await sleep(500);
    const left = (await conflictTexts(browser)).filter((t) => /Autocar 1/.test(t));
    assert.deepEqual(left, [], left.join("\n"));
    assert.deepEqual(transportChecks(db), []);

    // In Traditional Chinese: the coach made small again, the check in Chinese.
    execFileSync(CLI, ["--db", db, "vehicle", "edit", "--id", saved[0].id, "--seats", "14", "--json"]);
    await inLocale(browser, "zh-TW", "zh-TW");
    await openLiegeDay(browser);
    await browser.waitUntil(async () => (await conflictTexts(browser)).some((t) => /少 2 個座位/.test(t)), {
      timeout: 15_000,
      timeoutMsg: "no 'two seats short' check in Chinese",
    });
    await (await eventNamed(browser, "Trajet Charleroi")).scrollIntoView({ block: "center" });
    await screenshot(browser, "transport-05-two-seats-short-zh");
    await (await eventNamed(browser, "Trajet Charleroi")).click();
    await (await browser.$('[data-testid="item-vehicle"]')).waitForDisplayed({ timeout: 5_000 });
    await screenshot(browser, "transport-06-transfer-form-zh");
    await browser.execute((m) => (window.location.hash = `#/missions/${m}/delegation`), MISSION);
    await (await browser.$('[data-testid="vehicle-row"]')).waitForDisplayed({ timeout: 15_000 });
    await (await browser.$('[data-testid="vehicles"]')).scrollIntoView({ block: "center" });
    await screenshot(browser, "transport-07-coach-zh");
  } finally {
    await close();
  }
});
