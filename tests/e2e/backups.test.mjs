// Backups in the real window: a backup on demand, and the recovery screen that opens instead of
// the app when the database is damaged, restoring the latest backup without overwriting the file.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { APP, CLI, dataDir, openApp, screenshot } from "./harness.mjs";

test("a backup can be made from the app and is listed with what it holds", async () => {
  const { browser, close } = await openApp(dataDir({ seed: "taiwan-wallonia-2025" }));
  try {
    await (await browser.$('[data-testid="nav-backups"]')).click();
    const now = await browser.$('[data-testid="backup-now"]');
    await now.waitForDisplayed({ timeout: 30_000 });
    await now.click();
    await (await browser.$('[data-testid="backup-done"]')).waitForDisplayed({ timeout: 15_000 });
    // The list refreshes after the backup: wait for the preview of what it holds.
    await browser.waitUntil(
      async () => /Taiwan Smart Healthcare Alliance/.test(await (await browser.$('[data-testid="backup"]')).getText()),
      { timeout: 10_000, timeoutMsg: "the backup's preview does not name the mission" },
    );
    await screenshot(browser, "10-backups");
  } finally {
    await close();
  }
});

test("a damaged database opens the recovery screen, which restores the latest backup", async () => {
  const dir = dataDir({ seed: "taiwan-wallonia-2025" });
  const db = join(dir, "passerelle.sqlite3");
  execFileSync(CLI, ["--db", db, "backup", "--out", join(dir, "backups", "passerelle-20250628-090000.sqlite3")]);
  // Scribble over the middle of the file, as a failing disk would.
  const bytes = readFileSync(db);
  bytes.fill(0xa5, 4096, Math.min(bytes.length, 4096 * 6));
  writeFileSync(db, bytes);

  const { browser, close } = await openApp(dir);
  try {
    const recovery = await browser.$('[data-testid="recovery"]');
    await recovery.waitForDisplayed({ timeout: 30_000 });
    assert.match(await recovery.getText(), /damaged|endommagé|損壞/);
    await screenshot(browser, "11-recovery");
    const restore = await browser.$('[data-testid="backup-action"]');
    // The app restarts on the restored data: this session ends with the old process, so the
    // click itself may report the page as gone.
    await restore.click().catch(() => {});
    await new Promise((r) => setTimeout(r, 1500));
  } finally {
    await close().catch(() => {});
    try {
      execFileSync("pkill", ["-f", APP]);
    } catch {
      // nothing left running
    }
  }
  // The damaged file is set aside with its -wal and -shm, if the app had opened it in WAL mode.
  const kept = readdirSync(dir).filter((f) => /^passerelle\.sqlite3\.replaced-[0-9-]+$/.test(f));
  assert.equal(kept.length, 1, `the damaged file is kept aside: ${readdirSync(dir)}`);
  assert.deepEqual(readFileSync(join(dir, kept[0])), bytes, "kept exactly as it was");

  const { browser: again, close: closeAgain } = await openApp(dir);
  try {
    const card = await again.$('[data-testid="mission-card"]');
    await card.waitForDisplayed({ timeout: 30_000 });
    assert.match(await card.getText(), /Taiwan Smart Healthcare Alliance/);
  } finally {
    await closeAgain();
  }
});

test("an encrypted backup is made from the app and restored only with its passphrase", async () => {
  const dir = dataDir({ seed: "taiwan-wallonia-2025" });
  const backups = join(dir, "backups");
  const { browser, close } = await openApp(dir);
  const $ = (id) => browser.$(`[data-testid="${id}"]`);
  // The restore dialog's own field (the form that encrypts shows one too).
  const inConfirm = (id) => browser.$(`[data-testid="restore-confirm"] [data-testid="${id}"]`);
  try {
    await (await $("nav-backups")).click();
    const encrypt = await $("backup-encrypt");
    await encrypt.waitForDisplayed({ timeout: 30_000 });
    await encrypt.click();
    await (await $("passphrase")).setValue("thé à Hsinchu");
    await (await $("passphrase-again")).setValue("thé à Hsinchu!");
    await (await $("backup-now")).click();
    await (await $("error-passphraseAgain")).waitForDisplayed({ timeout: 10_000 });
    await (await $("passphrase-again")).setValue("thé à Hsinchu");
    await (await $("backup-now")).click();
    await (await $("backup-done")).waitForDisplayed({ timeout: 30_000 });

    // An age file, naming nobody in clear; no plain copy left in the data folder.
    const sealed = readdirSync(backups).filter((f) => f.endsWith(".sqlite3.age"));
    assert.equal(sealed.length, 1, `${readdirSync(backups)}`);
    const bytes = readFileSync(join(backups, sealed[0]));
    assert.equal(bytes.subarray(0, 22).toString(), "age-encryption.org/v1\n");
    assert.ok(!bytes.includes("Taiwan Smart Healthcare Alliance"), "the mission is not named in clear");
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.startsWith(".passerelle-scratch-")),
      [],
      "no plain copy is left",
    );

    // Listed as encrypted; restoring asks its passphrase, a wrong one changes nothing.
    await browser.waitUntil(async () => (await $("backup-encrypted")).isDisplayed(), {
      timeout: 10_000,
      timeoutMsg: "the encrypted backup is not listed",
    });
    await browser.execute(() =>
      document
        .querySelector('[data-testid="backup-encrypted"]')
        ?.closest('[data-testid="backup"]')
        ?.querySelector('[data-testid="backup-action"]')
        ?.click(),
    );
    const confirm = await $("restore-confirm");
    await confirm.waitForDisplayed({ timeout: 10_000 });
    await (await inConfirm("passphrase")).setValue("thé à Taipei");
    await (await inConfirm("restore-confirm-yes")).click();
    await (await inConfirm("error-passphrase")).waitForDisplayed({ timeout: 30_000 });
    assert.deepEqual(
      readdirSync(backups).filter((f) => f.startsWith("before-restore-")),
      [],
      "a wrong passphrase touched nothing",
    );
    await screenshot(browser, "12-encrypted-backup-passphrase");

    await (await inConfirm("passphrase")).setValue("thé à Hsinchu");
    await (await inConfirm("restore-confirm-yes")).click();
    await (await $("backup-done")).waitForDisplayed({ timeout: 30_000 });
    assert.equal(readdirSync(backups).filter((f) => f.startsWith("before-restore-")).length, 1);
  } finally {
    await close();
  }
});

test("a second launch on the same database does not open it twice", async () => {
  const dir = dataDir({ seed: "taiwan-wallonia-2025" });
  const { browser, close } = await openApp(dir);
  try {
    await (await browser.$('[data-testid="mission-card"]')).waitForDisplayed({ timeout: 30_000 });
    const { spawnSync } = await import("node:child_process");
    const second = spawnSync(APP, [], {
      env: { ...process.env, PASSERELLE_DATA_DIR: dir },
      timeout: 20_000,
      encoding: "utf8",
    });
    assert.equal(second.status, 0, `the second instance exited: ${second.stderr}`);
    assert.match(second.stderr, /already open/);
  } finally {
    await close();
  }
});
