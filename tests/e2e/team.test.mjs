// The agency's team server in the window (issue 16): a throwaway PostgreSQL cluster, set up with
// the CLI (init-server, two members); the window joins through its form (a wrong password first,
// said beside the field), a second data folder joins with the CLI; an edit there reaches the open
// window without a click, an edit in the window reaches it; the server stopped, the sidebar says
// offline with the changes waiting, and synced once the server is back, the move made there
// meanwhile and Bob's one conflict in the Exchanges tab.

import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, rmSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { Key } from "webdriverio";
import { CLI, dataDir, openApp, screenshot, tempDir } from "./harness.mjs";
import { startCluster } from "./pg-cluster.mjs";

const DB = "agency";
const MISSION = "mis_tsha_wallonia_2025";
const LIEGE_DAY = "2025-06-27";
const PHOTO = "itm_d2_group_photo"; // 15:00–15:15 in Liège (13:00 UTC), movable
const ITEM = `.ec-event[data-item="${PHOTO}"]`;

const cli = (db, ...args) => JSON.parse(execFileSync(CLI, ["--db", db, ...args, "--json"]).toString());

/** Sets an input the way typing would (input + change events). */
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

/** Presses a button by its test id as a DOM click, once it is enabled. */
async function press(browser, testid) {
  await (await browser.$(`[data-testid="${testid}"]`)).waitForEnabled({ timeout: 15_000 });
  await browser.execute((id) => document.querySelector(`[data-testid="${id}"]`).click(), testid);
}

/** The sidebar's team status: its state and its words. */
const sidebar = (browser) =>
  browser.execute(() => {
    const el = document.querySelector('[data-testid="team-status"]');
    return el ? { state: el.dataset.state, text: el.querySelector('[data-testid="team-status-text"]')?.textContent ?? "" } : null;
  });

async function sidebarState(browser, state, timeout, why) {
  await browser.waitUntil(async () => (await sidebar(browser))?.state === state, {
    timeout,
    interval: 100,
    timeoutMsg: `${why}: the sidebar says ${JSON.stringify(await sidebar(browser))}`,
  });
}

const photoStart = (db) => {
  const items = cli(db, "list", "agenda", "--mission", MISSION);
  return new Date(items.find((i) => i.id === PHOTO).start).toISOString();
};

const itemText = (browser) => browser.execute((s) => document.querySelector(s)?.textContent ?? "", ITEM);

/** Alt+↓ on the group photo in the day view: a quarter of an hour later. */
async function movePhotoDown(browser) {
  await (await browser.$(ITEM)).waitForExist({ timeout: 15_000 });
  await browser.execute((s) => document.querySelector(s).focus(), ITEM);
  await browser.keys([Key.Alt, Key.ArrowDown]);
}

