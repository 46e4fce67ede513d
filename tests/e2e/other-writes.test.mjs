// Writes made by another process reach an open window (issue 14): with the app open on the
// contacts list, `passerelle-cli contact add` writes to the same file, and the new person is on
// screen within a second, without any action in the window; then `contact edit` renames them,
// and the new name is there within a second too.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { CLI, dataDir, openApp, screenshot } from "./harness.mjs";

const $ = (browser, id) => browser.$(`[data-testid="${id}"]`);

/** The visible text of a list (only the rows on screen exist: the lists are virtualised). */
async function listText(browser, id) {
  return browser.execute((i) => document.querySelector(`[data-testid="${i}"]`)?.textContent ?? "", id);
}

/** Runs the CLI with `args`; returns what it printed and the milliseconds from its end until
 *  `name` is in the contacts list. */
async function untilListed(browser, args, name, what) {
  const out = execFileSync(CLI, args).toString();
  const written = Date.now();
  await browser.waitUntil(async () => (await listText(browser, "contact-list")).includes(name), {
    timeout: 5_000,
    interval: 50,
    timeoutMsg: `${what} never reached the window`,
  });
  return { out, ms: Date.now() - written };
}

test("a contact added, then edited, with passerelle-cli appears in the open window within a second", async () => {
  const dir = dataDir({ seed: "taiwan-wallonia-2025" });
  const db = join(dir, "passerelle.sqlite3");
  const { browser, close } = await openApp(dir);
  try {
    await (await $(browser, "mission-card")).waitForDisplayed({ timeout: 30_000 });
    await browser.execute(() => (window.location.hash = "#/contacts"));
    await (await $(browser, "contact-list")).waitForDisplayed({ timeout: 15_000 });
    await browser.waitUntil(async () => (await listText(browser, "contact-list")).length > 0, {
      timeout: 15_000,
      timeoutMsg: "the contacts list stayed empty",
    });
    // Sorted by family name, "Aaltonen" comes first: on screen once listed.
    assert.ok(!(await listText(browser, "contact-list")).includes("Aaltonen"));
    await sleep(1000); // the window settled: nothing else will refetch the list

    const add = ["--db", db, "contact", "add", "--given", "Ilona", "--family", "Aaltonen"];
    const { out, ms: shownAfter } = await untilListed(browser, add, "Aaltonen", "the CLI's contact");
    const { id } = JSON.parse(out);
    await screenshot(browser, "other-writes-01-contact-from-cli");
    console.log(`other-writes: the CLI's contact shown ${shownAfter} ms after the command ended`);
    assert.ok(shownAfter <= 1000, `shown after ${shownAfter} ms (goal: within a second)`);

    // Edited from the command line: the new name replaces the old one on screen.
    await sleep(1000);
    const edit = ["--db", db, "contact", "edit", "--id", id, "--family", "Aaltola"];
    const { ms: editShownAfter } = await untilListed(browser, edit, "Aaltola", "the CLI's edit");
    assert.ok(!(await listText(browser, "contact-list")).includes("Aaltonen"), "the old name is gone");
    console.log(`other-writes: the CLI's edit shown ${editShownAfter} ms after the command ended`);
    assert.ok(editShownAfter <= 1000, `edit shown after ${editShownAfter} ms (goal: within a second)`);
  } finally {
    await close();
  }
});
