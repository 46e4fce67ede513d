// Every screen of the seeded Taiwan–Wallonia mission, for the tests that walk them all (the
// languages test, the accessibility audit). The mission's tabs are read from the window's router,
// so that a tab added there is walked without touching the tests.

import { readFileSync } from "node:fs";
import { resolve } from "node:path";

export const MISSION = "mis_tsha_wallonia_2025";

const ROUTER = readFileSync(resolve(import.meta.dirname, "../../ui/src/lib/router.svelte.ts"), "utf8");
const tabs = /MISSION_TABS\s*=\s*\[([^\]]*)\]/.exec(ROUTER);
if (!tabs) throw new Error("MISSION_TABS not found in ui/src/lib/router.svelte.ts");
export const MISSION_TABS = [...tabs[1].matchAll(/"([a-z-]+)"/g)].map((m) => m[1]);

/** [name, hash] of every screen. */
export const SCREENS = [
  ["missions", "#/missions"],
  ...MISSION_TABS.map((tab) => [`mission ${tab}`, `#/missions/${MISSION}/${tab}`]),
  ["organisations", "#/organisations"],
  ["organisation", "#/organisations/org_awex"],
  ["contacts", "#/contacts"],
  ["contact", "#/contacts/con_maxime_rossi"],
  ["technologies", "#/technologies"],
  ["technology", "#/technologies/tec_ecg_mi_detection"],
  ["directory", "#/directory"],
  ["backups", "#/backups"],
];

/** Waits until the screen's text stops changing (data loaded, nothing still loading or rendering). */
export async function settledText(browser) {
  let last = null;
  for (let i = 0; i < 40; i++) {
    const text = await browser.execute(() => document.querySelector("main")?.innerText ?? "");
    const busy = await browser.execute(() => document.querySelector('[aria-busy="true"], main .loading') !== null);
    if (text === last && !busy && text.length > 0) return text;
    last = text;
    await new Promise((r) => setTimeout(r, 250));
  }
  return last ?? "";
}
