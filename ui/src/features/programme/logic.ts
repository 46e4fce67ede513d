// Pure helpers of the programme editor: the calendar's host wall-clock times, its
// columns (sub-groups, sites or rooms), and conflicts by item. No DOM, no IPC: unit-tested.
import type { AgendaItem, Conflict, MissionDetail } from "../../lib/bindings";
import { sortNatural, sortPeople } from "../../lib/sort";
import { addMinutes, wallClock } from "../../lib/zoned";

/**
 * The calendar is handed host wall-clock times as ISO text without an offset, which
 * @event-calendar/core keeps as floating times (it never converts them through the computer's
 * zone), so an item sits at its host time whatever the zone of the computer, even on a day when
 * the computer's own clock skips or repeats an hour.
 */
export function toCalendarIso(iso: string, hostTz: string): string {
  return `${wallClock(iso, hostTz)}:00`;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** A local Date back to "YYYY-MM-DDTHH:MM" (only for dates the computer's zone can hold). */
export function fromCalendarDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The calendar's duration (a drag's delta) in minutes. */
export function deltaMinutes(delta: { days?: number; seconds?: number } | undefined): number {
  return Math.round((delta?.days ?? 0) * 24 * 60 + (delta?.seconds ?? 0) / 60);
}

/**
 * Where an item lands after a drag or resize: its host wall-clock start and end shifted by the
 * calendar's deltas (computed from our own times, never from the calendar's local Dates).
 */
export function shifted(item: AgendaItem, hostTz: string, startDelta: number, endDelta: number): { start: string; end: string } {
  return {
    start: addMinutes(wallClock(item.start, hostTz), startDelta),
    end: addMinutes(wallClock(item.end, hostTz), endDelta),
  };
}

/** "14:00–15:15", the item's host times as the day view shows them. */
export function timeRange(item: AgendaItem, hostTz: string): string {
  return `${wallClock(item.start, hostTz).slice(11)}–${wallClock(item.end, hostTz).slice(11)}`;
}

/** The day grid's scale, as DayView gives it to the calendar: 28 px for each 30 minutes. */
export const SLOT_HEIGHT_PX = 28;
export const SLOT_MINUTES = 30;
/** One line of an item's text (--fs-sm at line-height 1.25) and the block's own padding. */
const LINE_PX = 16.25;
const BLOCK_PADDING_PX = 4;

/**
 * How an item's text fits its block in the day grid: a block with room for one line shows its
 * time and title on that line; a taller one gives the title the lines under the time, the last
 * one ending in an ellipsis (a title cut mid-line, half hidden, read as a broken screen).
 */
export function textFit(item: AgendaItem, hostTz: string): { inline: boolean; titleLines: number } {
  const minutes = (Date.parse(`${wallClock(item.end, hostTz)}Z`) - Date.parse(`${wallClock(item.start, hostTz)}Z`)) / 60_000;
  const lines = Math.floor(((minutes * SLOT_HEIGHT_PX) / SLOT_MINUTES - BLOCK_PADDING_PX) / LINE_PX);
  return lines < 2 ? { inline: true, titleLines: 1 } : { inline: false, titleLines: lines - 1 };
}

/** The first hour the day grid shows: 07:00, or earlier when an item of the day starts earlier. */
export function firstSlot(items: AgendaItem[], date: string, hostTz: string): string {
  let hour = 7;
  for (const item of items) {
    const w = wallClock(item.start, hostTz);
    if (w.slice(0, 10) === date) hour = Math.min(hour, Number(w.slice(11, 13)));
  }
  return `${pad(hour)}:00:00`;
}

/**
 * Where the day grid opens: the half hour before the day's first item (host wall clock),
 * or 08:00 on a day without items.
 */
export function firstItemTime(items: AgendaItem[], date: string, hostTz: string): string {
  let first: number | null = null;
  for (const item of items) {
    const w = wallClock(item.start, hostTz);
    if (w.slice(0, 10) !== date) continue;
    const minutes = Number(w.slice(11, 13)) * 60 + Number(w.slice(14, 16));
    if (first === null || minutes < first) first = minutes;
  }
  if (first === null) return "08:00:00";
  const at = Math.max(0, Math.floor(first / 30) * 30 - 30);
  return `${pad(Math.floor(at / 60))}:${pad(at % 60)}:00`;
}

export type ColumnMode = "subgroup" | "site" | "room";
export const WHOLE = "whole";
export const NO_PLACE = "none";

export type Column = { id: string; title: string };

/** The columns of the day view: each sub-group (plus the whole delegation), site or room. */
export function columns(
  detail: MissionDetail,
  mode: ColumnMode,
  wholeLabel: string,
  noPlaceLabel: string,
  locale = "en-GB",
): Column[] {
  const natural = (cols: Column[]) => sortNatural(cols, locale, (c) => c.title);
  switch (mode) {
    case "subgroup":
      return [{ id: WHOLE, title: wholeLabel }, ...natural(detail.subgroups.map((g) => ({ id: g.id, title: g.name })))];
    case "site":
      return [...natural(detail.sites.map((s) => ({ id: s.id, title: s.name }))), { id: NO_PLACE, title: noPlaceLabel }];
    case "room":
      return [
        ...natural(detail.sites.flatMap((s) => s.rooms.map((r) => ({ id: r.id, title: `${r.name} · ${s.name}` })))),
        { id: NO_PLACE, title: noPlaceLabel },
      ];
  }
}

/** The column an item sits in. */
export function columnOf(item: AgendaItem, mode: ColumnMode): string {
  switch (mode) {
    case "subgroup":
      return item.subgroup?.id ?? WHOLE;
    case "site":
      return item.site?.id ?? NO_PLACE;
    case "room":
      return item.room?.id ?? NO_PLACE;
  }
}

/** What dropping an item into a column changes, as `move_agenda_item` fields. */
export function columnChange(mode: ColumnMode, column: string): { subgroupId?: string; siteId?: string; roomId?: string } {
  const value = column === WHOLE || column === NO_PLACE ? "" : column;
  switch (mode) {
    case "subgroup":
      return { subgroupId: value };
    case "site":
      return { siteId: value };
    case "room":
      return { roomId: value };
  }
}

/** Item id → the conflicts that name it. */
export function conflictsByItem(conflicts: Conflict[]): Map<string, Conflict[]> {
  const map = new Map<string, Conflict[]>();
  for (const c of conflicts) {
    for (const id of c.items) {
      const list = map.get(id);
      if (list) list.push(c);
      else map.set(id, [c]);
    }
  }
  return map;
}

/** Every item of the mission, flat, in start order. */
export function allItems(detail: MissionDetail): AgendaItem[] {
  return detail.days.flatMap((d) => d.items);
}

/** The mission's dates, from start to end (YYYY-MM-DD), plus any day that holds items. */
export function missionDates(detail: MissionDetail): string[] {
  const dates = new Set<string>(detail.days.map((d) => d.date));
  const [y, m, d] = detail.mission.startDate.split("-").map(Number);
  const end = detail.mission.endDate;
  for (let i = 0; i < 400; i++) {
    const day = new Date(Date.UTC(y, m - 1, d + i)).toISOString().slice(0, 10);
    if (day > end) break;
    dates.add(day);
  }
  return [...dates].sort();
}

/** The people who can take part: the delegation, then everyone already in an item. */
export function candidates(detail: MissionDetail, locale = "en-GB"): { id: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const m of detail.delegation) seen.set(m.contact.id, m.contact.displayName);
  for (const item of allItems(detail)) for (const p of item.participants) if (!seen.has(p.id)) seen.set(p.id, p.name);
  return sortPeople(
    [...seen].map(([id, name]) => ({ id, name })),
    locale,
    (p) => p.name,
  );
}

