// Editing the directory in the real window (issue 3): create an organisation through its form
// (a bad country code is refused beside its field), add a department, create a technology owned
// by it, and see both in their lists; then enter the same person twice through the contact form
// and merge the pair in the duplicates review.

import { test } from "node:test";
import assert from "node:assert/strict";
import { click, dataDir, openApp, screenshot, setField } from "./harness.mjs";

const $ = (browser, id) => browser.$(`[data-testid="${id}"]`);

async function go(browser, hash) {
  await browser.execute((h) => (window.location.hash = h), hash);
}

async function type(browser, id, text) {
  const el = await $(browser, id);
  await el.waitForDisplayed({ timeout: 15_000 });
  await el.setValue(text);
}

/** The visible text of a list (only the rows on screen exist: the lists are virtualised). */
async function listText(browser, id) {
  return browser.execute((i) => document.querySelector(`[data-testid="${i}"]`)?.textContent ?? "", id);
}

/** `lookAlike`: the name the form says already exists before saving; the planner saves anyway. */
async function newContact(browser, given, family, email, lookAlike = null) {
  await go(browser, "#/contacts");
  await (await $(browser, "contact-new")).waitForDisplayed({ timeout: 15_000 });
  await (await $(browser, "contact-new")).click();
  await type(browser, "field-givenName", given);
  await type(browser, "field-familyName", family);
  await type(browser, "field-email", email);
  await (await $(browser, "contact-form-save")).click();
  if (lookAlike) {
    const box = await $(browser, "look-alikes");
    await box.waitForDisplayed({ timeout: 15_000 });
    assert.match(await box.getText(), new RegExp(lookAlike));
    await (await $(browser, "look-alike-save-anyway")).click();
  }
  const name = await $(browser, "contact-name");
  await name.waitForDisplayed({ timeout: 15_000 });
  await browser.waitUntil(async () => (await name.getText()).includes(family), { timeout: 10_000 });
}

test("create an organisation with a department and a technology, merge a duplicate, in the real window", async () => {
  const dir = dataDir({ seed: "taiwan-wallonia-2025" });
  const { browser, close } = await openApp(dir);
  try {
    await (await $(browser, "mission-card")).waitForDisplayed({ timeout: 30_000 });

    // A new organisation; the backend refuses "XX" and says so beside the country.
    await go(browser, "#/organisations");
    await (await $(browser, "organisation-new")).waitForDisplayed({ timeout: 15_000 });
    await (await $(browser, "organisation-new")).click();
    await type(browser, "org-field-name", "Clinique Saint-Luc Bouge");
    await type(browser, "org-field-city", "Namur");
    await type(browser, "org-field-country", "XX");
    await (await $(browser, "organisation-form-save")).click();
    const countryError = await $(browser, "error-country");
    await countryError.waitForDisplayed({ timeout: 15_000 });
    assert.ok((await countryError.getText()).length > 0);
    await screenshot(browser, "directory-edit-01-country-error");
    await type(browser, "org-field-country", "BE");
    await type(browser, "org-field-tz", "Europe/Brussels");
    await (await $(browser, "organisation-form-save")).click();
    const orgName = await $(browser, "organisation-name");
    await orgName.waitForDisplayed({ timeout: 15_000 });
    assert.equal(await orgName.getText(), "Clinique Saint-Luc Bouge");

    // Its cardiology department.
    await (await $(browser, "department-add")).click();
    await type(browser, "department-name", "Service de cardiologie");
    await (await $(browser, "department-specialty")).selectByAttribute("value", "cardiology");
    await (await $(browser, "department-save")).click();
    await browser.waitUntil(
      async () => (await browser.$("main").getText()).includes("Service de cardiologie"),
      { timeout: 15_000, timeoutMsg: "the department is not listed" },
    );
    await screenshot(browser, "directory-edit-02-organisation");

    // A technology owned by it (the owner found by typing without accents).
    await go(browser, "#/technologies");
    await (await $(browser, "technology-new")).waitForDisplayed({ timeout: 15_000 });
    await (await $(browser, "technology-new")).click();
    await type(browser, "tech-field-name", "EchoTriage");
    await type(browser, "tech-field-ownerId-search", "saint-luc bouge");
    const owner = await $(browser, "tech-field-ownerId");
    await browser.waitUntil(async () => (await owner.$$("option")).length === 2, { timeout: 10_000, timeoutMsg: "owner not found by typing" });
    await owner.selectByIndex(1);
    await (await $(browser, "tech-field-ceMdrClass")).selectByAttribute("value", "IIa");
    await (await $(browser, "tech-field-euAiActRisk")).selectByAttribute("value", "high");
    await (await $(browser, "tech-field-maturity")).selectByAttribute("value", "clinical_validation");
    await type(browser, "tech-field-taiwanFda", "Class II, pending");
    await screenshot(browser, "directory-edit-03-technology-form");
    await (await $(browser, "technology-form-save")).click();
    const techName = await $(browser, "technology-name");
    await techName.waitForDisplayed({ timeout: 15_000 });
    assert.equal(await techName.getText(), "EchoTriage");
    assert.match(await (await browser.$(".eyebrow")).getText(), /Saint-Luc Bouge/i);

    // Both in their lists.
    await go(browser, "#/technologies");
    await (await $(browser, "technology-list")).waitForDisplayed({ timeout: 15_000 });
    await type(browser, "filter", "echotriage");
    await screenshot(browser, "directory-edit-04a-technology-list");
    await browser.waitUntil(async () => (await listText(browser, "technology-list")).includes("EchoTriage"), {
      timeout: 10_000,
      timeoutMsg: "EchoTriage not in the technology list",
    });
    await go(browser, "#/organisations");
    await type(browser, "filter", "saint-luc");
    await browser.waitUntil(
      async () => /Clinique Saint-Luc Bouge[\s\S]*1/.test(await listText(browser, "organisation-list")),
      { timeout: 10_000, timeoutMsg: "the organisation (with one department) is not in the list" },
    );
    await screenshot(browser, "directory-edit-04-lists");

    // The same person entered twice (the second time without accents): the form says she
    // exists before saving; saved anyway, a likely duplicate, merged in the review screen,
    // leaving one record.
    await newContact(browser, "Élise", "Marchal", "elise.marchal@saintluc.be");
    await newContact(browser, "Elise", "Marchal", "ELISE.MARCHAL@saintluc.be", "Élise Marchal");
    await go(browser, "#/directory");
    await (await $(browser, "duplicates")).waitForDisplayed({ timeout: 15_000 });
    let group;
    await browser.waitUntil(
      async () => {
        for (const g of await browser.$$('[data-testid="duplicate-group"]')) {
          if ((await g.getText()).includes("Marchal")) {
            group = g;
            return true;
          }
        }
        return false;
      },
      { timeout: 15_000, timeoutMsg: "the two Élise Marchal are not shown as duplicates" },
    );
    await screenshot(browser, "directory-edit-05-duplicates");
    await (await group.$('[data-testid="merge"]')).click();
    await (await group.$('[data-testid="merge-confirm"]')).click();
    await (await $(browser, "merge-done")).waitForDisplayed({ timeout: 15_000 });
    await go(browser, "#/contacts");
    await type(browser, "filter", "marchal");
    await browser.waitUntil(async () => (await listText(browser, "contact-list")).includes("Marchal"), { timeout: 10_000 });
    await browser.pause(300);
    const rows = await listText(browser, "contact-list");
    assert.equal(rows.match(/Marchal/g)?.length, 1, `after the merge: ${rows}`);
    await screenshot(browser, "directory-edit-06-merged");
  } finally {
    await close();
  }
});

