// WebDriver reaches a button just below the window's bottom edge (issue 14's document scroll).
// The document, not <main>, is the page's scroll box. WebKit widens the rectangle it brings into
// view by the document's scroll-padding (or an element's scroll-margin), so with
// `scroll-padding-top: 56px` a button up to 56 px below the fold counted as "partly visible",
// WebDriver's click (which scrolls only what is not visible at all) did not scroll, and four
// tests failed with "element not interactable". This walks that band on the mission page, sticky
// tabs stuck, and fails if anything brings such an inset back. And keyboard focus moved up
// (Shift+Tab) is not left under the stuck tabs (MissionPage's keepFocusClear does it in script).

import { test } from "node:test";
import assert from "node:assert/strict";
import { Key } from "webdriverio";
import { dataDir, openApp } from "./harness.mjs";

const MISSION = "mis_tsha_wallonia_2025";

test("a button just below the window's bottom edge is scrolled into view and clicked", async () => {
  const { browser, close } = await openApp(dataDir({ seed: "taiwan-wallonia-2025" }));
  try {
    await browser.waitUntil(async () => browser.execute(() => document.querySelector("main") !== null), {
      timeout: 30_000,
      timeoutMsg: "the window did not open",
    });
    await browser.execute((m) => (window.location.hash = `#/missions/${m}/delegation`), MISSION);
    await (await browser.$(".panel")).waitForDisplayed({ timeout: 30_000 });
    // A probe far down the panel: the page is taller than the window, and the tabs are stuck.
    await browser.execute(() => {
      const probe = document.createElement("button");
      probe.type = "button";
      probe.dataset.testid = "probe";
      probe.textContent = "probe";
      probe.style.cssText = "display:block;margin-top:1600px";
      probe.onclick = () => (probe.dataset.clicks = String(Number(probe.dataset.clicks ?? 0) + 1));
      document.querySelector(".panel").append(probe);
    });
    const probe = await browser.$('[data-testid="probe"]');
    const scroller = await browser.execute(() => ({
      main: getComputedStyle(document.querySelector("main")).overflowY,
      pageHeight: document.documentElement.scrollHeight,
      window: innerHeight,
    }));
    assert.equal(scroller.main, "visible", `the document scrolls, not <main> (${JSON.stringify(scroller)})`);
    assert.ok(scroller.pageHeight > scroller.window + 1600, "the page is taller than the window");

    for (const [i, below] of [1, 20, 40, 60, 120].entries()) {
      // The probe's top `below` px under the window's bottom edge.
      await browser.execute((d) => {
        const top = document.querySelector('[data-testid="probe"]').getBoundingClientRect().top + scrollY;
        window.scrollTo(0, top - innerHeight - d);
      }, below);
      const at = await browser.execute(() => document.querySelector('[data-testid="probe"]').getBoundingClientRect().top - innerHeight);
      assert.ok(at > 0, `the probe starts below the window (${at} px)`);
      await browser.elementClick(probe.elementId); // WebDriver's own click, not WebdriverIO's retries
      assert.equal(await probe.getAttribute("data-clicks"), String(i + 1), `clicked when ${below} px below the window`);
    }
  } finally {
    await close();
  }
});

test("keyboard focus brought back up is not hidden under the stuck tabs", async () => {
  const { browser, close } = await openApp(dataDir({ seed: "taiwan-wallonia-2025" }));
  try {
    await browser.waitUntil(async () => browser.execute(() => document.querySelector("main") !== null), {
      timeout: 30_000,
      timeoutMsg: "the window did not open",
    });
    await browser.execute((m) => (window.location.hash = `#/missions/${m}/delegation`), MISSION);
    await (await browser.$(".panel")).waitForDisplayed({ timeout: 30_000 });
    // Two buttons down the panel, nothing focusable between them; the page scrolled so that the
    // upper one sits under the stuck tabs, the lower one in view.
    await browser.execute(() => {
      // (The page goes on below the lower one, so it can be scrolled that far.)
      for (const [name, margin] of [["upper", "1600px 0 300px"], ["lower", "0 0 1000px"]]) {
        const b = document.createElement("button");
        b.type = "button";
        b.dataset.testid = name;
        b.textContent = name;
        b.style.cssText = `display:block;margin:${margin}`;
        document.querySelector(".panel").append(b);
      }
      const upper = document.querySelector('[data-testid="upper"]');
      window.scrollTo(0, upper.getBoundingClientRect().top + scrollY - 10);
      document.querySelector('[data-testid="lower"]').focus();
    });
    const shown = () =>
      browser.execute(() => ({
        focused: document.activeElement?.dataset.testid ?? null,
        top: document.querySelector('[data-testid="upper"]').getBoundingClientRect().top,
        tabsBottom: document.querySelector("nav.tabs").getBoundingClientRect().bottom,
        tabsStuck: document.querySelector("nav.tabs").getBoundingClientRect().top === 0,
      }));
    const before = await shown();
    assert.ok(before.tabsStuck && before.top < before.tabsBottom, `the upper button starts under the stuck tabs (${JSON.stringify(before)})`);
    // Shift+Tab: WebKit does not scroll to an element inside the window, even one under the tabs.
    await browser.keys([Key.Shift, Key.Tab]);
    await browser.waitUntil(async () => (await shown()).focused === "upper", { timeout: 5_000, timeoutMsg: "Shift+Tab did not focus the upper button" });
    await browser.execute(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const at = await shown();
    assert.ok(at.top >= at.tabsBottom, `the focused button shows below the tabs (${JSON.stringify(at)})`);
    assert.ok(at.top < at.tabsBottom + 40, `just below them, the page not moved further (${JSON.stringify(at)})`);
  } finally {
    await close();
  }
});
