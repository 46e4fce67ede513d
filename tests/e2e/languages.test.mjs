// In French and in Traditional Chinese, on the seeded mission, no English sentence from the core
// (or an untranslated screen) appears: the test walks every screen of the window in both
// languages, and reads the programme and the change sheet back from their PDFs, and fails on the
// first English text it meets, naming the screen.
//
// What counts as English: the window's own English messages (en.json) that the other language
// translates differently, as fragments of two words or more between placeholders; and the
// sentences the core used to write in English (labels of changes, the scheduler's items, roles).
// The seed's own data (its English words for English documents, names such as "Délégué 1") is data,
// not a message, and is not looked for.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { CLI, dataDir, openApp, screenshot, tempDir } from "./harness.mjs";
import { MISSION, SCREENS, settledText } from "./screens.mjs";

const I18N = resolve(import.meta.dirname, "../../ui/src/lib/i18n");
const catalogue = (lang) => JSON.parse(readFileSync(join(I18N, `${lang}.json`), "utf8"));
const EN = catalogue("en");
// The seed's own words (in French, with English ones for English documents): a fragment of the
// window's English found in them is data when it shows, not a message.
const SEED_DIR = resolve(import.meta.dirname, "../../seeds/taiwan-wallonia-2025");
const SEED_TEXT = readdirSync(SEED_DIR)
  .filter((f) => f.endsWith(".json"))
  .map((f) => readFileSync(join(SEED_DIR, f), "utf8"))
  .join("\n");

/** English sentences the core wrote before it spoke in codes, and the change labels it stores. */
const CORE_ENGLISH = [
  /Proposed by the scheduler/,
  /\bMeeting: /,
  /\bare available\b/,
  /\bonly, but\b/,
  /\bboth work on\b/,
  /\bUndo: /,
  /\bRedo: /,
  /\bis required\b/,
  /\bdoes not exist\b/,
  /\b(Add|Move|Delete|Save|Record|Remove|Create|Archive|Erase|Mark|Split) (an?|the|to the) [a-z-]+/,
  /\bSchedule meetings\b/,
  /\bFollow-up reminders\b/,
];

/** Fragments of the English catalogue that `lang` translates: finding one means English leaked. */
function englishFragments(lang) {
  const other = catalogue(lang);
  const fragments = new Set();
  for (const [key, text] of Object.entries(EN)) {
    if (other[key] === undefined || other[key] === text) continue;
    for (const piece of text.split(/\{[^}]*\}/)) {
      const fragment = piece.trim().replace(/^[^\p{L}]+|[^\p{L}]+$/gu, "");
      if (fragment.length >= 14 && fragment.split(/\s+/).length >= 3 && !SEED_TEXT.includes(fragment)) fragments.add(fragment);
    }
  }
  return [...fragments];
}

/** The English found in `text`, if any: the fragment or the pattern, with what surrounds it. */
function englishIn(text, fragments) {
  for (const fragment of fragments) {
    const at = text.indexOf(fragment);
    if (at >= 0) return `“${fragment}” in “…${text.slice(Math.max(0, at - 40), at + fragment.length + 40)}…”`;
  }
  for (const pattern of CORE_ENGLISH) {
    const m = pattern.exec(text);
    if (m) return `${pattern} in “…${text.slice(Math.max(0, m.index - 40), m.index + m[0].length + 40)}…”`;
  }
  return null;
}

function cli(db, ...args) {
  return execFileSync(CLI, ["--db", db, ...args]).toString();
}

/** Switches the window to French and waits until it is (the app's own start may switch it back). */
async function inFrench(browser) {
  await browser.waitUntil(
    async () => {
      await browser.execute(() => document.querySelector('[data-testid="locale-fr"]').click());
      await new Promise((r) => setTimeout(r, 300));
      return browser.execute(() => document.documentElement.lang === "fr-BE");
    },
    { timeout: 15_000, timeoutMsg: "the window did not switch to French" },
  );
}

