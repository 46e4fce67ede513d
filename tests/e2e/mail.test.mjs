// E-mail drafts in the real window (issue 17): on the seeded Taiwan–Wallonia mission, whose people
// were given addresses (one objected to contact, one has none), the Documents tab's "E-mail drafts"
// previews a confirmation in each person's language, lists who gets none and why, and writes one
// .eml draft per person with the itinerary PDF and calendar attached, which Python's `email`
// package reads back.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CLI, dataDir, openApp, screenshot, tempDir } from "./harness.mjs";

const MISSION = "mis_tsha_wallonia_2025";
const SEED = join(import.meta.dirname, "../../seeds/taiwan-wallonia-2025/contacts.json");

async function waitForFiles(dir, ext, count) {
  let found = [];
  for (let i = 0; i < 300 && found.length < count; i++) {
    try {
      found = readdirSync(dir).filter((f) => f.endsWith(ext));
    } catch {
      found = [];
    }
    if (found.length < count) await new Promise((r) => setTimeout(r, 200));
  }
  assert.equal(found.length, count, `${count} ${ext} files written`);
  return found.map((f) => join(dir, f));
}

test("preview and write confirmation drafts, skipping the objector and the person without an address", async () => {
  const dir = dataDir({ seed: "taiwan-wallonia-2025" });
  // The same people with addresses, loaded as a seed folder over the demo.
  const people = JSON.parse(readFileSync(SEED, "utf8")).map((c) => ({
    ...c,
    email: c.id === "con_liege_doctor_3" ? null : `${c.id.slice(4).replaceAll("_", ".")}@example.org`,
    privacy: { ...c.privacy, doNotContact: c.id === "con_liege_doctor_2" },
  }));
  const folder = tempDir("passerelle-e2e-mail-seed-");
  writeFileSync(join(folder, "contacts.json"), JSON.stringify(people));
  execFileSync(CLI, ["--db", join(dir, "passerelle.sqlite3"), "seed", folder]);
  const exports = tempDir("passerelle-e2e-mail-");
  process.env.PASSERELLE_E2E_EXPORT_DIR = exports;

  const { browser, close } = await openApp(dir);
  try {
    await browser.waitUntil(async () => browser.execute(() => document.querySelector("main") !== null), {
      timeout: 30_000,
      timeoutMsg: "the window did not open",
    });
    await browser.execute((m) => (window.location.hash = `#/missions/${m}/documents`), MISSION);
    const summary = await browser.$('[data-testid="mail"] summary');
    await summary.waitForDisplayed({ timeout: 30_000 });
    await summary.click();
    await (await browser.$('[data-testid="mail-template"]')).selectByAttribute("value", "confirmation");
    const subject = await browser.$('[data-testid="mail-sample-subject"]');
    await subject.waitForDisplayed({ timeout: 30_000 });
    await browser.waitUntil(async () => (await subject.getText()).startsWith("行程確認"), {
      timeout: 10_000,
      timeoutMsg: "the first delegate's confirmation is in Traditional Chinese",
    });
    const attachments = await (await browser.$('[data-testid="mail-sample-attachments"]')).getText();
    assert.match(attachments, /\.pdf/);
    assert.match(attachments, /\.ics/);
    await (await browser.$('[data-testid="mail-skipped"]')).waitForDisplayed({ timeout: 10_000 });
    const reasons = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="mail-skipped"] li')].map((li) => li.dataset.reason),
    );
    assert.deepEqual(reasons.sort(), ["noAddress", "objected"]);
    const count = await (await browser.$('[data-testid="mail-count"]')).getText();
    const drafts = Number(/\d+/.exec(count)[0]);
    assert.ok(drafts >= 15, count);
    await browser.execute(() => document.querySelector('[data-testid="mail"]').scrollIntoView());
    await screenshot(browser, "mail-01-preview");

    await (await browser.$('[data-testid="mail-write"]')).click();
    const written = await browser.$('[data-testid="mail-written"]');
    await written.waitForDisplayed({ timeout: 120_000 });
    const files = await waitForFiles(join(exports, "drafts"), ".eml", drafts);
    const checked = execFileSync("/usr/bin/python3", [
      "-c",
      `import email, email.policy, sys
n = 0
for p in sys.argv[1:]:
    m = email.message_from_bytes(open(p, "rb").read(), policy=email.policy.default)
    assert m["X-Unsent"] == "1", p
    kinds = [a.get_content_type() for a in m.iter_attachments()]
    assert kinds == ["application/pdf", "text/calendar"], (p, kinds)
    n += 1
print(n)`,
      ...files,
    ]).toString();
    assert.equal(Number(checked), drafts);
    for (const f of files) assert.ok(!readFileSync(f, "latin1").includes("liege.doctor.2@"), "no draft to the objector");
    await screenshot(browser, "mail-02-written");
  } finally {
    await close();
  }
});
