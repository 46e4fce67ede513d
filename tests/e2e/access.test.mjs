// Accessibility in the real window (issue 19, access), on the seeded Taiwan–Wallonia mission:
// (1) axe-core, injected from this package's own node_modules (nothing comes from the network),
// audits every screen (and the forms and dialogs a planner opens most) in French and in
// Traditional Chinese, and no serious or critical violation is left; no label of the window is
// left in English there; (2) the keyboard alone goes from the first screen to the Liège day,
// moves an item by one step, undoes the move, opens the item's form and closes it, with the
// focus visible at every step and given back to the item.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { Key } from "webdriverio";
import { CLI, dataDir, openApp, screenshot } from "./harness.mjs";
import { MISSION, SCREENS, settledText } from "./screens.mjs";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const I18N = resolve(import.meta.dirname, "../../ui/src/lib/i18n");
const catalogue = (lang) => JSON.parse(readFileSync(join(I18N, `${lang}.json`), "utf8"));
const LIEGE_DAY = "2025-06-27";
const PHOTO = "itm_d2_group_photo"; // 15:00–15:15 at CHC Mont Légia, movable

/** The window in `lang`, once its root says so (the app's own start may switch it back). */
async function useLanguage(browser, lang) {
  const intl = { fr: "fr-BE", en: "en-GB", "zh-TW": "zh-TW" }[lang];
  await browser.waitUntil(
    async () => {
      await browser.execute((l) => document.querySelector(`[data-testid="locale-${l}"]`)?.click(), lang);
      await new Promise((r) => setTimeout(r, 300));
      return browser.execute((i) => document.documentElement.lang === i, intl);
    },
    { timeout: 15_000, timeoutMsg: `the window did not switch to ${lang}` },
  );
}

/** axe's violations on the page as it is: [{ id, impact, help, targets }]. */
async function audit(browser) {
  if (!(await browser.execute(() => typeof window.axe === "object"))) {
    await browser.execute(`${AXE}\n;return typeof window.axe;`);
  }
  const json = await browser.executeAsync((done) => {
    window.axe
      .run(document, { resultTypes: ["violations"] })
      .then((r) =>
        done(
          JSON.stringify(
            r.violations.map((v) => ({
              id: v.id,
              impact: v.impact,
              help: v.help,
              targets: v.nodes.map((n) => {
                // A contrast failure says its colours, ratio and text size.
                const c = n.any[0]?.data;
                const why = c?.contrastRatio ? ` (${c.fgColor} on ${c.bgColor}: ${c.contrastRatio}, ${c.fontSize} ${c.fontWeight})` : "";
                return `${n.target.join(" ")}${why}`;
              }),
            })),
          ),
        ),
      )
      .catch((e) => done(JSON.stringify({ error: String(e) })));
  });
  const out = JSON.parse(json);
  if (out.error) throw new Error(`axe failed: ${out.error}`);
  return out;
}

/**
 * The window's labels (aria-label, title, placeholder, alt, text read to screen readers only)
 * that are the English of a message that `lang` says otherwise.
 */
async function englishLabels(browser, lang) {
  const en = catalogue("en");
  const other = catalogue(lang);
  const english = Object.entries(en)
    .filter(([key, text]) => other[key] !== undefined && other[key] !== text && !text.includes("{") && /\p{L}{3}/u.test(text))
    .map(([, text]) => text);
  return browser.execute((words) => {
    const set = new Set(words);
    const found = [];
    for (const el of document.querySelectorAll("[aria-label], [title], [placeholder], [alt], .visually-hidden")) {
      // A title repeating the element's own text shows that text whole where it is cut (the day
      // view's item titles): the record's words, not a label ("Break" is an item's title there).
      const title = el.getAttribute("title");
      for (const value of [
        el.getAttribute("aria-label"),
        title !== null && title.trim() === el.textContent.trim() ? null : title,
        el.getAttribute("placeholder"),
        el.getAttribute("alt"),
        el.classList.contains("visually-hidden") ? el.textContent.trim() : null,
      ]) {
        if (value && set.has(value.trim())) found.push(`${el.tagName.toLowerCase()}: “${value.trim()}”`);
      }
    }
    return found;
  }, english);
}

const click = (browser, selector) => browser.execute((s) => document.querySelector(s).click(), selector);

/** The states a screen is audited in: as it opens, then with what a planner opens on it. */
const OPENED = {
  missions: [["new mission form", '[data-testid="new-mission"]', '[data-testid="mission-form"]']],
  "mission programme": [
    ["item form", '[data-testid="new-item"]', '[data-testid="item-form"]'],
    ["mission form", '[data-testid="mission-edit"]', '[data-testid="mission-form"]'],
  ],
};

