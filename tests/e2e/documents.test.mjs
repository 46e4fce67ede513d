// Printed documents in the real window: the seeded Taiwan–Wallonia mission's Documents tab shows
// a preview of the programme, the language can be switched, and Save as PDF / Export calendar
// write a real PDF and a real iCalendar file; Print sends the documents to a real print service
// (CUPS with the cups-pdf virtual printer, set up by print-queue.sh), which prints them as files.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { dataDir, openApp, screenshot, tempDir } from "./harness.mjs";

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
  const exports = tempDir("passerelle-e2e-documents-");
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
    const icsPath = await waitForFile(exports, ".ics");
    const ics = readFileSync(icsPath, "utf8");
    assert.match(ics, /BEGIN:VCALENDAR/);
    // Read back as a calendar application would (an independent RFC 5545 parser): the Liège
    // doctors' hour is 14:00–15:00 in Brussels, 20:00–21:00 in Taipei.
    const events = JSON.parse(execFileSync("/usr/bin/python3", [join(import.meta.dirname, "ics_times.py"), icsPath]).toString());
    const liege = events.find((e) => e.uid.startsWith("itm_d2_one_to_one_cardiology."));
    assert.ok(liege, "the Liège cardiology one-to-ones are in the calendar");
    assert.deepEqual(liege.brussels, ["2025-06-27 14:00", "2025-06-27 15:00"]);
    assert.deepEqual(liege.taipei, ["2025-06-27 20:00", "2025-06-27 21:00"]);
    assert.equal(new Set(events.map((e) => e.uid)).size, events.length, "one UID per event");
  } finally {
    await close();
  }
});

// cups-pdf writes each printed job as a PDF in the printing user's ~/PDF.
const PRINTED = join(homedir(), "PDF");
const QUEUE = "Passerelle-Test-PDF";
const jobs = () => (existsSync(PRINTED) ? readdirSync(PRINTED).filter((f) => f.endsWith(".pdf")) : []);
const pages = (pdf) => Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdf]).toString())[1]);
const text = (pdf) => execFileSync("pdftotext", ["-layout", pdf, "-"]).toString();

test("print the programme in French and in English/Traditional Chinese, an itinerary and the name cards", async () => {
  const dir = dataDir({ seed: "taiwan-wallonia-2025" });
  const { browser, close } = await openApp(dir);
  const printed = [];
  try {
    await browser.waitUntil(async () => browser.execute(() => document.querySelector("main") !== null), {
      timeout: 30_000,
      timeoutMsg: "the window did not open",
    });
    await browser.execute((m) => (window.location.hash = `#/missions/${m}/documents`), MISSION);
    await (await browser.$('[data-testid="documents-page"]')).waitForDisplayed({ timeout: 30_000 });
    const printer = await browser.$('[data-testid="documents-printer"]');
    await printer.waitForDisplayed({ timeout: 10_000 });
    await printer.selectByAttribute("value", QUEUE);

    const print = async (kind, lang, participant) => {
      await (await browser.$('[data-testid="documents-kind"]')).selectByAttribute("value", kind);
      await (await browser.$('[data-testid="documents-lang"]')).selectByAttribute("value", lang);
      if (participant) await (await browser.$('[data-testid="documents-participant"]')).selectByIndex(participant);
      const before = new Set(jobs());
      await (await browser.$('[data-testid="documents-print"]')).click();
      const notice = await browser.$('[data-testid="documents-notice"]');
      await browser.waitUntil(async () => new RegExp(`${QUEUE}-\\d+`).test(await notice.getText().catch(() => "")), {
        timeout: 60_000,
        timeoutMsg: `the print service did not accept the ${kind} (${lang})`,
      });
      // The job comes out of the virtual printer as a file.
      let job = null;
      await browser.waitUntil(() => (job = jobs().find((f) => !before.has(f)) ?? null) !== null, {
        timeout: 90_000,
        interval: 250,
        timeoutMsg: `the ${kind} (${lang}) never came out of the printer in ${PRINTED}`,
      });
      // The copy Passerelle kept is the exact file it sent.
      const sent = join(dir, "printed", `${MISSION}-${kind}-${lang.replace("+", "-")}.pdf`);
      printed.push({ kind, lang, sent, job: join(PRINTED, job) });
    };

    await print("programme", "fr", 0);
    await screenshot(browser, "documents-02-printed");
    await print("programme", "en+zh-TW", 0);
    await print("itinerary", "fr", 1);
    await print("cards", "en+zh-TW", 0);
  } finally {
    await close();
  }

  for (const { kind, lang, sent, job } of printed) {
    // Wait until cups-pdf has finished writing the file, then compare it with what was sent.
    let n = 0;
    for (let i = 0; i < 100 && !n; i++) {
      try {
        n = pages(job);
      } catch {
        await new Promise((r) => setTimeout(r, 300));
      }
    }
    assert.ok(n > 0, `the printed ${kind} (${lang}) is a readable PDF`);
    assert.equal(n, pages(sent), `every page of the ${kind} (${lang}) was printed`);
  }
  const [programmeFr, programmeZh, itinerary, cards] = printed.map((p) => text(p.sent));
  assert.match(programmeFr, /jeudi 26 juin 2025/i);
  assert.match(programmeFr, /CHC Mont Légia/);
  assert.match(programmeZh, /Thursday 26 June 2025/);
  assert.match(programmeZh, /行程表/);
  // The seed's Chinese titles, under the English ones: the mission's and the group photo's.
  assert.match(programmeZh, /臺灣智慧醫療聯盟/);
  assert.match(programmeZh, /大合照/);
  assert.match(itinerary, /ITINÉRAIRE|Itinéraire/);
  assert.match(cards, /[\u4e00-\u9fff]/, "name cards carry the Chinese names");
});
