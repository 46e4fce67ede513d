// The day view for the keyboard and screen readers (issue 19, access). What a key pressed on an
// item asks, worked out without the calendar so that it can be tested alone. Alt+↑/↓ moves the item by the grid's
// step, Alt+Shift+↑/↓ moves its end (its duration), Alt+←/→ moves it to the column beside; the
// times are the host zone's wall clock, as a drag's are.
import type { AgendaItem } from "../../lib/bindings";
import { columnOf, shifted, type Column, type ColumnMode } from "./logic";

/** The step of a keyboard move, in minutes: the step a drag snaps to. */
export const STEP_MINUTES = 15;

export type KeyMove = { start: number; end: number; column: -1 | 0 | 1 };

/** The move a key asks for, or null when the key is not one of the day view's moves. */
export function keyMove(e: Pick<KeyboardEvent, "key" | "altKey" | "shiftKey" | "ctrlKey" | "metaKey">, step = STEP_MINUTES): KeyMove | null {
  if (!e.altKey || e.ctrlKey || e.metaKey) return null;
  const down = e.key === "ArrowDown" ? 1 : e.key === "ArrowUp" ? -1 : 0;
  if (down !== 0) return e.shiftKey ? { start: 0, end: down * step, column: 0 } : { start: down * step, end: down * step, column: 0 };
  if (e.shiftKey) return null;
  if (e.key === "ArrowLeft") return { start: 0, end: 0, column: -1 };
  if (e.key === "ArrowRight") return { start: 0, end: 0, column: 1 };
  return null;
}

/** Where the item goes: host wall-clock times and the new column (null: the same one). */
export type Planned = { start: string; end: string; column: Column | null };

/**
 * The item's new place, or why it cannot move: `tooShort` (the end would come at or before the
 * start), `edge` (no column further that way), `fixed` (locked or cancelled, as for a drag).
 */
export function planKeyMove(
  item: AgendaItem,
  move: KeyMove,
  hostTz: string,
  cols: Column[],
  mode: ColumnMode,
): Planned | { refused: "tooShort" | "edge" | "fixed" } {
  if (item.locked || item.status === "cancelled") return { refused: "fixed" };
  let column: Column | null = null;
  if (move.column !== 0) {
    const at = cols.findIndex((c) => c.id === columnOf(item, mode));
    const next = cols[at + move.column];
    if (at < 0 || !next) return { refused: "edge" };
    column = next;
  }
  const { start, end } = shifted(item, hostTz, move.start, move.end);
  if (end <= start) return { refused: "tooShort" };
  return { start, end, column };
}

const TABLE_ROLES = ["row", "rowgroup", "columnheader", "rowheader", "cell", "gridcell"];
const TABLE_ATTRIBUTES = ["aria-colindex", "aria-rowindex", "aria-colcount", "aria-rowcount"];

/**
 * The calendar marks its grid up as a table, but the items' buttons sit in that table between
 * its rows, where a table allows none (axe-core: aria-required-children): the grid becomes a
 * group named after the day, its rows and cells plain boxes, and each item says its column in
 * its own name (`columnOf` text in the event's content). Run after the calendar drew.
 */
export function plainGrid(root: HTMLElement | undefined, label: string) {
  const grid = root?.querySelector<HTMLElement>(".ec");
  if (!grid) return;
  if (grid.getAttribute("role") !== "group") grid.setAttribute("role", "group");
  if (grid.getAttribute("aria-label") !== label) grid.setAttribute("aria-label", label);
  for (const el of grid.querySelectorAll(TABLE_ROLES.map((r) => `[role="${r}"]`).join(", "))) el.removeAttribute("role");
  for (const el of grid.querySelectorAll(TABLE_ATTRIBUTES.map((a) => `[${a}]`).join(", "))) {
    for (const a of TABLE_ATTRIBUTES) el.removeAttribute(a);
  }
}

/**
 * Gives the focus back to the item `id` once it is drawn again after a change (a move, an
 * undo): the element that had the focus may be replaced. Stops once the focus is elsewhere.
 */
export function refocusItem(root: HTMLElement | undefined, id: string, was: Element | null) {
  const until = performance.now() + 3000;
  const selector = `.ec-event[data-item="${CSS.escape(id)}"], .pg-nested-item[data-item="${CSS.escape(id)}"], [data-testid="list-row"][data-id="${CSS.escape(id)}"]`;
  const step = () => {
    const active = document.activeElement;
    if (active && active !== document.body && active !== was) return; // the planner went on
    const now = root?.querySelector<HTMLElement>(selector);
    if (now && now !== active) now.focus();
    if (performance.now() < until) requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
}