test("every screen of the seeded mission passes axe-core with no serious or critical violation, labelled in the planner's language", async () => {
  const { browser, close } = await openApp(dataDir({ seed: "taiwan-wallonia-2025" }));
  const serious = [];
  const moderate = new Map();
  const english = [];
  let audited = 0;
  const started = Date.now();
  try {
    await browser.setTimeout({ script: 120_000 });
    await (await browser.$('[data-testid="mission-card"]')).waitForDisplayed({ timeout: 30_000 });
    const check = async (lang, name) => {
      audited++;
      for (const v of await audit(browser)) {
        if (v.impact === "serious" || v.impact === "critical") {
          serious.push(`${lang} · ${name}: ${v.id} (${v.impact}) — ${v.help}\n      ${v.targets.slice(0, 8).join("\n      ")}`);
        } else {
          moderate.set(v.id, [...(moderate.get(v.id) ?? []), `${lang} · ${name}`]);
        }
      }
      for (const label of await englishLabels(browser, lang)) english.push(`${lang} · ${name}: ${label}`);
    };
    for (const lang of ["fr", "zh-TW"]) {
      await useLanguage(browser, lang);
      for (const [name, hash] of SCREENS) {
        await browser.execute((h) => (window.location.hash = h), hash);
        const text = await settledText(browser);
        assert.ok(text.length > 20, `${lang} ${name}: the screen shows nothing`);
        await check(lang, name);
        for (const [state, button, shown] of OPENED[name] ?? []) {
          await (await browser.$(button)).waitForExist({ timeout: 15_000 });
          await click(browser, button);
          await (await browser.$(shown)).waitForDisplayed({ timeout: 10_000 });
          await settledText(browser);
          await check(lang, `${name}, ${state}`);
          await browser.execute((h) => {
            window.location.hash = "#/organisations"; // closes what was opened
            setTimeout(() => (window.location.hash = h), 0);
          }, hash);
          await settledText(browser);
        }
      }
      // The global search, a modal dialog: audited open; Tab goes round inside it, never behind
      // it; Escape gives the focus back to where it was.
      await browser.execute(() => document.querySelector('[data-testid="nav-contacts"]').focus());
      await browser.keys([Key.Ctrl, "k"]);
      await (await browser.$('[data-testid="palette"]')).waitForDisplayed({ timeout: 5_000 });
      await check(lang, "search dialog");
      for (let i = 0; i < 8; i++) {
        await browser.keys(i % 3 === 2 ? [Key.Shift, Key.Tab] : [Key.Tab]);
        const inside = await browser.execute(() => document.activeElement?.closest('[data-testid="palette"]') !== null);
        assert.ok(inside, `${lang}: Tab left the open search dialog (the focus is on ${await focused(browser)})`);
      }
      await browser.keys([Key.Escape]);
      await (await browser.$('[data-testid="palette"]')).waitForExist({ reverse: true, timeout: 5_000 });
      assert.equal(await browser.execute(() => document.activeElement?.dataset.testid), "nav-contacts", `${lang}: the focus did not come back from the search dialog`);
    }
  } finally {
    await close();
  }
  console.log(`axe-core: ${audited} states audited in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  for (const [id, where] of moderate) console.log(`  moderate or minor, not failing: ${id} on ${where.length} states (${where[0]}, …)`);
  assert.deepEqual(serious, [], `axe-core found serious or critical violations:\n${serious.join("\n")}`);
  assert.deepEqual(english, [], `labels left in English:\n${english.join("\n")}`);
});

/** What has the focus: its test id, item id, role and text, for the messages. */
const focused = (browser) =>
  browser.execute(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return "body";
    const id = el.dataset.testid ?? el.dataset.item ?? el.getAttribute("role") ?? el.tagName.toLowerCase();
    return `${id} “${(el.getAttribute("aria-label") ?? el.textContent ?? "").trim().slice(0, 40)}”`;
  });

/** Whether the focused element shows that it has the focus (an outline or a ring). */
const focusShows = (browser) =>
  browser.execute(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return false;
    const s = getComputedStyle(el);
    return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
  });

/** Presses Tab until the focus is on `selector`; every element passed shows its focus. */
async function tabTo(browser, selector, path, max = 80) {
  for (let i = 0; i < max; i++) {
    await browser.keys([Key.Tab]);
    const where = await focused(browser);
    if (!(await focusShows(browser))) path.hidden.push(where);
    path.steps.push(where);
    if (await browser.execute((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  assert.fail(`Tab never reached ${selector}; the focus went through:\n${path.steps.slice(-max).join("\n")}`);
}

const photoTimes = (db) => {
  const items = JSON.parse(execFileSync(CLI, ["--db", db, "list", "agenda", "--mission", MISSION, "--json"]).toString());
  const photo = items.find((i) => i.id === PHOTO);
  return [photo.start, photo.end].map((t) => new Date(t).toISOString());
};

test("the keyboard alone opens the mission, moves an item of the Liège day, undoes it and opens its form", async () => {
  const dir = dataDir({ seed: "taiwan-wallonia-2025" });
  const db = join(dir, "passerelle.sqlite3");
  const before = photoTimes(db);
  assert.deepEqual(before, ["2025-06-27T13:00:00.000Z", "2025-06-27T13:15:00.000Z"], "the seed's group photo, 15:00–15:15 in Liège");
  const { browser, close } = await openApp(dir);
  const path = { steps: [], hidden: [] };
  try {
    await (await browser.$('[data-testid="mission-card"]')).waitForDisplayed({ timeout: 30_000 });
    await useLanguage(browser, "fr");

    // The first screen: Tab to the mission, Enter opens it on its programme.
    await tabTo(browser, `[data-testid="mission-card"][data-id="${MISSION}"]`, path);
    await browser.keys([Key.Enter]);
    await (await browser.$('[data-testid="programme-editor"]')).waitForDisplayed({ timeout: 15_000 });

    // The days are tabs: Tab reaches the chosen one, → goes to the Liège day.
    await tabTo(browser, '[data-testid="day-tab"][aria-selected="true"]', path);
    for (let i = 0; i < 5 && !(await browser.execute((d) => document.activeElement?.dataset.date === d, LIEGE_DAY)); i++) {
      await browser.keys([Key.ArrowRight]);
    }
    assert.equal(await browser.execute(() => document.activeElement?.dataset.date), LIEGE_DAY, "→ did not reach the Liège day");
    await (await browser.$(`[data-testid="day-view"][data-date="${LIEGE_DAY}"]`)).waitForExist({ timeout: 10_000 });
    const item = `.ec-event[data-item="${PHOTO}"]`;
    await (await browser.$(item)).waitForExist({ timeout: 15_000 });

    // Tab to the group photo; Alt+↓ moves it a quarter of an hour later, said aloud.
    await tabTo(browser, item, path);
    await screenshot(browser, "access-01-item-focused");
    await browser.keys([Key.Alt, Key.ArrowDown]);
    await browser.waitUntil(async () => photoTimes(db)[0] === "2025-06-27T13:15:00.000Z", {
      timeout: 10_000,
      timeoutMsg: "Alt+↓ did not move the group photo in the data file",
    });
    await browser.waitUntil(
      async () => (await browser.execute((s) => document.querySelector(s)?.textContent ?? "", item)).includes("15:15–15:30"),
      { timeout: 10_000, timeoutMsg: "the day view does not show the group photo at 15:15–15:30" },
    );
    const announce = await browser.$('[data-testid="day-view-announce"]');
    await browser.waitUntil(async () => /Photo de groupe.*15:15–15:30/.test(await announce.getProperty("textContent")), {
      timeout: 5_000,
      timeoutMsg: "the move was not announced",
    });
    assert.match(await announce.getProperty("textContent"), /déplacé/, "announced in French");
    await browser.waitUntil(async () => browser.execute((s) => document.activeElement?.matches(s) ?? false, item), {
      timeout: 5_000,
      timeoutMsg: `the focus did not stay on the moved item (it is on ${await focused(browser)})`,
    });
    await screenshot(browser, "access-02-item-moved");

    // Ctrl+Z puts it back.
    await browser.keys([Key.Ctrl, "z"]);
    await browser.waitUntil(async () => photoTimes(db)[0] === before[0], { timeout: 10_000 }).catch(async () => {
      const said = await browser.execute(() => document.querySelector('[data-testid="programme-editor"]')?.innerText.slice(0, 600));
      assert.fail(`Ctrl+Z did not put the group photo back (${photoTimes(db)}; focus on ${await focused(browser)}); the editor says:\n${said}`);
    });
    assert.deepEqual(photoTimes(db), before);
    await browser.waitUntil(
      async () => (await browser.execute((s) => document.querySelector(s)?.textContent ?? "", item)).includes("15:00–15:15"),
      { timeout: 10_000, timeoutMsg: "the day view does not show the group photo back at 15:00–15:15" },
    );

    // Enter opens its form, which takes the focus; Escape closes it and the focus is back on the item.
    await browser.waitUntil(async () => browser.execute((s) => document.activeElement?.matches(s) ?? false, item), {
      timeout: 5_000,
      timeoutMsg: `the focus is not on the item after the undo (it is on ${await focused(browser)})`,
    });
    await browser.keys([Key.Enter]);
    const form = await browser.$('[data-testid="item-form"]');
    await form.waitForDisplayed({ timeout: 10_000 });
    assert.equal(await (await browser.$('[data-testid="item-title"]')).getValue(), "Photo de groupe");
    assert.ok(
      await browser.execute(() => document.activeElement?.closest('[data-testid="item-form"]') !== null),
      `the form did not take the focus (it is on ${await focused(browser)})`,
    );
    await screenshot(browser, "access-03-form-open");
    await browser.keys([Key.Escape]);
    await form.waitForExist({ reverse: true, timeout: 5_000 });
    assert.ok(
      await browser.execute((s) => document.activeElement?.matches(s) ?? false, item),
      `Escape did not give the focus back to the item (it is on ${await focused(browser)})`,
    );
    assert.deepEqual(path.hidden, [], `the focus did not show on:\n${path.hidden.join("\n")}`);
  } finally {
    await close();
  }
});
