// Issue 18's "Done when", walked in the real window as a new user would, in French, on the demo
// mission: the planner adds two hotels to the directory, enters the delegation's flights (one
// lands at 11:40 on the first day, after a visit she adds at 10:30 for the whole delegation),
// the hotel nights, a 14-seat coach for the Charleroi → Liège transfer, three dietary needs with
// consent, the costs (the coach's invoice attached: a folder refused beside the field first), and
// the languages of a Liège doctor in the contact form. The checks show the visit before the late
// arrival, the coach two seats short and the Liège meeting with no shared language; fixing each
// clears it. The rooming list, the driver's sheet, the caterer's counts, the budget and the
// report's cost per meeting come out as files, read back; nothing about a diet is in any file
// but the caterer's. Screenshots of the budget form with its invoice and of the checks in French
// and in Chinese.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { CLI, DEMO_MISSION as MISSION, click, inLocale, openDemo, openTab, screenshot, setField, tempDir } from "./harness.mjs";

const DAY1 = "2025-06-26";
const LIEGE_DAY = "2025-06-27";
const D3 = "con_delegate_03";
const DELEGATES = Array.from({ length: 12 }, (_, i) => `con_delegate_${String(i + 1).padStart(2, "0")}`);
const ORGANISER = "con_philippe_tzou";
const VISIT = "Visite du laboratoire de simulation";
// What a caterer's sheet says of the three needs; no other file may say it.
const DIET_WORDS = ["Végétarien", "Halal", "Sans gluten", "Allergie", "fauteuil", "vegetarian", "halal", "gluten_free"];

function cli(db, args) {
  return JSON.parse(execFileSync(CLI, ["--db", db, ...args, "--json"]).toString());
}

/** The programme's checks as the CLI reads them: { kind, code, items }. */
function checks(db) {
  return cli(db, ["check", "--mission", MISSION]).conflicts.map((c) => ({ kind: c.kind, code: c.code, items: c.items, message: c.message }));
}

async function conflictTexts(browser) {
  return browser.execute(() => [...document.querySelectorAll('[data-testid="conflict"]')].map((c) => c.textContent));
}

async function waitForCheck(browser, pattern, what) {
  let found;
  await browser.waitUntil(async () => (found = (await conflictTexts(browser)).find((t) => pattern.test(t))) !== undefined, {
    timeout: 20_000,
    timeoutMsg: `no check ${what} in the window`,
  });
  return found;
}

/** Brings the checks panel into view (for a screenshot). */
async function showChecks(browser) {
  await browser.execute(() => document.querySelector('[data-testid="conflict"]')?.scrollIntoView({ block: "center" }));
}

async function waitForFile(dir, name) {
  const path = join(dir, name);
  for (let i = 0; i < 150 && !existsSync(path); i++) await sleep(100);
  assert.ok(existsSync(path), `${name} was not written`);
  await sleep(200);
  return path;
}

async function openDay(browser, date) {
  await openTab(browser, "programme");
  const tab = await browser.$(`[data-testid="day-tab"][data-date="${date}"]`);
  await tab.waitForDisplayed({ timeout: 15_000 });
  await tab.click();
  await (await browser.$('[data-testid="programme-editor"]')).waitForDisplayed({ timeout: 15_000 });
}

/** The day view's event whose text contains `text`. */
async function eventNamed(browser, text) {
  const el = await browser.execute(
    (t) => [...document.querySelectorAll(".ec-event")].find((e) => e.textContent.includes(t)) ?? null,
    text,
  );
  return el ? browser.$(el) : null;
}

async function newHotel(browser, name, address, postalCode, city) {
  await browser.execute(() => (window.location.hash = "#/organisations"));
  await click(browser, "organisation-new");
  await setField(browser, "org-field-name", name);
  await setField(browser, "org-field-kind", "company");
  await setField(browser, "org-field-address", address);
  await setField(browser, "org-field-postalCode", postalCode);
  await setField(browser, "org-field-city", city);
  await setField(browser, "org-field-country", "BE");
  await setField(browser, "org-field-tz", "Europe/Brussels");
  await click(browser, "organisation-form-save");
  const shown = await browser.$('[data-testid="organisation-name"]');
  await shown.waitForDisplayed({ timeout: 15_000 });
  await browser.waitUntil(async () => (await shown.getText()) === name, { timeout: 10_000 });
}

