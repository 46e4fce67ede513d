// The mission workspace's Delegation and Sites editors in the real window, on the seeded
// Taiwan–Wallonia mission: rename a track, add one and move a delegate into it; make a Liège
// room too small for the cardiology one-to-one and read the capacity conflict; give Délégué 3
// an availability window that the Liège afternoon overruns and read the availability conflict.

import { test } from "node:test";
import assert from "node:assert/strict";
import { dataDir, openApp, screenshot } from "./harness.mjs";

/** Sets an input or select the way a user's typing would (input + change events). */
async function setValue(browser, selector, value) {
  await browser.execute(
    (sel, v) => {
      const el = document.querySelector(sel);
      if (!el) throw new Error(`no element ${sel}`);
      el.value = v;
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.dispatchEvent(new Event("change", { bubbles: true }));
    },
    selector,
    value,
  );
}

/** Scrolls an element to the top of the window, for a screenshot of it. */
async function show(browser, selector) {
  await browser.execute((sel) => document.querySelector(sel)?.scrollIntoView({ block: "start" }), selector);
}

async function tab(browser, name) {
  const link = await browser.$(`[data-testid="tab-${name}"]`);
  await link.scrollIntoView({ block: "center" });
  await link.click();
}

async function conflictTexts(browser) {
  return browser.$$('[data-testid="conflict"]').map((c) => c.getText());
}

/** Opens the programme tab and waits for a conflict sentence that `match` accepts. */
async function waitForConflict(browser, match, what) {
  await tab(browser, "programme");
  await (await browser.$('[data-testid="conflicts-panel"]')).waitForDisplayed({ timeout: 15_000 });
  let found;
  await browser.waitUntil(async () => (found = (await conflictTexts(browser)).find(match)) !== undefined, {
    timeout: 10_000,
    timeoutMsg: `no ${what} conflict in the panel`,
  });
  return found;
}

