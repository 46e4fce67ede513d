// Issue 17's "Done when", walked in the real window as a new planner would, in French, on a copy
// of the demo mission: the interest form's template saved (French and English, as CSV for a
// form tool); 30 Liège doctors and companies answer it, 20 in a Google Forms export of the
// French form and 12 in a Microsoft Forms workbook of the English one (two answer both), both
// imported through the wizard (the two found again, not added twice); the scheduler run and its
// proposals accepted in the programme's list; 42 confirmation drafts written (12 delegates + 30
// respondents), each read by Python's `email` package with its itinerary PDF (pdftotext) and its
// calendar intact; the briefing book saved in French and English; a six-month survey imported;
// results typed on two scheduled meetings (one about the technology its answer named, one
// naming none); the report shows agreements and euros by technology. Screenshots of the drafts and the report in French and
// Chinese.
//
// Set up outside the window, as the copy of the demo would hold it: the delegates' e-mail
// addresses (`contact edit`; the window's contact form does the same, one person at a time).
// Native file dialogs cannot be driven by WebDriver: under PASSERELLE_E2E_IMPORT_DIR /
// PASSERELLE_E2E_EXPORT_DIR the backend takes a file name (`?e2e=FILE` in the hash) instead.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, readdirSync, renameSync } from "node:fs";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { CLI, click as clickShown, dataDir, inLocale, openApp, screenshot, setField, tempDir } from "./harness.mjs";

const MISSION = "mis_tsha_wallonia_2025";
const FILES = resolve(import.meta.dirname, "local_walk_files.py");
const SKELETON = resolve(import.meta.dirname, "../fixtures/forms/microsoft-forms.xlsx");

function cli(db, args) {
  return JSON.parse(execFileSync(CLI, ["--db", db, ...args]).toString());
}

/** Clicks once shown; the walk's heavier steps (the scheduler, 42 drafts) take longer to show. */
const click = (browser, target) => clickShown(browser, target, { timeout: 20_000 });

async function textOf(browser, testid, timeout = 20_000) {
  const el = await browser.$(`[data-testid="${testid}"]`);
  await el.waitForDisplayed({ timeout });
  return el.getText();
}

async function go(browser, path) {
  await browser.execute((p) => (window.location.hash = p), `#/missions/${MISSION}/${path}`);
}

/** Scrolls `selector`'s top just below the mission's sticky tabs, for a screenshot. */
async function showTop(browser, selector) {
  await browser.execute((sel) => {
    const el = document.querySelector(sel);
    const tab = document.querySelector('[data-testid="tab-report"]');
    const below = tab ? tab.getBoundingClientRect().bottom + 12 : 0;
    window.scrollBy(0, el.getBoundingClientRect().top - below);
  }, selector);
}

async function waitForFile(path) {
  for (let i = 0; i < 200 && !existsSync(path); i++) await sleep(100);
  assert.ok(existsSync(path), `${path} written`);
}

/** Saves a form's template from its wizard (`id`: form, survey-six-months) as CSV in `lang`. */
async function saveTemplate(browser, id, lang, exportDir, stem) {
  await setField(browser, `${id}-lang`, lang);
  await setField(browser, `${id}-format`, "csv");
  await click(browser, `${id}-save-template`);
  const written = join(exportDir, `${stem}.csv`);
  await waitForFile(written);
  const kept = join(exportDir, `${stem}-${lang}.csv`);
  renameSync(written, kept);
  return kept;
}

/** Imports a response file through a form's wizard; returns the dry run's and the import's words. */
async function importThroughWizard(browser, id, tab, file) {
  await go(browser, `${tab}?e2e=${file}`);
  await click(browser, `${id}-import`);
  await click(browser, `${id}-preview`);
  const dryRun = await textOf(browser, `${id}-summary`);
  await click(browser, `${id}-commit`);
  const done = await textOf(browser, `${id}-done`);
  return { dryRun, done };
}