/** Opens a member's arrival or departure form on the Delegation tab and fills it. */
async function enterLeg(browser, db, contact, kind, date, time, place, reference) {
  const row = `[data-testid="logistics-row"][data-contact="${contact}"]`;
  await click(browser, `${row} [data-testid="logistics-${kind}-edit"]`);
  await (await browser.$('[data-testid="travel-form"]')).waitForDisplayed({ timeout: 5_000 });
  await setField(browser, "travel-date", date);
  await setField(browser, "travel-time", time);
  await setField(browser, "travel-place", place);
  await setField(browser, "travel-reference", reference);
  const before = cli(db, ["travel", "list", "--mission", MISSION]).length;
  await click(browser, "travel-save");
  await browser.waitUntil(async () => cli(db, ["travel", "list", "--mission", MISSION]).length === before + 1, {
    timeout: 10_000,
    timeoutMsg: `${contact}'s ${kind} was not saved`,
  });
}

async function enterStay(browser, db, contact, hotelId) {
  const row = `[data-testid="logistics-row"][data-contact="${contact}"]`;
  await click(browser, `${row} [data-testid="logistics-stay-add"]`);
  await (await browser.$('[data-testid="stay-form"]')).waitForDisplayed({ timeout: 5_000 });
  await setField(browser, "stay-hotel", hotelId);
  await setField(browser, "stay-check-in", DAY1);
  await setField(browser, "stay-check-out", LIEGE_DAY);
  const before = cli(db, ["stay", "list", "--mission", MISSION]).length;
  await click(browser, "stay-save");
  await browser.waitUntil(async () => cli(db, ["stay", "list", "--mission", MISSION]).length === before + 1, {
    timeout: 10_000,
    timeoutMsg: `${contact}'s stay was not saved`,
  });
}

async function setLanguages(browser, contact, languages) {
  await browser.execute((c) => (window.location.hash = `#/contacts/${c}`), contact);
  await click(browser, "contact-edit");
  await setField(browser, "field-languages", languages);
  await click(browser, "contact-form-save");
  await browser.waitUntil(async () => !(await browser.$('[data-testid="field-languages"]').isExisting()), {
    timeout: 10_000,
    timeoutMsg: "the contact form did not close",
  });
}

async function coachSeats(browser, seats) {
  await openTab(browser, "delegation");
  await (await browser.$('[data-testid="vehicle-row"]')).waitForDisplayed({ timeout: 15_000 });
  await click(browser, "vehicle-edit");
  await setField(browser, "vehicle-seats", String(seats));
  await click(browser, "vehicle-save");
}

async function saveDocument(browser, exports, kind, name, { xlsx = false } = {}) {
  await openTab(browser, "documents");
  await (await browser.$('[data-testid="documents-kind"]')).waitForDisplayed({ timeout: 30_000 });
  await (await browser.$('[data-testid="documents-kind"]')).selectByAttribute("value", kind);
  await (await browser.$('[data-testid="documents-lang"]')).selectByAttribute("value", "fr");
  await click(browser, "documents-save-pdf");
  const pdf = await waitForFile(exports, name);
  if (xlsx) {
    await click(browser, "documents-save-xlsx");
    return [pdf, await waitForFile(exports, "rooming.xlsx")];
  }
  return [pdf];
}

const pdfText = (pdf) => execFileSync("pdftotext", ["-layout", pdf, "-"]).toString();
/** The text of a workbook: its shared strings and its sheets' inline cells. */
const xlsxText = (path) => execFileSync("unzip", ["-p", path, "xl/sharedStrings.xml", "xl/worksheets/*.xml"]).toString();
const fileText = (path) =>
  path.endsWith(".pdf") ? pdfText(path) : path.endsWith(".xlsx") ? xlsxText(path) : readFileSync(path, "utf8");