test("the window joins the team server, syncs both ways on its own, says offline and synced", async () => {
  const began = Date.now();
  const cluster = await startCluster();
  const work = tempDir("passerelle-e2e-team-");
  let app = null;
  try {
    // The administrator: the schema and two advisers on the mission and the directory.
    cluster.createDb(DB);
    const scratch = join(work, "admin.sqlite3");
    execFileSync(CLI, ["--db", scratch, "team", "init-server", "--url", cluster.adminUrl(DB), "--json"]);
    const pw = {};
    for (const name of ["alice", "bob"]) {
      pw[name] = join(work, `${name}.pw`);
      writeFileSync(pw[name], `pw-${name}\n`);
      const args = ["--member", name, "--password-file", pw[name], "--scope", "directory", "--scope", `mission:${MISSION}`];
      execFileSync(CLI, ["--db", scratch, "team", "add-member", "--url", cluster.adminUrl(DB), ...args, "--json"]);
    }
    // Two laptops from one seeded file (a copy takes its own identity).
    const base = dataDir({ seed: "taiwan-wallonia-2025" });
    const mine = tempDir("passerelle-e2e-team-window-");
    copyFileSync(join(base, "passerelle.sqlite3"), join(mine, "passerelle.sqlite3"));
    const bob = join(work, "bob.sqlite3");
    copyFileSync(join(base, "passerelle.sqlite3"), bob);
    rmSync(base, { recursive: true, force: true });

    app = await openApp(mine);
    const { browser } = app;
    await (await browser.$('[data-testid="mission-card"]')).waitForDisplayed({ timeout: 30_000 });
    await browser.waitUntil(
      async () => {
        await browser.execute(() => document.querySelector('[data-testid="locale-fr"]')?.click());
        return browser.execute(() => document.documentElement.lang === "fr-BE");
      },
      { timeout: 15_000, timeoutMsg: "the window did not switch to French" },
    );

    // Not joined: no status, a discreet way to join that opens the team panel.
    const joinLink = await browser.$('[data-testid="team-join-link"]');
    await joinLink.waitForDisplayed({ timeout: 10_000 });
    assert.equal(await sidebar(browser), null);
    await joinLink.click();
    await (await browser.$('[data-testid="team-join-form"]')).waitForDisplayed({ timeout: 10_000 });

    // A wrong password: said beside the password, in French, nothing joined.
    await setField(browser, "team-input-url", cluster.url(DB));
    await setField(browser, "team-input-member", "alice");
    await setField(browser, "team-input-password", "not-her-password");
    await press(browser, "team-join");
    const wrong = await browser.$('[data-testid="error-password"]');
    await wrong.waitForDisplayed({ timeout: 15_000 });
    const said = await wrong.getText();
    assert.match(said, /mot de passe/, `French, beside the password: ${said}`);
    assert.match(said, /alice/);
    assert.equal(await browser.execute(() => document.activeElement?.dataset.testid), "team-input-password");
    assert.equal(cli(join(mine, "passerelle.sqlite3"), "team", "status").state, "notJoined");
    await screenshot(browser, "team-01-wrong-password");

    // The right one: joined, and the background sync sends the copy at once.
    await setField(browser, "team-input-password", "pw-alice");
    await press(browser, "team-join");
    await sidebarState(browser, "synced", 30_000, "joined");
    assert.equal((await sidebar(browser)).text, "Synchronisé");
    await (await browser.$('[data-testid="team-sync-now"]')).waitForDisplayed({ timeout: 10_000 });
    await screenshot(browser, "team-02-joined");

    // Bob's laptop joins with the CLI; the window shows the Liège day.
    cli(bob, "team", "join", "--url", cluster.url(DB), "--member", "bob", "--password-file", pw.bob);
    cli(bob, "team", "sync");
    await browser.execute((m) => (window.location.hash = `#/missions/${m}`), MISSION);
    const day = await browser.$(`[data-testid="day-tab"][data-date="${LIEGE_DAY}"]`);
    await day.waitForDisplayed({ timeout: 15_000 });
    await browser.execute((d) => document.querySelector(`[data-testid="day-tab"][data-date="${d}"]`).click(), LIEGE_DAY);
    await (await browser.$(ITEM)).waitForExist({ timeout: 15_000 });
    assert.match(await itemText(browser), /15:00–15:15/);

    // Bob moves the group photo and syncs: the open window shows it, without a click.
    cli(bob, "agenda", "move", "--id", PHOTO, "--start", "2025-06-27T15:30:00+02:00", "--end", "2025-06-27T15:45:00+02:00");
    cli(bob, "team", "sync");
    const pushed = Date.now();
    await browser.waitUntil(async () => (await itemText(browser)).includes("15:30–15:45"), {
      timeout: 15_000,
      interval: 100,
      timeoutMsg: `Bob's move never reached the window (it shows ${await itemText(browser)})`,
    });
    console.log(`team: Bob's move shown in the window ${Date.now() - pushed} ms after his sync`);
    await screenshot(browser, "team-03-bobs-move");

    // The window moves it a quarter of an hour later: Bob receives it.
    await movePhotoDown(browser);
    await browser.waitUntil(
      async () => {
        cli(bob, "team", "sync");
        return photoStart(bob) === "2025-06-27T13:45:00.000Z";
      },
      { timeout: 20_000, interval: 500, timeoutMsg: `the window's move never reached Bob (${photoStart(bob)})` },
    );

    // The server stops: offline; a move made meanwhile waits. Bob, offline too, moves it elsewhere.
    cluster.stop();
    await sidebarState(browser, "offline", 20_000, "the server stopped");
    await movePhotoDown(browser);
    await browser.waitUntil(async () => /^Hors ligne, [1-9]\d* modifications? en attente$/.test((await sidebar(browser))?.text ?? ""), {
      timeout: 10_000,
      interval: 100,
      timeoutMsg: `no changes waiting in the sidebar: ${JSON.stringify(await sidebar(browser))}`,
    });
    await screenshot(browser, "team-04-offline");
    cli(bob, "agenda", "move", "--id", PHOTO, "--start", "2025-06-27T17:00:00+02:00", "--end", "2025-06-27T17:15:00+02:00");

    // Back: the window syncs on its own; the two moves made apart are one conflict, the same on
    // both copies, in the window's Exchanges tab.
    cluster.start();
    cli(bob, "team", "sync");
    await sidebarState(browser, "synced", 45_000, "the server is back");
    const mineDb = join(mine, "passerelle.sqlite3");
    await browser.waitUntil(
      async () => {
        cli(bob, "team", "sync");
        const theirs = cli(bob, "sync", "conflicts", "--mission", MISSION);
        const ours = cli(mineDb, "sync", "conflicts", "--mission", MISSION);
        return theirs.length === 1 && ours.length === 1 && photoStart(bob) === photoStart(mineDb);
      },
      { timeout: 20_000, interval: 500, timeoutMsg: "the copies did not converge on one conflict" },
    );
    await browser.execute((m) => (window.location.hash = `#/missions/${m}/sync`), MISSION);
    const conflict = await browser.$('[data-testid="sync-conflict"]');
    await conflict.waitForDisplayed({ timeout: 15_000 });
    assert.equal((await browser.$$('[data-testid="sync-conflict"]')).length, 1);
    await screenshot(browser, "team-05-back");
    console.log(`team: the whole walk took ${Math.round((Date.now() - began) / 1000)} s`);
  } finally {
    if (app) await app.close();
    cluster.destroy();
    rmSync(work, { recursive: true, force: true });
  }
});
