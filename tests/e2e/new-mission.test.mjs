// Issue 13's "Done when", in the real window and in French, from a fresh data folder with no
// seed: a planner creates a Japanese medtech mission to Liège and Wavre for three days of March
// 2026, adds three sites (one in Tokyo for a pre-departure briefing), the delegation (two people
// picked from the directory, two typed inline), a sub-group and eight items; opens and saves each
// item twice unchanged and every instant is unchanged in the database; is stopped when an end
// comes before its start; sees dates in French order and times on the 24-hour clock; schedules
// the Liège requests around the Tokyo briefing; starts a second mission from the first; and
// prints the delegation page with no overlapping line (read back with pdftotext -bbox-layout).

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { CLI, dataDir, openApp, screenshot, tempDir } from "./harness.mjs";

/** Runs passerelle-cli on the app's database and returns its JSON. */
function cli(db, ...args) {
  return JSON.parse(execFileSync(CLI, ["--db", db, ...args, "--json"]).toString());
}

/** Sets an input or select the way typing or picking would (input + change events). */
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
  await el.waitForClickable({ timeout: 15_000 });
  await el.scrollIntoView({ block: "center" });
  await el.click();
}

/**
 * Presses a form's button by its test id as a DOM click: the header folding or a toast may shift
 * the page between scrolling and WebDriver's pointer click, which then lands on something else
 * ("element click intercepted") and the save silently never happens.
 */
async function press(browser, testid) {
  const el = await browser.$(`[data-testid="${testid}"]`);
  await el.waitForEnabled({ timeout: 15_000 });
  await browser.execute((id) => document.querySelector(`[data-testid="${id}"]`).click(), testid);
}

async function value(browser, testid) {
  return browser.execute((id) => document.querySelector(`[data-testid="${id}"]`)?.value ?? null, testid);
}

/** The mission's items as the database holds them: title → [start, end] instants in ms. */
function instants(db, mission) {
  const out = {};
  for (const i of cli(db, "list", "agenda", "--mission", mission)) out[i.title] = [Date.parse(i.start), Date.parse(i.end)];
  return out;
}

async function waitForFile(dir, ext) {
  for (let i = 0; i < 150; i++) {
    const found = readdirSync(dir).find((f) => f.endsWith(ext));
    if (found) return join(dir, found);
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`no ${ext} file written in ${dir}`);
}

/** Lines of each page of a PDF as pdftotext -bbox-layout reads them. */
function pdfLines(pdf) {
  const xml = execFileSync("pdftotext", ["-bbox-layout", pdf, "-"]).toString();
  return xml.split("<page ").slice(1).map((page) =>
    [...page.matchAll(/<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([\s\S]*?)<\/line>/g)].map((m) => ({
      x0: Number(m[1]),
      y0: Number(m[2]),
      x1: Number(m[3]),
      y1: Number(m[4]),
      text: [...m[5].matchAll(/>([^<]*)<\/word>/g)].map((w) => w[1]).join(" "),
    })),
  );
}

/** Pairs of lines of a page that share both some width and some height (more than half a point). */
function overlaps(lines) {
  const bad = [];
  for (let i = 0; i < lines.length; i++) {
    for (let j = i + 1; j < lines.length; j++) {
      const a = lines[i];
      const b = lines[j];
      const wide = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
      const high = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
      if (wide > 0.5 && high > 0.5) bad.push(`"${a.text}" / "${b.text}"`);
    }
  }
  return bad;
}

const TITLES = {
  briefing: "Briefing avant départ",
  welcome: "Accueil au CHU",
  imaging: "Visite de l'imagerie",
  lunch: "Déjeuner",
  talks: "Rendez-vous individuels",
  transfer: "Trajet vers Wavre",
  pitches: "Présentations medtech",
  closing: "Réception de clôture",
};