test("the logistics of the demo mission entered in the window, checked, fixed and sent out as files", async () => {
  const exports = tempDir("passerelle-e2e-walk-out-");
  const inbox = tempDir("passerelle-e2e-walk-in-");
  writeFileSync(join(inbox, "facture-autocar.pdf"), "%PDF-1.4 Voyages Léonard, facture 2025-118");
  mkdirSync(join(inbox, "factures"));
  process.env.PASSERELLE_E2E_EXPORT_DIR = exports;
  process.env.PASSERELLE_E2E_IMPORT_DIR = inbox;
  const { dir, db, browser, close } = await openDemo();
  try {
    // ——— Two hotels, added to the directory.
    await newHotel(browser, "Hôtel Charleroi Centre", "Boulevard Tirou 96", "6000", "Charleroi");
    await newHotel(browser, "Hôtel Liège Gare", "Place des Guillemins 2", "4000", "Liège");
    const orgs = cli(db, ["list", "organisations"]);
    const hotel = (name) => orgs.find((o) => o.name === name).id;
    const [charleroi, liege] = [hotel("Hôtel Charleroi Centre"), hotel("Hôtel Liège Gare")];

    // ——— The flights: eleven on BR 65 at 07:40, Délégué 3 on CI 61 at 11:40; home on the 27th.
    await openTab(browser, "delegation");
    await (await browser.$('[data-testid="logistics"]')).waitForDisplayed({ timeout: 15_000 });
    for (const who of DELEGATES) {
      const late = who === D3;
      await enterLeg(browser, db, who, "arrival", DAY1, late ? "11:40" : "07:40", "Bruxelles-National (BRU)", late ? "CI 61" : "BR 65");
      await enterLeg(browser, db, who, "departure", LIEGE_DAY, "21:30", "Bruxelles-National (BRU)", "BR 66");
    }
    const d3 = cli(db, ["travel", "list", "--mission", MISSION]).find((l) => l.contact.id === D3 && l.kind === "arrival");
    assert.equal(d3.at, "2025-06-26T11:40:00+02:00");

    // ——— The night of the 26th: six delegates and the organiser in Charleroi, six in Liège.
    for (const [i, who] of [...DELEGATES, ORGANISER].entries()) {
      await enterStay(browser, db, who, i < 6 || who === ORGANISER ? charleroi : liege);
    }

    // ——— Three dietary needs, with consent (the demo mission ended in June 2025: its needs are
    // kept longer first, which the window says beside the retention).
    await setField(browser, "needs-retention", "900");
    await click(browser, "needs-retention-save");
    for (const [who, diet] of [["con_delegate_01", "vegetarian"], ["con_delegate_05", "halal"], ["con_delegate_09", "gluten_free"]]) {
      const row = `[data-testid="needs-row"][data-contact="${who}"]`;
      await click(browser, `${row} [data-testid="needs-edit"]`);
      await click(browser, `[data-testid="needs-diet-${diet}"]`);
      await click(browser, '[data-testid="needs-consent"]');
      await setField(browser, "needs-consent-how", "form");
      await click(browser, "needs-save");
      await browser.waitUntil(async () => (await (await browser.$(`${row} [data-testid="needs-text"]`)).getText()).length > 0, {
        timeout: 10_000,
        timeoutMsg: `${who}'s needs were not saved`,
      });
    }
    assert.equal(cli(db, ["needs", "list", "--mission", MISSION]).needs.length, 3);

    // ——— A 14-seat coach.
    await click(browser, "vehicle-add");
    await setField(browser, "vehicle-name", "Autocar 1");
    await setField(browser, "vehicle-seats", "14");
    await setField(browser, "vehicle-driver", "Marc Dubois");
    await setField(browser, "vehicle-phone", "+32 475 12 34 56");
    await click(browser, "vehicle-save");
    await (await browser.$('[data-testid="vehicle-row"]')).waitForDisplayed({ timeout: 10_000 });
    const coach = cli(db, ["vehicle", "list", "--mission", MISSION])[0];

    // ——— A visit at 10:30 on the first day, for the whole delegation (nobody named).
    await openDay(browser, DAY1);
    await click(browser, "new-item");
    await (await browser.$('[data-testid="item-form"]')).waitForDisplayed({ timeout: 10_000 });
    await setField(browser, "item-title", VISIT);
    await setField(browser, "item-kind", "visit");
    await setField(browser, "item-site", "sit_marie_curie");
    await setField(browser, "item-date", DAY1);
    await setField(browser, "item-start", "10:30");
    await setField(browser, "item-end", "11:30");
    await click(browser, "item-save");
    const before = await waitForCheck(browser, /Visite du laboratoire/, "for the visit before Délégué 3 lands");
    assert.match(before, /Délégué 3/, before);
    assert.match(before, /11:40/, before);
    assert.match(before, /commence à 10:30/, before);

    // ——— The Charleroi → Liège journey becomes the coach's transfer, three Charleroi hosts on
    // board: sixteen people.
    await openDay(browser, LIEGE_DAY);
    await browser.waitUntil(async () => (await eventNamed(browser, "Trajet Charleroi")) !== null, { timeout: 15_000 });
    const journey = await eventNamed(browser, "Trajet Charleroi");
    await journey.scrollIntoView({ block: "center" });
    await journey.click();
    await (await browser.$('[data-testid="item-form"]')).waitForDisplayed({ timeout: 5_000 });
    await setField(browser, "item-kind", "transfer");
    await (await browser.$('[data-testid="item-vehicle"]')).waitForDisplayed({ timeout: 5_000 });
    await setField(browser, "item-site", "sit_mont_legia");
    await setField(browser, "item-from-site", "sit_marie_curie");
    await setField(browser, "item-vehicle", coach.id);
    const ticked = await browser.execute(() => {
      let n = 0;
      for (const label of document.querySelectorAll('[data-testid="item-participants"] label')) {
        const input = label.querySelector("input");
        if (/^(Maxime Rossi|Karim Zouaoui|Anne-Laure Cadji)/.test(label.textContent.trim()) && !input.checked) {
          input.click();
          n++;
        }
      }
      return n;
    });
    assert.equal(ticked, 3);
    await click(browser, "item-save");
    const short = await waitForCheck(browser, /il manque 2 places/, "for the coach two seats short");
    assert.match(short, /Autocar 1 a 14 places pour les 16 personnes/, short);

    // ——— A Liège doctor who speaks French only: the cardiology one-to-ones share no language.
    await setLanguages(browser, "con_liege_doctor_1", "fr");
    await openDay(browser, LIEGE_DAY);
    const mute = await waitForCheck(browser, /aucune langue en commun/, "for the Liège meeting with no shared language");
    assert.match(mute, /Médecin liégeois 1/, mute);
    assert.match(mute, /Entretiens individuels avec les médecins liégeois — parcours cardio/, mute);
    const found = checks(db);
    assert.ok(found.some((c) => c.code === "conflict.beforeArrival"), JSON.stringify(found, null, 1));
    assert.ok(found.some((c) => c.code === "conflict.seatsExceeded"));
    assert.ok(found.some((c) => c.code === "conflict.noSharedLanguage" && c.items.includes("itm_d2_one_to_one_cardiology")));
    await showChecks(browser);
    await screenshot(browser, "logistics-walk-01-checks-fr");
    await inLocale(browser, "zh-TW", "zh-TW");
    await openDay(browser, LIEGE_DAY);
    await waitForCheck(browser, /少 2 個座位/, "in Chinese");
    await showChecks(browser);
    await screenshot(browser, "logistics-walk-02-checks-zh");
    await inLocale(browser, "fr", "fr-BE");

    // ——— The costs, the coach's invoice attached (a folder is refused beside the field).
    await openTab(browser, "budget", { query: "e2e=factures" });
    await (await browser.$('[data-testid="budget-empty"]')).waitForDisplayed({ timeout: 15_000 });
    await click(browser, "cost-add");
    await setField(browser, "cost-category", "transport");
    await setField(browser, "cost-label", "Autocar Charleroi → Liège");
    await setField(browser, "cost-estimate", "1 250,50");
    await setField(browser, "cost-actual", "1300");
    await click(browser, "cost-invoice-attach");
    const refused = await browser.$('[data-testid="error-invoice"]');
    await refused.waitForDisplayed({ timeout: 5_000 });
    assert.match(await refused.getText(), /est un dossier : choisissez un fichier/);
    // The file the native dialog would give (tests cannot drive it), named in the location
    // without reloading the page.
    await browser.execute((m) => history.replaceState(null, "", `#/missions/${m}/budget?e2e=facture-autocar.pdf`), MISSION);
    await click(browser, "cost-invoice-attach");
    const attached = await browser.$('[data-testid="cost-invoice-name"]');
    await attached.waitForDisplayed({ timeout: 5_000 });
    assert.equal(await attached.getText(), "facture-autocar.pdf");
    assert.ok(!(await browser.$('[data-testid="error-invoice"]').isExisting()), "the refusal is gone once a file is attached");
    await screenshot(browser, "logistics-walk-03-invoice-form-fr");
    await click(browser, "cost-invoice-open");
    await browser.waitUntil(async () => existsSync(join(exports, "opened.txt")), { timeout: 5_000, timeoutMsg: "the invoice was not opened" });
    assert.match(readFileSync(join(exports, "opened.txt"), "utf8"), /attachments\/mis_tsha_wallonia_2025\/facture-autocar\.pdf/);
    await click(browser, "cost-save");
    await (await browser.$('[data-testid="cost-invoice"]')).waitForDisplayed({ timeout: 10_000 });
    for (const [category, label, estimate] of [
      ["hotel", "Deux hôtels, nuit du 26 juin", "2 100"],
      ["catering", "Déjeuner au CHC Mont Légia", "540"],
    ]) {
      await click(browser, "cost-add");
      await setField(browser, "cost-category", category);
      await setField(browser, "cost-label", label);
      await setField(browser, "cost-estimate", estimate);
      const before = cli(db, ["cost", "list", "--mission", MISSION]).lines.length;
      await click(browser, "cost-save");
      await browser.waitUntil(async () => cli(db, ["cost", "list", "--mission", MISSION]).lines.length === before + 1, {
        timeout: 10_000,
        timeoutMsg: `${label} was not saved`,
      });
      await browser.waitUntil(async () => (await browser.$$('[data-testid="cost-row"]')).length === before + 1, { timeout: 10_000 });
    }
    const costs = cli(db, ["cost", "list", "--mission", MISSION]);
    const coachCost = costs.lines.find((l) => l.category === "transport");
    assert.equal(coachCost.invoice, "attachments/mis_tsha_wallonia_2025/facture-autocar.pdf");
    assert.ok(existsSync(join(dir, coachCost.invoice)), "the invoice was copied into the data folder");
    assert.equal(costs.total.knownCents, 130000 + 210000 + 54000);
    // The form with its invoice, in Chinese too.
    await inLocale(browser, "zh-TW", "zh-TW");
    await openTab(browser, "budget");
    const rows = await browser.$$('[data-testid="cost-row"]');
    await (await rows[0].$('[data-testid="cost-edit"]')).click();
    await (await browser.$('[data-testid="cost-invoice-name"]')).waitForDisplayed({ timeout: 5_000 });
    await (await browser.$('[data-testid="cost-form"]')).scrollIntoView({ block: "center" });
    await screenshot(browser, "logistics-walk-04-invoice-form-zh");
    await inLocale(browser, "fr", "fr-BE");

    // ——— Fixing the checks clears them: Délégué 3 on the earlier flight, a 16-seat coach, the
    // doctor's English back.
    await openTab(browser, "delegation");
    await (await browser.$('[data-testid="logistics"]')).waitForDisplayed({ timeout: 15_000 });
    const row = `[data-testid="logistics-row"][data-contact="${D3}"]`;
    await click(browser, `${row} [data-testid="logistics-arrival-edit"]`);
    await (await browser.$('[data-testid="travel-form"]')).waitForDisplayed({ timeout: 5_000 });
    await setField(browser, "travel-time", "07:40");
    await setField(browser, "travel-reference", "BR 65");
    await click(browser, "travel-save");
    await browser.waitUntil(
      async () => cli(db, ["travel", "list", "--mission", MISSION]).find((l) => l.id === d3.id).at === "2025-06-26T07:40:00+02:00",
      { timeout: 10_000, timeoutMsg: "the earlier flight was not saved" },
    );
    await coachSeats(browser, 16);
    await browser.waitUntil(async () => cli(db, ["vehicle", "list", "--mission", MISSION])[0].seats === 16, { timeout: 10_000 });
    await setLanguages(browser, "con_liege_doctor_1", "fr, en");
    const left = checks(db).filter((c) => ["arrival", "language"].includes(c.kind) || c.code === "conflict.seatsExceeded");
    assert.deepEqual(left, [], JSON.stringify(left, null, 1));
    await openDay(browser, LIEGE_DAY);
    await sleep(1000);
    const shown = (await conflictTexts(browser)).filter((t) => /Visite du laboratoire|il manque|aucune langue en commun/.test(t));
    assert.deepEqual(shown, [], shown.join("\n"));
    await screenshot(browser, "logistics-walk-05-checks-cleared-fr");

    // ——— One Liège meeting held, so the report has a cost per meeting.
    await openTab(browser, "today");
    await click(browser, `today-day-${LIEGE_DAY}`);
    const meeting = await browser.$('[data-item="itm_d2_one_to_one_cardiology"]');
    await meeting.waitForDisplayed({ timeout: 10_000 });
    await meeting.scrollIntoView({ block: "center" });
    await (await meeting.$('[data-testid="mark-held"]')).click();
    await browser.waitUntil(
      async () => cli(db, ["list", "agenda", "--mission", MISSION]).find((i) => i.id === "itm_d2_one_to_one_cardiology").status === "held",
      { timeout: 10_000, timeoutMsg: "the meeting was not marked held" },
    );

    // ——— The files: rooming list (PDF, .xlsx), driver's sheet, caterer's sheet, programme,
    // itineraries and calendar, budget (CSV, .xlsx), report (PDF, .xlsx, CSV).
    const [roomingPdf, roomingXlsx] = await saveDocument(browser, exports, "rooming", "rooming-fr.pdf", { xlsx: true });
    const rooming = pdfText(roomingPdf);
    assert.match(rooming, /Hôtel Charleroi Centre/, rooming);
    assert.match(rooming, /Hôtel Liège Gare/, rooming);
    assert.match(rooming, /Délégué 3/, rooming);
    assert.match(xlsxText(roomingXlsx), /Hôtel Liège Gare/);
    const [driverPdf] = await saveDocument(browser, exports, "transport", "transport-fr.pdf");
    const driver = pdfText(driverPdf);
    assert.match(driver, /Autocar 1/, driver);
    assert.match(driver, /Marc Dubois/, driver);
    assert.match(driver, /\+32 475 12 34 56/, driver);
    assert.match(driver, /Hôpital civil Marie Curie/, driver);
    const [cateringPdf] = await saveDocument(browser, exports, "catering", "catering-fr.pdf");
    const catering = pdfText(cateringPdf);
    assert.match(catering, /Végétarien/, catering);
    assert.match(catering, /Halal/, catering);
    assert.match(catering, /Sans gluten/, catering);
    await saveDocument(browser, exports, "programme", "programme-fr.pdf");
    await saveDocument(browser, exports, "itinerary", "itinerary-fr.pdf");
    await click(browser, "documents-export-ics");
    await waitForFile(exports, "mission.ics");

    await openTab(browser, "budget");
    await click(browser, "budget-csv");
    const budgetCsv = readFileSync(await waitForFile(exports, "budget.csv"), "utf8");
    assert.match(budgetCsv, /transport,Autocar Charleroi → Liège,,,1250\.50,,1300\.00,,facture-autocar\.pdf/, budgetCsv);
    await click(browser, "budget-xlsx");
    assert.match(xlsxText(await waitForFile(exports, "budget.xlsx")), /facture-autocar\.pdf/);

    await openTab(browser, "report");
    const perMeeting = await browser.$('[data-testid="fig-cost-meeting"]');
    await perMeeting.waitForDisplayed({ timeout: 15_000 });
    // 3 940,00 € for the one meeting held.
    assert.match(await perMeeting.getText(), /3\s?940,00\s?€/);
    for (const format of ["pdf", "xlsx", "csv"]) await click(browser, `report-${format}`);
    await browser.waitUntil(async () => readdirSync(exports).filter((f) => f.startsWith("mission-report-")).length === 3, {
      timeout: 30_000,
      timeoutMsg: "the report's three files were not written",
    });
    const reportPdf = join(exports, readdirSync(exports).find((f) => f.startsWith("mission-report-") && f.endsWith(".pdf")));
    assert.match(pdfText(reportPdf), /3\s?940,00\s?€/);
    const reportCsv = readFileSync(join(exports, readdirSync(exports).find((f) => f.startsWith("mission-report-") && f.endsWith(".csv"))), "utf8");
    assert.match(reportCsv, /^costs,per_meeting_held_eur,[^,]*,3940\.00$/m, reportCsv);
    assert.match(reportCsv, /^kpis\.outcomes,counting_rule,counting rule,Un accord compte à \+6/m, reportCsv);

    // ——— Nothing about a diet in any file but the caterer's.
    const files = readdirSync(exports).filter((f) => /\.(pdf|xlsx|csv|ics)$/.test(f));
    assert.ok(files.length >= 12, files.join(", "));
    for (const f of files) {
      const text = fileText(join(exports, f));
      for (const word of DIET_WORDS) {
        if (f === "catering-fr.pdf") continue;
        assert.ok(!text.toLowerCase().includes(word.toLowerCase()), `${f} mentions ${word}`);
      }
    }
  } finally {
    await close();
  }
});