test("every screen and document of the seeded mission speaks French and Traditional Chinese only", async () => {
  const dir = dataDir({ seed: "taiwan-wallonia-2025" });
  const db = join(dir, "passerelle.sqlite3");
  // A programme published, then changed in the window by the scheduler (so that its items, the
  // requests it leaves out, the undo button and the change sheet all have something to say).
  cli(db, "programme", "publish", "--mission", MISSION);

  const { browser, close } = await openApp(dir);
  const found = [];
  try {
    await browser.waitUntil(async () => browser.execute(() => document.querySelector("main") !== null), {
      timeout: 30_000,
      timeoutMsg: "the window did not open",
    });
    // The stored preference is read as the window opens: French is chosen once the app has
    // settled, and checked again before the scheduler titles its meetings in it.
    await inFrench(browser);
    await browser.execute((m) => (window.location.hash = `#/missions/${m}/requests`), MISSION);
    for (let i = 0; i < 4; i++) {
      const accept = await browser.$('[data-testid="suggestion-accept"]');
      await accept.waitForDisplayed({ timeout: 15_000 });
      const before = (await browser.$$('[data-testid="request"]')).length;
      await browser.execute(() => document.querySelector('[data-testid="suggestion-accept"]').click());
      await browser.waitUntil(async () => (await browser.$$('[data-testid="request"]')).length === before + 1, {
        timeout: 10_000,
        timeoutMsg: "the accepted suggestion did not become a request",
      });
    }
    await inFrench(browser);
    await browser.execute(() => document.querySelector('[data-testid="schedule-run"]').click());
    await (await browser.$('[data-testid="schedule-score"]')).waitForDisplayed({ timeout: 30_000 });

    for (const lang of ["fr", "zh-TW"]) {
      const fragments = englishFragments(lang);
      assert.ok(fragments.length > 100, `only ${fragments.length} English fragments for ${lang}`);
      await browser.execute((l) => document.querySelector(`[data-testid="locale-${l}"]`).click(), lang);
      for (const [name, hash] of SCREENS) {
        await browser.execute((h) => (window.location.hash = h), hash);
        const text = await settledText(browser);
        assert.ok(text.length > 20, `${lang} ${name}: the screen shows nothing`);
        const english = englishIn(text, fragments);
        if (english) {
          found.push(`${lang} · ${name}: ${english}`);
          await screenshot(browser, `languages-${lang}-${name.replace(/\s+/g, "-")}`);
        }
      }
      // The forms a planner opens most: a new programme item, and the mission itself.
      for (const [name, tab, button, form] of [
        ["item form", "programme", "new-item", "item-form"],
        ["mission form", "programme", "mission-edit", "mission-form"],
      ]) {
        await browser.execute((m, t) => (window.location.hash = `#/missions/${m}/${t}`), MISSION, tab);
        await (await browser.$(`[data-testid="${button}"]`)).waitForExist({ timeout: 15_000 });
        await browser.execute((b) => document.querySelector(`[data-testid="${b}"]`).click(), button);
        await (await browser.$(`[data-testid="${form}"]`)).waitForDisplayed({ timeout: 10_000 });
        const text = await browser.execute((f) => document.querySelector(`[data-testid="${f}"]`).innerText, form);
        const english = englishIn(text, fragments);
        if (english) found.push(`${lang} · ${name}: ${english}`);
        await screenshot(browser, `languages-${lang}-${name.replace(/\s+/g, "-")}`);
      }
      const conflicts = await browser.execute(() => document.querySelectorAll('[data-testid="conflict"]').length);
      assert.ok(conflicts > 0, `${lang}: the programme shows no conflict to read`);
      if (lang === "zh-TW") {
        // The French names of the Chinese window ("l’Exportation") keep a Latin apostrophe: the
        // CJK fonts draw ’ one em wide.
        const [width, cjk] = await browser.execute(async () => {
          await document.fonts.load('100px "Latin Quotes"', "’");
          const measure = (family) => {
            const span = document.createElement("span");
            span.textContent = "’";
            span.style.cssText = "position: absolute; font-size: 100px; white-space: nowrap";
            if (family) span.style.fontFamily = family;
            document.querySelector("main").append(span);
            const w = span.getBoundingClientRect().width;
            span.remove();
            return w / 100;
          };
          return [measure(null), measure('"Noto Sans CJK TC"')];
        });
        assert.ok(cjk > 0.8, `the CJK font's ’ is ${cjk} em wide: the check below would not tell`);
        assert.ok(width < 0.5, `a ’ in the Chinese window is ${width} em wide`);
      }
    }
  } finally {
    await close();
  }

  // The printed programme and change sheet, read back from their PDFs.
  const out = tempDir("passerelle-e2e-languages-");
  for (const lang of ["fr", "zh-TW"]) {
    const fragments = englishFragments(lang);
    for (const [kind, extra] of [
      ["programme", []],
      ["changes", ["--versions", "1.."]],
    ]) {
      const pdf = join(out, `${kind}-${lang}.pdf`);
      cli(db, "export", kind, "--mission", MISSION, "--lang", lang, ...extra, "--out", pdf);
      const text = execFileSync("pdftotext", ["-layout", pdf, "-"]).toString();
      assert.ok(text.length > 100, `${lang} ${kind}.pdf is empty`);
      const english = englishIn(text, fragments);
      if (english) found.push(`${lang} · ${kind}.pdf: ${english}`);
    }
  }
  assert.deepEqual(found, [], `English on French or Chinese screens:\n${found.join("\n")}`);
});
