// The delegation's logistics as the window shows them: one row per member with their arrival,
// departure and stays, their texts, and the drafts the forms edit (times typed in the host zone).
import type {
  DelegationMember,
  MissionLogistics,
  RoomType,
  Stay,
  StayInput,
  TravelInput,
  TravelKind,
  TravelLeg,
  TravelMode,
} from "../../lib/bindings";
import { formatInstant, formatShortDate } from "../../lib/format";
import { naturalCompare, sortPeople } from "../../lib/sort";
import { wallClock } from "../../lib/zoned";

export type MemberLogistics = {
  member: DelegationMember;
  arrival: TravelLeg | null;
  departure: TravelLeg | null;
  stays: Stay[];
};

/** One row per member (in the order given), with what the mission holds for them. */
export function rowsOf(members: DelegationMember[], logistics: MissionLogistics | null | undefined): MemberLogistics[] {
  const travel = logistics?.travel ?? [];
  const stays = logistics?.stays ?? [];
  return members.map((member) => {
    const id = member.contact.id;
    const leg = (kind: TravelKind) => travel.find((l) => l.contact.id === id && l.kind === kind) ?? null;
    return {
      member,
      arrival: leg("arrival"),
      departure: leg("departure"),
      stays: stays.filter((s) => s.contact.id === id).sort((a, b) => a.checkIn.localeCompare(b.checkIn)),
    };
  });
}

/** "Thu, 26 Jun 2025, 11:40 · Brussels Airport · BR 65", the time in the leg's zone. */
export function travelText(leg: TravelLeg, locale: string): string {
  return [formatInstant(locale, leg.at, leg.tz), leg.place, leg.reference].filter(Boolean).join(" · ");
}

/** "Crowne Plaza · 25 Jun 2025 – 27 Jun 2025". */
export function stayText(stay: Stay, locale: string): string {
  return `${stay.hotel.name} · ${formatShortDate(locale, stay.checkIn)} – ${formatShortDate(locale, stay.checkOut)}`;
}

export type TravelDraft = {
  id: string | null;
  contactId: string;
  kind: TravelKind;
  mode: TravelMode;
  date: string;
  time: string;
  place: string;
  reference: string;
};

/** The form's draft of a leg: the stored one, or a new one on the mission's first (arrival)
 *  or last (departure) day. */
export function travelDraft(
  leg: TravelLeg | null,
  contactId: string,
  kind: TravelKind,
  mission: { startDate: string; endDate: string; hostTz: string },
  lastPlace = "",
): TravelDraft {
  if (leg) {
    const wall = wallClock(leg.at, mission.hostTz);
    return {
      id: leg.id,
      contactId,
      kind,
      mode: leg.mode,
      date: wall.slice(0, 10),
      time: wall.slice(11, 16),
      place: leg.place,
      reference: leg.reference ?? "",
    };
  }
  return {
    id: null,
    contactId,
    kind,
    mode: "flight",
    date: kind === "arrival" ? mission.startDate : mission.endDate,
    time: "",
    place: lastPlace,
    reference: "",
  };
}

/** What the core is sent: the wall-clock time, read by the core in the host zone. */
export function travelInput(draft: TravelDraft, missionId: string): TravelInput {
  return {
    ...(draft.id ? { id: draft.id } : {}),
    missionId,
    contactId: draft.contactId,
    kind: draft.kind,
    mode: draft.mode,
    at: draft.time ? `${draft.date}T${draft.time}` : draft.date,
    place: draft.place,
    reference: draft.reference.trim() || undefined,
  };
}

export type StayDraft = {
  id: string | null;
  contactId: string;
  hotelId: string | null;
  checkIn: string;
  checkOut: string;
  roomType: RoomType;
  sharingWith: string;
  reference: string;
};

export const ROOM_TYPES: RoomType[] = ["single", "double", "twin", "suite"];
export const TRAVEL_MODES: TravelMode[] = ["flight", "train", "other"];

/** The form's draft of a stay: the stored one, or the mission's nights at the hotel last used. */
export function stayDraft(
  stay: Stay | null,
  contactId: string,
  mission: { startDate: string; endDate: string },
  lastHotel: string | null = null,
): StayDraft {
  if (stay) {
    return {
      id: stay.id,
      contactId,
      hotelId: stay.hotel.id,
      checkIn: stay.checkIn,
      checkOut: stay.checkOut,
      roomType: stay.roomType,
      sharingWith: stay.sharingWith?.id ?? "",
      reference: stay.reference ?? "",
    };
  }
  return {
    id: null,
    contactId,
    hotelId: lastHotel,
    checkIn: mission.startDate,
    checkOut: mission.endDate,
    roomType: "single",
    sharingWith: "",
    reference: "",
  };
}

export function stayInput(draft: StayDraft, missionId: string): StayInput {
  return {
    ...(draft.id ? { id: draft.id } : {}),
    missionId,
    contactId: draft.contactId,
    hotelId: draft.hotelId ?? "",
    checkIn: draft.checkIn,
    checkOut: draft.checkOut,
    roomType: draft.roomType,
    sharingWith: draft.sharingWith || undefined,
    reference: draft.reference.trim() || undefined,
  };
}

/** Arrivals or departures of one day at the same time, place and flight: one line of the day view. */
export type TravelGroup = {
  kind: TravelKind;
  /** "07:40", in the place's zone. */
  time: string;
  /** The instant, for the `<time>` element. */
  at: string;
  place: string;
  reference: string | null;
  /** The people, by name. */
  people: string[];
};

/** The legs on `day` (a host-zone date) grouped by kind, time, place and flight, in time order. */
export function travelGroups(legs: TravelLeg[], day: string, hostTz: string, locale: string): TravelGroup[] {
  const groups = new Map<string, TravelGroup>();
  for (const leg of legs) {
    if (wallClock(leg.at, hostTz).slice(0, 10) !== day) continue;
    const time = wallClock(leg.at, leg.tz).slice(11, 16);
    const key = [leg.kind, time, leg.place, leg.reference ?? ""].join("\u001f");
    const group = groups.get(key);
    if (group) group.people.push(leg.contact.name);
    else
      groups.set(key, { kind: leg.kind, time, at: leg.at, place: leg.place, reference: leg.reference ?? null, people: [leg.contact.name] });
  }
  return [...groups.values()]
    .map((g) => ({ ...g, people: sortPeople(g.people, locale, (name) => name) }))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.kind.localeCompare(b.kind) || naturalCompare(locale, a.place, b.place));
}