test("delete an organisation in French: the window says what goes with it and what stays, in words", async () => {
  const dir = dataDir({ seed: "taiwan-wallonia-2025" });
  const { browser, close } = await openApp(dir);
  try {
    await (await $(browser, "mission-card")).waitForDisplayed({ timeout: 30_000 });
    await browser.execute(() => document.querySelector('[data-testid="locale-fr"]').click());
    await go(browser, "#/organisations/org_chc_mont_legia");
    await (await $(browser, "organisation-delete")).waitForDisplayed({ timeout: 15_000 });
    await (await $(browser, "organisation-delete")).click();
    const box = await $(browser, "organisation-delete-confirm");
    await box.waitForDisplayed({ timeout: 15_000 });
    const said = await box.getText();
    assert.match(said, /Supprimer CHC Mont Légia \?/);
    assert.match(said, /Sera conservé, mais plus lié :[\s\S]*\d+ contacts/);
    assert.match(said, /\d+ sites?\b/);
    // Never a table's name.
    assert.doesNotMatch(said, /mission_organisers|cost_lines|contacts \(\d/);
    await screenshot(browser, "directory-edit-07-delete-confirm-fr");

    // Escape keeps it; the second time it goes, and its people stay, without it.
    await browser.keys(["Escape"]);
    await browser.waitUntil(async () => !(await box.isExisting()), { timeout: 5_000 });
    await (await $(browser, "organisation-delete")).click();
    await (await $(browser, "organisation-delete-confirm-yes")).click();
    await (await $(browser, "organisation-list")).waitForDisplayed({ timeout: 15_000 });
    await go(browser, "#/contacts/con_liege_doctor_1");
    await (await $(browser, "contact-name")).waitForDisplayed({ timeout: 15_000 });
    assert.match(await (await $(browser, "contact-name")).getText(), /Médecin liégeois 1/);
    assert.equal(await (await browser.$('a[href="#/organisations/org_chc_mont_legia"]')).isExisting(), false);

    // The shared specialty list: cardiology renamed in French, its people keeping it.
    await go(browser, "#/directory");
    const list = await $(browser, "specialty-list");
    await list.waitForDisplayed({ timeout: 15_000 });
    await browser.execute(() => document.querySelector('[data-testid="specialty-list"]').setAttribute("open", ""));
    const row = await browser.$('[data-specialty="cardiology"]');
    await row.scrollIntoView({ block: "center" });
    await (await row.$('[data-testid="specialty-rename"]')).click();
    await type(browser, "specialty-rename-fr", "Cardiologie et médecine vasculaire");
    await (await $(browser, "specialty-rename-save")).click();
    await browser.waitUntil(async () => (await row.getText()).includes("Cardiologie et médecine vasculaire"), {
      timeout: 10_000,
      timeoutMsg: "the new French label is not listed",
    });
    await screenshot(browser, "directory-edit-08-specialty-renamed-fr");
    await go(browser, "#/contacts/con_liege_doctor_1");
    await browser.waitUntil(async () => (await browser.execute(() => document.body.textContent)).includes("Cardiologie et médecine vasculaire"), {
      timeout: 10_000,
      timeoutMsg: "the contact does not show the renamed specialty",
    });

    // A colleague entered the same specialty again: the duplicate is added, then cardiology is
    // deleted into it; the window says who holds it, and its people hold the entry kept.
    await go(browser, "#/directory");
    await (await $(browser, "specialty-add")).waitForDisplayed({ timeout: 15_000 });
    await type(browser, "specialty-label-en", "Heart medicine");
    await type(browser, "specialty-label-fr", "Médecine du cœur");
    await click(browser, "specialty-save");
    await browser.execute(() => document.querySelector('[data-testid="specialty-list"]').setAttribute("open", ""));
    await browser.waitUntil(async () => (await browser.$('[data-specialty="heart_medicine"]')).isExisting(), {
      timeout: 10_000,
      timeoutMsg: "the added specialty is not listed",
    });
    const cardio = await browser.$('[data-specialty="cardiology"]');
    await cardio.scrollIntoView({ block: "center" });
    await (await cardio.$('[data-testid="specialty-delete"]')).click();
    const confirm = await $(browser, "specialty-delete-confirm");
    await confirm.waitForDisplayed({ timeout: 10_000 });
    const asked = await confirm.getText();
    assert.match(asked, /Retirer « Cardiologie et médecine vasculaire » de la liste \?/);
    assert.match(asked, /Sera conservé, mais plus lié :[\s\S]*\d+ contacts?/);
    await setField(browser, "specialty-delete-into", "heart_medicine");
    assert.match(await (await $(browser, "specialty-delete-moved")).getText(), /Ils porteront « Médecine du cœur » à la place\./);
    await screenshot(browser, "directory-edit-09-specialty-delete-into-fr");
    await click(browser, "specialty-delete-confirm-yes");
    await browser.waitUntil(async () => !(await (await browser.$('[data-specialty="cardiology"]')).isExisting()), {
      timeout: 10_000,
      timeoutMsg: "cardiology is still listed",
    });
    await go(browser, "#/contacts/con_liege_doctor_1");
    await browser.waitUntil(async () => (await browser.execute(() => document.body.textContent)).includes("Médecine du cœur"), {
      timeout: 10_000,
      timeoutMsg: "the contact does not hold the specialty kept",
    });

    // Tags: "trail" (one person) merged into "hôte", said before it is saved.
    await go(browser, "#/directory");
    const tagList = await $(browser, "tag-list");
    await tagList.waitForDisplayed({ timeout: 15_000 });
    await browser.execute(() => document.querySelector('[data-testid="tag-list"]').setAttribute("open", ""));
    const hostsBefore = await browser.execute(() => document.querySelector('[data-tag="hôte"] .count').textContent);
    const trailRow = await browser.$('[data-tag="trail"]');
    await browser.execute((e) => e.scrollIntoView({ block: "center" }), trailRow);
    await (await trailRow.$('[data-testid="tag-rename"]')).click();
    await type(browser, "tag-rename-name", "hôte");
    assert.match(await (await $(browser, "tag-merges")).getText(), /« hôte » est déjà utilisée : les deux étiquettes seront fusionnées\./);
    await screenshot(browser, "directory-edit-10-tag-merge-fr");
    await click(browser, "tag-rename-save");
    await browser.waitUntil(async () => !(await (await browser.$('[data-tag="trail"]')).isExisting()), {
      timeout: 10_000,
      timeoutMsg: "the merged tag is still listed",
    });
    const hostsAfter = await browser.execute(() => document.querySelector('[data-tag="hôte"] .count').textContent);
    assert.equal(parseInt(hostsAfter, 10), parseInt(hostsBefore, 10) + 1, `${hostsBefore} → ${hostsAfter}`);
  } finally {
    await close();
  }
});