test("edit tracks, rooms and availability in the workspace and see the conflicts they cause", async () => {
  const { browser, close } = await openApp(dataDir({ seed: "taiwan-wallonia-2025" }));
  try {
    const card = await browser.$('[data-testid="mission-card"]');
    await card.waitForDisplayed({ timeout: 30_000 });
    await card.click();
    await (await browser.$('[data-testid="programme-editor"]')).waitForDisplayed({ timeout: 15_000 });
    const before = await conflictTexts(browser);
    assert.equal(before.filter((t) => /holds 3/.test(t)).length, 0);
    assert.equal(before.filter((t) => /available 10:00–16:00 only/.test(t)).length, 0);

    // Delegation: rename a track.
    await tab(browser, "delegation");
    const editor = await browser.$('[data-testid="delegation-editor"]');
    await editor.waitForDisplayed({ timeout: 10_000 });
    await screenshot(browser, "workspace-01-delegation");
    const nephro = '[data-testid="subgroup"][data-id="grp_nephrology_gastro"]';
    await setValue(browser, `${nephro} [data-testid="subgroup-name"]`, "Nephrology track");
    await (await browser.$(`${nephro} [data-testid="subgroup-save"]`)).click();
    await browser.waitUntil(
      async () =>
        (await browser.$$('[data-testid="delegation-group"] h3').map((h) => h.getText())).includes("Nephrology track"),
      { timeout: 10_000, timeoutMsg: "the renamed track is not in the delegation's groups" },
    );

    // Add a track and move Délégué 7 into it.
    await setValue(browser, '[data-testid="new-subgroup"]', "Gastroenterology track");
    await (await browser.$('[data-testid="add-subgroup"]')).click();
    let gastroId = null;
    await browser.waitUntil(
      async () =>
        (gastroId = await browser.execute(
          () =>
            [...document.querySelectorAll('[data-testid="subgroup"]')].find(
              (li) => li.querySelector("input").value === "Gastroenterology track",
            )?.dataset.id ?? null,
        )) !== null,
      { timeout: 10_000, timeoutMsg: "the new track was not added" },
    );
    await setValue(browser, '[data-testid="member-row"][data-contact="con_delegate_07"] [data-testid="member-subgroup"]', gastroId);
    let members = [];
    await browser.waitUntil(
      async () => {
        members = await browser.execute(() => {
          const g = [...document.querySelectorAll('[data-testid="delegation-group"]')].find(
            (s) => s.querySelector("h3").textContent.trim() === "Gastroenterology track",
          );
          return g ? [...g.querySelectorAll('[data-testid="delegation-member"] .name')].map((a) => a.textContent.trim()) : [];
        });
        return members.length > 0;
      },
      { timeout: 10_000, timeoutMsg: "Délégué 7 was not moved into the new track" },
    );
    assert.equal(members.length, 1);
    assert.match(members[0], /^Délégué 7/);
    const nephroMembers = await browser.execute(() => {
      const g = [...document.querySelectorAll('[data-testid="delegation-group"]')].find(
        (s) => s.querySelector("h3").textContent.trim() === "Nephrology track",
      );
      return [...g.querySelectorAll('[data-testid="delegation-member"] .name')].map((a) => a.textContent.trim());
    });
    assert.equal(nephroMembers.length, 3, "Délégué 7 left the nephrology track");
    assert.ok(!nephroMembers.some((n) => /^Délégué 7/.test(n)));
    await show(browser, '[data-testid="delegation-editor"]');
    await screenshot(browser, "workspace-02-tracks-edited");

    // Deleting the new track asks first and says that Délégué 7 would go to the whole
    // delegation; Escape keeps it.
    const gastro = `[data-testid="subgroup"][data-id="${gastroId}"]`;
    await (await browser.$(`${gastro} [data-testid="subgroup-delete"]`)).click();
    const confirm = await browser.$(`${gastro} [data-testid="subgroup-delete-confirm"]`);
    await confirm.waitForDisplayed({ timeout: 5_000 });
    assert.match(await confirm.getText(), /Will then belong to the whole delegation:\s*1 member\b/);
    await screenshot(browser, "workspace-02a-track-delete-confirm");
    await browser.keys(["Escape"]);
    await browser.waitUntil(async () => !(await confirm.isExisting()), { timeout: 5_000, timeoutMsg: "Escape did not keep the track" });
    assert.equal(await browser.execute((sel) => document.querySelectorAll(sel).length, gastro), 1);

    // Taking Délégué 7 out of the delegation asks first too; Escape keeps them.
    const d7 = '[data-testid="member-row"][data-contact="con_delegate_07"]';
    await browser.execute((sel) => document.querySelector(sel).scrollIntoView({ block: "center" }), d7);
    await (await browser.$(`${d7} [data-testid="member-remove"]`)).click();
    const ask = await browser.$('[data-testid="member-remove-confirm"]');
    await ask.waitForDisplayed({ timeout: 5_000 });
    assert.match(await ask.getText(), /Take Délégué 7 — gastro-entérologie out of the delegation\?[\s\S]*passport data for this mission is erased/);
    await screenshot(browser, "workspace-02b-member-remove-confirm");
    await browser.keys(["Escape"]);
    await browser.waitUntil(async () => !(await ask.isExisting()), { timeout: 5_000, timeoutMsg: "Escape did not keep the member" });
    assert.equal(await browser.execute((sel) => document.querySelectorAll(sel).length, d7), 1);

    // Sites: a Liège room for three, below the cardiology one-to-one's four participants.
    await tab(browser, "sites");
    await (await browser.$('[data-testid="sites-editor"]')).waitForDisplayed({ timeout: 10_000 });
    await setValue(browser, '[data-testid="room"][data-id="roo_mont_legia_room_a"] [data-testid="room-capacity"]', "3");
    await browser.waitUntil(
      async () =>
        (await browser.execute(
          () => document.querySelector('[data-testid="room"][data-id="roo_mont_legia_room_a"] [data-testid="room-capacity"]').value,
        )) === "3",
      { timeout: 5_000 },
    );
    await show(browser, '[data-testid="site-editor"][data-id="sit_mont_legia"]');
    await screenshot(browser, "workspace-03-sites");
    const capacity = await waitForConflict(browser, (t) => /room Salle de réunion A holds 3/.test(t), "capacity");
    assert.match(capacity, /has 4 participants but room Salle de réunion A holds 3$/);
    await show(browser, '[data-testid="conflicts-panel"]');
    await screenshot(browser, "workspace-04-capacity-conflict");

    // Delegation: Délégué 3 is available 10:00–16:00 on the Liège day only.
    await tab(browser, "delegation");
    await (await browser.$('[data-testid="availability-form"]')).waitForDisplayed({ timeout: 10_000 });
    await setValue(browser, '[data-testid="availability-person"]', "con_delegate_03");
    await setValue(browser, '[data-testid="availability-date"]', "2025-06-27");
    await setValue(browser, '[data-testid="availability-start"]', "10:00");
    await setValue(browser, '[data-testid="availability-end"]', "16:00");
    await (await browser.$('[data-testid="availability-add"]')).click();
    await browser.waitUntil(
      async () =>
        (
          await browser.execute(() =>
            [...document.querySelectorAll('[data-testid="availability-window"]')].map((w) => `${w.dataset.date} ${w.textContent}`),
          )
        ).some((t) => t.startsWith("2025-06-27 ") && t.includes("10:00–16:00") && t.includes("Délégué 3")),
      { timeout: 10_000, timeoutMsg: "the availability window is not listed" },
    );
    await show(browser, '[data-testid="availability-form"]');
    await screenshot(browser, "workspace-05-availability");
    const availability = await waitForConflict(
      browser,
      (t) => /Délégué 3/.test(t) && /available 10:00–16:00 only/.test(t),
      "availability",
    );
    assert.match(availability, /Délégué 3/);
    await show(browser, '[data-testid="conflicts-panel"]');
    await screenshot(browser, "workspace-06-availability-conflict");

    // The window edited in place: a later end and a note, listed as saved.
    await tab(browser, "delegation");
    await (await browser.$('[data-testid="availability-form"]')).waitForDisplayed({ timeout: 10_000 });
    const windowId = await browser.execute(
      () =>
        [...document.querySelectorAll('[data-testid="availability-window"]')].find(
          (w) => w.textContent.includes("Délégué 3") && w.textContent.includes("10:00–16:00"),
        ).dataset.id,
    );
    const row = `[data-testid="availability-window"][data-id="${windowId}"]`;
    await browser.execute((sel) => document.querySelector(sel).scrollIntoView({ block: "center" }), row);
    await (await browser.$(`${row} [data-testid="availability-edit"]`)).click();
    await setValue(browser, `${row} [data-testid="availability-edit-end"]`, "17:00");
    await setValue(browser, `${row} [data-testid="availability-edit-note"]`, "After the ward round");
    await (await browser.$(`${row} [data-testid="availability-edit-save"]`)).click();
    await browser.waitUntil(
      async () => {
        const text = await browser.execute((sel) => document.querySelector(sel)?.textContent ?? "", row);
        return text.includes("10:00–17:00") && text.includes("After the ward round");
      },
      { timeout: 10_000, timeoutMsg: "the edited window is not listed with its new end and note" },
    );
    await show(browser, row);
    await screenshot(browser, "workspace-07-availability-edited");
  } finally {
    await close();
  }
});