/**
 * The meetings shown inside a sub-group's session rather than as blocks of their own: as the
 * checker reads it, a session is an unlocked meeting of a sub-group, and an item of the same
 * sub-group strictly inside it (as the scheduler places them, at the same site and in the same
 * room or none) belongs to it. Each nested item goes to the longest session that holds it.
 * Session id → its items by start; cancelled items are never sessions.
 */
export function sessionsOf(items: AgendaItem[]): Map<string, AgendaItem[]> {
  const ms = (iso: string) => new Date(iso).getTime();
  const sessions = items
    .filter((s) => s.kind === "meeting" && !s.locked && s.subgroup && s.status !== "cancelled")
    .sort((a, b) => ms(b.end) - ms(b.start) - (ms(a.end) - ms(a.start)));
  const out = new Map<string, AgendaItem[]>();
  const nested = new Set<string>();
  for (const m of items) {
    const session = sessions.find(
      (s) =>
        s.id !== m.id &&
        !nested.has(s.id) &&
        s.subgroup!.id === m.subgroup?.id &&
        ms(s.start) <= ms(m.start) &&
        ms(m.end) <= ms(s.end) &&
        (ms(m.start) !== ms(s.start) || ms(m.end) !== ms(s.end)) &&
        (!m.site || m.site.id === s.site?.id) &&
        (!m.room || m.room.id === s.room?.id),
    );
    if (!session || out.has(m.id)) continue;
    nested.add(m.id);
    out.set(session.id, [...(out.get(session.id) ?? []), m]);
  }
  for (const list of out.values()) list.sort((a, b) => ms(a.start) - ms(b.start));
  return out;
}