test("a new mission from a blank page, in French: set up, planned, scheduled, copied and printed", async () => {
  const dir = dataDir();
  const db = join(dir, "passerelle.sqlite3");
  const exports = tempDir("passerelle-e2e-new-mission-");
  process.env.PASSERELLE_E2E_EXPORT_DIR = exports;
  // Two people the agency already has in its directory, and the Liège host they will meet.
  const sato = cli(db, "contact", "add", "--given", "Haruki", "--family", "Sato", "--language", "ja").id;
  const tanaka = cli(db, "contact", "add", "--given", "Yui", "--family", "Tanaka", "--language", "ja").id;
  const dupont = cli(db, "contact", "add", "--given", "Claire", "--family", "Dupont", "--language", "fr").id;

  const { browser, close } = await openApp(dir);
  try {
    await click(browser, '[data-testid="locale-fr"]');

    // ——— The mission, from the missions page.
    await press(browser, "new-mission");
    await (await browser.$('[data-testid="mission-form"]')).waitForDisplayed({ timeout: 10_000 });
    await setField(browser, "mission-title-input", "Medtech japonaise à Liège et Wavre");
    await setField(browser, "mission-origin", "JP");
    await setField(browser, "mission-host", "BE");
    // Dates typed in French order.
    await setField(browser, "mission-start", "09/03/2026");
    await setField(browser, "mission-end", "11/03/2026");
    assert.equal(await value(browser, "mission-host-tz-select"), "Europe/Brussels", "the host zone comes from the country");
    assert.equal(await value(browser, "mission-home-tz-select"), "Asia/Tokyo", "the home zone comes from the country");
    await screenshot(browser, "new-mission-01-form");
    await press(browser, "mission-form-save");
    const header = await browser.$('[data-testid="mission-header"]');
    await header.waitForDisplayed({ timeout: 15_000 });
    const missions = cli(db, "list", "missions");
    assert.equal(missions.length, 1);
    const mission = missions[0].id;
    assert.equal(missions[0].originCountry, "JP");
    assert.equal(missions[0].startDate, "2026-03-09");
    const headerText = await header.getText();
    assert.match(headerText, /mars 2026/, `French dates in the header: ${headerText}`);
    assert.doesNotMatch(headerText, /03\/09|March/, `no US or English date: ${headerText}`);

    // ——— Three sites: Liège, Wavre, and Tokyo for the pre-departure briefing.
    await browser.execute((m) => (window.location.hash = `#/missions/${m}/sites`), mission);
    const addSite = async (name, search, zone) => {
      await press(browser, "site-add");
      await (await browser.$('[data-testid="site-form"]')).waitForDisplayed({ timeout: 10_000 });
      await setField(browser, "site-name", name);
      await setField(browser, "site-tz-search", search);
      await setField(browser, "site-tz-select", zone);
      await press(browser, "site-form-save");
      await browser.waitUntil(async () => cli(db, "list", "sites", "--mission", mission).some((s) => s.name === name), {
        timeout: 15_000,
        timeoutMsg: `the site ${name} was not saved`,
      });
    };
    await addSite("JETRO Tokyo — salle de briefing", "Tokyo", "Asia/Tokyo");
    await addSite("CHU de Liège", "Bruxelles", "Europe/Brussels");
    await addSite("Parc scientifique de Wavre", "Bruxelles", "Europe/Brussels");
    const sites = Object.fromEntries(cli(db, "list", "sites", "--mission", mission).map((s) => [s.name, s]));
    assert.equal(sites["JETRO Tokyo — salle de briefing"].country, "JP", "the country comes from the zone");
    const tokyo = sites["JETRO Tokyo — salle de briefing"].id;
    const liege = sites["CHU de Liège"].id;
    const wavre = sites["Parc scientifique de Wavre"].id;
    await screenshot(browser, "new-mission-02-sites");

    // ——— The planning rules, typed the French way: a decimal comma (the webview's number field
    // emptied "1,3" silently), a word refused beside its field with nothing saved.
    const detour = await browser.$('[data-testid="setting-detourFactor"]');
    await detour.scrollIntoView({ block: "center" });
    await detour.click();
    await browser.keys(["Control", "a"]);
    await browser.keys(["1", ",", "3"]);
    await setField(browser, "setting-roadSpeedKmh", "vite");
    await press(browser, "planning-settings-save");
    const speedErr = await browser.$('[data-testid="error-roadSpeedKmh"]');
    await speedErr.waitForDisplayed({ timeout: 10_000 });
    assert.equal(await speedErr.getText(), "« vite » n’est pas un nombre.");
    await screenshot(browser, "new-mission-02b-rules-refused");
    await setField(browser, "setting-roadSpeedKmh", "70");
    await press(browser, "planning-settings-save");
    await (await browser.$('[data-testid="planning-settings-saved"]')).waitForDisplayed({ timeout: 10_000 });
    await browser.execute((m) => (window.location.hash = `#/missions/${m}/programme`), mission);
    await browser.execute((m) => (window.location.hash = `#/missions/${m}/sites`), mission);
    await browser.waitUntil(async () => (await (await browser.$('[data-testid="setting-detourFactor"]')).getValue()) === "1,3", {
      timeout: 10_000,
      timeoutMsg: "the detour factor typed with a comma was not kept",
    });
    assert.equal(await (await browser.$('[data-testid="setting-roadSpeedKmh"]')).getValue(), "70");

    // ——— The delegation: a sub-group, two people from the directory, two typed inline, a host.
    await browser.execute((m) => (window.location.hash = `#/missions/${m}/delegation`), mission);
    await setField(browser, "new-subgroup", "Imagerie");
    await press(browser, "add-subgroup");
    await browser.waitUntil(async () => (await browser.$$('[data-testid="subgroup"]')).length === 1, { timeout: 10_000 });
    const pick = async (contact, role) => {
      await setField(browser, "member-pick", contact);
      await setField(browser, "member-new-role", role);
      await press(browser, "member-add");
      await browser.$(`[data-testid="member-row"][data-contact="${contact}"]`).then((r) => r.waitForDisplayed({ timeout: 10_000 }));
    };
    await pick(sato, "head");
    await pick(tanaka, "delegate");
    await pick(dupont, "host");
    const typed = async (given, family) => {
      await setField(browser, "member-new-role", "delegate");
      await press(browser, "member-create");
      await (await browser.$('[data-testid="member-contact-form"]')).waitForDisplayed({ timeout: 10_000 });
      await setField(browser, "member-contact-given", given);
      await setField(browser, "member-contact-family", family);
      await setField(browser, "member-contact-languages", "ja, en");
      await press(browser, "member-contact-save");
      await browser.waitUntil(async () => (await browser.$$('[data-testid="member-row"]')).length >= 1 && (await browser.$('[data-testid="member-contact-form"]').isExisting()) === false, {
        timeout: 10_000,
        timeoutMsg: `${given} ${family} was not created and added`,
      });
    };
    await typed("Kenji", "Watanabe");
    await typed("Aiko", "Mori");
    assert.equal((await browser.$$('[data-testid="member-row"]')).length, 5);
    // The same person twice is refused beside the picker.
    await setField(browser, "member-pick", sato);
    await press(browser, "member-add");
    const twice = await browser.$('[data-testid="member-error"]');
    await twice.waitForDisplayed({ timeout: 10_000 });
    assert.match(await twice.getText(), /Haruki Sato/);
    // Yui Tanaka joins the imaging track.
    const group = await (await browser.$('[data-testid="subgroup"]')).getAttribute("data-id");
    await browser.execute(
      (c, g) => {
        const el = document.querySelector(`[data-testid="member-row"][data-contact="${c}"] [data-testid="member-subgroup"]`);
        el.value = g;
        el.dispatchEvent(new Event("change", { bubbles: true }));
      },
      tanaka,
      group,
    );
    await screenshot(browser, "new-mission-03-delegation");

    // ——— Eight items in the programme, typed in each site's zone.
    await browser.execute((m) => (window.location.hash = `#/missions/${m}/programme`), mission);
    await (await browser.$('[data-testid="programme-editor"]')).waitForDisplayed({ timeout: 15_000 });
    const items = [
      [TITLES.briefing, "meeting", tokyo, "2026-03-06", "09:00", "10:30", ""],
      [TITLES.welcome, "reception", liege, "2026-03-09", "09:00", "09:45", ""],
      [TITLES.imaging, "visit", liege, "2026-03-09", "10:00", "11:30", group],
      [TITLES.lunch, "meal", liege, "2026-03-09", "12:00", "13:15", ""],
      [TITLES.talks, "meeting", liege, "2026-03-10", "14:00", "15:00", ""],
      [TITLES.transfer, "travel", liege, "2026-03-11", "08:30", "09:15", ""],
      [TITLES.pitches, "presentation", wavre, "2026-03-11", "09:30", "12:00", ""],
      [TITLES.closing, "reception", wavre, "2026-03-11", "18:00", "20:00", ""],
    ];
    for (const [title, kind, site, date, start, end, subgroup] of items) {
      await press(browser, "new-item");
      await (await browser.$('[data-testid="item-form"]')).waitForDisplayed({ timeout: 10_000 });
      await setField(browser, "item-title", title);
      await setField(browser, "item-kind", kind);
      // The site first: its zone is the one the times are typed in.
      await setField(browser, "item-site", site);
      if (subgroup) await setField(browser, "item-subgroup", subgroup);
      await setField(browser, "item-date", date);
      await setField(browser, "item-start", start);
      await setField(browser, "item-end", end);
      await press(browser, "item-save");
      await browser.waitUntil(async () => title in instants(db, mission), { timeout: 15_000, timeoutMsg: `${title} was not saved` });
    }
    const saved = instants(db, mission);
    assert.equal(Object.keys(saved).length, 8);
    assert.deepEqual(saved[TITLES.briefing], [Date.parse("2026-03-06T09:00+09:00"), Date.parse("2026-03-06T10:30+09:00")], "09:00 in Tokyo");
    assert.deepEqual(saved[TITLES.talks], [Date.parse("2026-03-10T14:00+01:00"), Date.parse("2026-03-10T15:00+01:00")], "14:00 in Liège");

    // Open and save each item twice without changing it: nothing moves.
    await click(browser, '[data-testid="view-list"]');
    const openItem = async (title, date) => {
      await click(browser, `[data-testid="day-tab"][data-date="${date}"]`);
      const link = await browser.$(`//*[@data-testid="list-row"]//button[normalize-space()="${title}"]`);
      await link.waitForDisplayed({ timeout: 10_000 });
      await browser.execute((el) => el.click(), link);
      await (await browser.$('[data-testid="item-form"]')).waitForDisplayed({ timeout: 10_000 });
      await browser.waitUntil(async () => (await value(browser, "item-title")) === title, { timeout: 10_000 });
    };
    // The day tabs name the days in French; the Tokyo briefing is on 6 March in Brussels too.
    const dayTabs = await browser.$$('[data-testid="day-tab"]').map((d) => d.getText());
    assert.ok(dayTabs.some((d) => /ven\.? 6 mars/.test(d)), `French day names: ${dayTabs.join(" | ")}`);
    for (let round = 0; round < 2; round++) {
      for (const [title, , , date] of items) {
        const tabDate = title === TITLES.briefing ? "2026-03-06" : date;
        await openItem(title, tabDate);
        await press(browser, "item-save");
        await browser.waitUntil(async () => !(await browser.$('[data-testid="item-form"]').isExisting()), {
          timeout: 10_000,
          timeoutMsg: `${title}: the form did not close after saving`,
        }).catch(() => {});
      }
    }
    assert.deepEqual(instants(db, mission), saved, "opened and saved twice unchanged: every instant is unchanged");

    // An end before the start is refused beside the end field, and nothing is written.
    await openItem(TITLES.imaging, "2026-03-09");
    await setField(browser, "item-end", "09:30");
    await press(browser, "item-save");
    const endError = await browser.$('[data-testid="field-error-end"]');
    await endError.waitForDisplayed({ timeout: 10_000 });
    await screenshot(browser, "new-mission-04-end-before-start");
    assert.deepEqual(instants(db, mission), saved, "the refused save changed nothing");
    // Times on the 24-hour clock in the list.
    await click(browser, '[data-testid="day-tab"][data-date="2026-03-11"]');
    const listTimes = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="list-view"] [data-testid="row-start"], [data-testid="list-view"] [data-testid="row-end"]')].map((i) => i.value),
    );
    assert.ok(listTimes.includes("18:00") && listTimes.includes("20:00"), `24-hour times: ${listTimes.join(" ")}`);
    assert.ok(listTimes.every((v) => /^\d\d:\d\d$/.test(v)), `no AM/PM: ${listTimes.join(" ")}`);

    // ——— The Liège requests, scheduled around the Tokyo briefing.
    for (const who of [sato, tanaka]) {
      cli(db, "request-add", "--mission", mission, "--participants", `${who},${dupont}`, "--sites", liege, "--priority", "must");
    }
    await browser.execute((m) => (window.location.hash = `#/missions/${m}/requests`), mission);
    await press(browser, "schedule-run");
    await (await browser.$('[data-testid="schedule-score"]')).waitForDisplayed({ timeout: 60_000 });
    const placed = () =>
      cli(db, "list", "agenda", "--mission", mission).filter((i) => i.participants.some((p) => p.id === dupont) && i.site?.id === liege);
    await browser.waitUntil(async () => placed().length === 2, {
      timeout: 60_000,
      timeoutMsg: "the two Liège requests were not placed",
    });
    await screenshot(browser, "new-mission-05-scheduled");
    const meetings = placed();
    for (const m of meetings) assert.ok(m.start >= "2026-03-09" && m.start < "2026-03-12", `${m.title} during the stay`);

    // ——— The next mission, started from this one.
    await browser.execute(() => (window.location.hash = "#/missions"));
    await press(browser, "new-mission");
    await (await browser.$('[data-testid="mission-form"]')).waitForDisplayed({ timeout: 10_000 });
    await setField(browser, "mission-from", mission);
    await setField(browser, "mission-title-input", "Medtech japonaise, deuxième vague");
    await setField(browser, "mission-start", "11/05/2026");
    await setField(browser, "mission-end", "13/05/2026");
    await press(browser, "mission-form-save");
    await browser.waitUntil(async () => cli(db, "list", "missions").length === 2, { timeout: 15_000 });
    const next = cli(db, "list", "missions").find((m) => m.id !== mission).id;
    const nextSites = cli(db, "list", "sites", "--mission", next).map((s) => s.name).sort();
    assert.deepEqual(nextSites, ["CHU de Liège", "JETRO Tokyo — salle de briefing", "Parc scientifique de Wavre"]);
    const nextItems = Object.fromEntries(cli(db, "list", "agenda", "--mission", next).map((i) => [i.title, i.start]));
    assert.equal(nextItems[TITLES.briefing], "2026-05-08T09:00:00+09:00", "the skeleton moves to the new dates");
    assert.equal(nextItems[TITLES.welcome], "2026-05-11T09:00:00+02:00", "at the same wall-clock time");
    await browser.execute((m) => (window.location.hash = `#/missions/${m}/programme`), next);
    await (await browser.$('[data-testid="day-tab"][data-date="2026-05-11"]')).waitForDisplayed({ timeout: 15_000 });
    await screenshot(browser, "new-mission-06-second-mission");

    // ——— The programme printed in French: the delegation page has no overlapping line.
    await browser.execute((m) => (window.location.hash = `#/missions/${m}/documents`), mission);
    await (await browser.$('[data-testid="documents-page"]')).waitForDisplayed({ timeout: 60_000 });
    await setField(browser, "documents-kind", "programme");
    await setField(browser, "documents-lang", "fr");
    await press(browser, "documents-save-pdf");
    const pdf = await waitForFile(exports, ".pdf");
    const pages = pdfLines(pdf);
    const delegation = pages.filter((lines) => lines.some((l) => /Sato/.test(l.text)) && lines.some((l) => /Watanabe/.test(l.text)));
    assert.ok(delegation.length > 0, "the programme has a delegation page naming every member");
    for (const lines of delegation) assert.deepEqual(overlaps(lines), [], "no line of the delegation page overlaps another");
  } catch (e) {
    await screenshot(browser, "new-mission-failure").catch(() => {});
    throw e;
  } finally {
    await close();
    delete process.env.PASSERELLE_E2E_EXPORT_DIR;
  }
});
