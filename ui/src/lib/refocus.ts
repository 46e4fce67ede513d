import { tick } from "svelte";

/**
 * Gives the focus to `selector` once the page is drawn again: after an in-place form or a
 * question closes, the keyboard goes back to the button that opened it (or to where the
 * planner now types), which the change itself has just drawn anew.
 */
export async function focusWhenDrawn(selector: string): Promise<void> {
  await tick();
  document.querySelector<HTMLElement>(selector)?.focus();
}