test("issue 17's Done-when in the window: forms, scheduler, 42 drafts, briefing book, survey, results by technology", async () => {
  const dir = dataDir({ seed: "taiwan-wallonia-2025" });
  const db = join(dir, "passerelle.sqlite3");
  for (let n = 1; n <= 12; n++) {
    const id = `con_delegate_${String(n).padStart(2, "0")}`;
    execFileSync(CLI, ["--db", db, "contact", "edit", "--id", id, "--email", `delegate.${n}@tsha.example.tw`]);
  }
  const importDir = tempDir("passerelle-e2e-walk-in-");
  const exportDir = tempDir("passerelle-e2e-walk-out-");
  process.env.PASSERELLE_E2E_IMPORT_DIR = importDir;
  process.env.PASSERELLE_E2E_EXPORT_DIR = exportDir;

  const { browser, close } = await openApp(dir);
  try {
    await (await browser.$('[data-testid="mission-card"]')).waitForDisplayed({ timeout: 30_000 });
    await inLocale(browser, "fr", "fr-BE");

    // 1. The interest form's template, in French and in English, as CSV for a form tool.
    await go(browser, "requests");
    const formFr = await saveTemplate(browser, "form", "fr", exportDir, "interest-form");
    const formEn = await saveTemplate(browser, "form", "en", exportDir, "interest-form");

    // 2. 30 people answer: 20 in Google Forms (French), 12 in Microsoft Forms (English).
    const people = JSON.parse(execFileSync("/usr/bin/python3", [FILES, "interest", formFr, formEn, SKELETON, importDir]).toString());
    assert.equal(people.length, 30);
    const google = await importThroughWizard(browser, "form", "requests", "google-forms-fr.csv");
    assert.match(google.dryRun, /^20 nouvelles personnes, 0 personne trouvée dans l’annuaire/, google.dryRun);
    assert.match(google.done, /20 nouvelles personnes, 0 personne trouvée dans l’annuaire, 20 demandes/, google.done);
    await click(browser, "form-again");
    const microsoft = await importThroughWizard(browser, "form", "requests", "microsoft-forms.xlsx");
    // The two who answered both are found again, not added twice.
    assert.match(microsoft.done, /10 nouvelles personnes, 2 personnes trouvées dans l’annuaire, 12 demandes/, microsoft.done);
    await screenshot(browser, "walk-01-forms-imported");

    // 3. The scheduler: every request gets a meeting; the proposals accepted in the programme.
    await click(browser, "schedule-run");
    const score = await textOf(browser, "schedule-score", 60_000);
    assert.match(score, /30 demandes sur 30/, score);
    await go(browser, "programme");
    await click(browser, "view-list");
    let accepted = 0;
    const days = await browser.execute(() => [...document.querySelectorAll('[data-testid="day-tab"]')].map((b) => b.dataset.date));
    for (const day of days) {
      await click(browser, `[data-testid="day-tab"][data-date="${day}"]`);
      await browser.waitUntil(async () => browser.execute(() => document.querySelector('[data-testid="list-row"]') !== null), {
        timeout: 10_000,
        timeoutMsg: `the list of ${day} did not show`,
      });
      for (;;) {
        const left = await browser.execute(() => document.querySelectorAll('tr.proposed[data-testid="list-row"]').length);
        if (left === 0) break;
        await browser.execute(() => document.querySelector('tr.proposed[data-testid="list-row"] td.actions button').click());
        await browser.waitUntil(
          async () => (await browser.execute(() => document.querySelectorAll('tr.proposed[data-testid="list-row"]').length)) < left,
          { timeout: 10_000, timeoutMsg: "an accepted proposal stayed proposed" },
        );
        accepted++;
      }
    }
    assert.equal(accepted, 30);

    // 4. The confirmation drafts, one per person: 12 delegates and the 30 respondents.
    await go(browser, "documents");
    await click(browser, '[data-testid="mail"] summary');
    await setField(browser, "mail-template", "confirmation");
    await setField(browser, "mail-to", "all");
    await browser.waitUntil(async () => /\b42\b/.test(await textOf(browser, "mail-count")), {
      timeout: 30_000,
      timeoutMsg: "42 drafts were not announced",
    });
    await showTop(browser, '[data-testid="mail"]');
    await screenshot(browser, "walk-02-drafts-fr");
    await click(browser, "mail-write");
    await (await browser.$('[data-testid="mail-written"]')).waitForDisplayed({ timeout: 120_000 });
    const draftsDir = join(exportDir, "drafts");
    const drafts = readdirSync(draftsDir).filter((f) => f.endsWith(".eml")).map((f) => join(draftsDir, f));
    assert.equal(drafts.length, 42);
    const checked = JSON.parse(
      execFileSync("/usr/bin/python3", [
        "-c",
        `import email, email.policy, json, subprocess, sys
to = []
for p in sys.argv[1:]:
    m = email.message_from_bytes(open(p, "rb").read(), policy=email.policy.default)
    assert m["X-Unsent"] == "1", p
    parts = {a.get_content_type(): a.get_content() for a in m.iter_attachments()}
    assert sorted(parts) == ["application/pdf", "text/calendar"], (p, sorted(parts))
    text = subprocess.run(["pdftotext", "-", "-"], input=parts["application/pdf"], capture_output=True, check=True).stdout
    assert len(text.strip()) > 100, p
    ics = parts["text/calendar"]
    ics = ics.decode() if isinstance(ics, bytes) else ics
    assert ics.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in ics, p
    to += [a.addr_spec for a in m["To"].addresses]
print(json.dumps(to))`,
        ...drafts,
      ]).toString(),
    );
    assert.equal(checked.length, 42);
    for (const p of people) assert.ok(checked.includes(p.email), `a draft to ${p.email}`);
    for (let n = 1; n <= 12; n++) assert.ok(checked.includes(`delegate.${n}@tsha.example.tw`), `a draft to delegate ${n}`);

    // 5. The briefing book in French and English, side by side.
    await (await browser.$('[data-testid="documents"]')).scrollIntoView({ block: "start" });
    await setField(browser, "documents-kind", "briefing");
    await setField(browser, "documents-lang", "fr+en");
    await click(browser, "documents-save-pdf");
    const briefing = join(exportDir, "briefing-fr-en.pdf");
    await waitForFile(briefing);
    await sleep(500);
    const book = execFileSync("pdftotext", [briefing, "-"], { encoding: "utf8" });
    assert.match(book, /Délégation|délégation/);
    assert.match(book, /Delegation|delegation/);

    // 6. The six-month survey: its template saved in French, 24 answers imported.
    await go(browser, "report");
    const surveyFr = await saveTemplate(browser, "survey-six-months", "fr", exportDir, "survey-six-months");
    execFileSync("/usr/bin/python3", [FILES, "six-months", surveyFr, importDir]);
    const six = await importThroughWizard(browser, "survey-six-months", "report", "six-months-fr.csv");
    assert.match(six.done, /Importé\s: 24 réponses, 24 rencontres évaluées\./, six.done);
    const ratings = await textOf(browser, "survey-ratings");
    assert.match(ratings, /Accord conclu/);

    // 7. Results on two scheduled meetings: one whose answer named no technology, and one about
    //    the technology its answer named (the request's, inherited by the meeting).
    const agenda = cli(db, ["list", "agenda", "--mission", MISSION]);
    const met = agenda.find((i) => i.title.includes(people[0].name) && i.status === "tentative");
    assert.ok(met, `${people[0].name}'s meeting`);
    assert.deepEqual(met.technologies, [], `${people[0].name} named no technology`);
    const about = agenda.find(
      (i) => i.status === "tentative" && i.technologies.length > 0 && people.some((p) => i.title.includes(p.name)),
    );
    assert.ok(about, "a scheduled meeting about the technology its answer named");
    const tech = about.technologies[0];
    const results = [
      { item: met, agreement: "mou", value: "40 000", technology: null },
      { item: about, agreement: "clinical_trial_protocol", value: "250 000", technology: tech.id },
    ];
    await go(browser, "today");
    for (const r of results) {
      await click(browser, `today-day-${r.item.start.slice(0, 10)}`);
      await click(browser, `[data-item="${r.item.id}"] [data-testid="open-outcome"]`);
      await (await browser.$('[data-testid="outcome-form"]')).waitForDisplayed({ timeout: 10_000 });
      await setField(browser, "outcome-type", "partnership");
      if (r.technology) await click(browser, `technology-${r.technology}`);
      await browser.execute(() => (document.querySelector('[data-testid="outcome-results"]').open = true));
      await setField(browser, "outcome-agreement", r.agreement);
      await setField(browser, "outcome-value", r.value);
      await click(browser, "outcome-save");
      await browser.waitUntil(async () => !(await (await browser.$('[data-testid="outcome-form"]')).isExisting()), {
        timeout: 10_000,
        timeoutMsg: "the outcome was not recorded",
      });
    }

    // 8. The report: agreements and euros by technology, the outcome naming none on its own row.
    await go(browser, "report");
    const byTech = await browser.$('[data-testid="kpi-by-technology"]');
    await byTech.waitForDisplayed({ timeout: 15_000 });
    await byTech.scrollIntoView({ block: "start" });
    const rows = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="kpi-by-technology"] tbody tr')].map((tr) =>
        [...tr.querySelectorAll("td")].map((td) => td.textContent.replace(/\s/g, "")),
      ),
    );
    const named = rows.find((r) => r[0].includes(tech.name.replace(/\s/g, "")));
    assert.deepEqual(named?.slice(1, 3), ["1", "250000,00€"], JSON.stringify(rows));
    assert.deepEqual(rows.at(-1).slice(0, 3), ["Aucunetechnologienommée", "1", "40000,00€"], JSON.stringify(rows));
    await showTop(browser, '[data-testid="kpi-rule"]');
    await screenshot(browser, "walk-03-report-fr");
    await inLocale(browser, "zh-TW", "zh-TW");
    await showTop(browser, '[data-testid="kpi-rule"]');
    assert.match(await byTech.getText(), /未指明技術/);
    await screenshot(browser, "walk-04-report-zh-TW");
    await go(browser, "documents");
    await click(browser, '[data-testid="mail"] summary');
    await setField(browser, "mail-template", "confirmation");
    await browser.waitUntil(async () => /\b42\b/.test(await textOf(browser, "mail-count")), {
      timeout: 30_000,
      timeoutMsg: "42 drafts were not announced in Chinese",
    });
    await showTop(browser, '[data-testid="mail"]');
    await screenshot(browser, "walk-05-drafts-zh-TW");
  } finally {
    await close();
  }
});
