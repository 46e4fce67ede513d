// WebDriver reaches a button just below the window's bottom edge (issue 14's document scroll).
// The document, not <main>, is the page's scroll box. WebKit widens the rectangle it brings into
// view by the document's scroll-padding (or an element's scroll-margin), so with
// `scroll-padding-top: 56px` a button up to 56 px below the fold counted as "partly visible",
// WebDriver's click (which scrolls only what is not visible at all) did not scroll, and four
// tests failed with "element not interactable". This walks that band on the mission page, sticky
// tabs stuck, and fails if anything brings such an inset back.

import { test } from "node:test";
import assert from "node:assert/strict";
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
