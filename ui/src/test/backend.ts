// A fake backend for component tests, built on `mockIPC` from @tauri-apps/api/mocks.
import { mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import { writes } from "../dev/writes";
import { READS } from "../lib/store-events.svelte";
import type {
  ApiError,
  AppInfo,
  Contact,
  ContactSummary,
  MissionDetail,
  MissionInput,
  MissionSummary,
  OrganisationSummary,
  Site,
  SiteInput,
  SiteItem,
  TeamStatus,
  TimeZoneInfo,
} from "../lib/bindings";
import { programmeState } from "./fixtures";

/** The copy's standing with the team server (not joined unless overridden). */
export function teamStatus(overrides: Partial<TeamStatus> = {}): TeamStatus {
  return {
    state: "notJoined",
    message: { code: "team.state.notJoined", params: {} },
    server: null,
    member: null,
    lastSync: null,
    opsWaiting: 0,
    scopes: [],
    ...overrides,
  };
}

export type Call = { cmd: string; args: Record<string, unknown> | undefined };
export type Handler = (input: Record<string, unknown>) => unknown;

export function appInfo(overrides: Partial<AppInfo> = {}): AppInfo {
  return {
    version: "0.1.0",
    dataDir: "/data",
    dbPath: "/data/passerelle.sqlite",
    schemaVersion: 1,
    isEmpty: false,
    locale: "fr",
    seeds: ["taiwan-wallonia-2025", "belgian-ehealth"],
    recovery: null,
    ...overrides,
  };
}

/**
 * Installs the fake backend. Commands not in `handlers` answer like an empty database.
 * Returns the list of calls made (event-plugin traffic excluded), for assertions.
 */
export function fakeBackend(handlers: Record<string, Handler>): Call[] {
  const calls: Call[] = [];
  const defaults: Record<string, Handler> = {
    get_app_info: () => appInfo(),
    first_screen_shown: () => null,
    list_specialties: () => [],
    list_missions: () => [],
    list_organisations: () => [],
    list_contacts: () => [],
    list_technologies: () => [],
    set_locale: () => null,
    list_printers: () => ({ names: [], default: null, available: true }),
    similar_contacts: () => [],
    list_sync_conflicts: () => [],
    list_exchanges: () => [],
    team_status: () => teamStatus(),
  };
  mockIPC(
    (cmd, args) => {
      const payload = args as Record<string, unknown> | undefined;
      calls.push({ cmd, args: payload });
      const handler = handlers[cmd] ?? defaults[cmd];
      if (!handler) {
        throw { kind: "internal", message: `unexpected command ${cmd}`, field: null } satisfies ApiError;
      }
      const out = handler((payload?.input ?? {}) as Record<string, unknown>);
      if (writes(cmd)) announceWrite();
      return out;
    },
    { shouldMockEvents: true },
  );
  return calls;
}

/** What the backend does after a commit: says which kinds (and, when few, ids) it touched. */
export function emitStoreChanged(entities: string[], ids: Record<string, string[]> = {}): Promise<void> {
  return emit("store-changed", { entities, ids });
}

/** Announcements not yet made: a test that ends first takes them with it (`stopAnnouncements`). */
const pending = new Set<ReturnType<typeof setTimeout>>();

/** A fake write's commit, announced as touching every kind the window reads. */
function announceWrite(): void {
  const timer = setTimeout(() => {
    pending.delete(timer);
    void emitStoreChanged(Object.values(READS).flat());
  }, 0);
  pending.add(timer);
}

/** Called after each test, before the fake backend goes: an announcement after it has nothing to reach. */
export function stopAnnouncements(): void {
  for (const timer of pending) clearTimeout(timer);
  pending.clear();
}

export function callsOf(calls: Call[], cmd: string): Call[] {
  return calls.filter((c) => c.cmd === cmd);
}

// ——— A small stateful backend for the missions, sites and delegation screens (issue 13) ———

/** A few zones, as list_time_zones answers (sorted by zone). */
export const TIME_ZONES: TimeZoneInfo[] = [
  { zone: "America/Adak", country: "US", primary: false },
  { zone: "America/New_York", country: "US", primary: true },
  { zone: "Asia/Taipei", country: "TW", primary: true },
  { zone: "Asia/Tokyo", country: "JP", primary: true },
  { zone: "Europe/Amsterdam", country: "NL", primary: true },
  { zone: "Europe/Brussels", country: "BE", primary: true },
  { zone: "Europe/Luxembourg", country: "LU", primary: true },
  { zone: "Europe/Paris", country: "FR", primary: true },
];

/** The world the handlers edit: missions by id, the directory's people, the items at each site. */
export type MissionWorld = {
  missions: MissionDetail[];
  archived: Set<string>;
  contacts: ContactSummary[];
  organisations: OrganisationSummary[];
  /** Site id → the items held there (what site_items answers). */
  itemsAt: Record<string, SiteItem[]>;
  /** Missions whose delete is refused (they have outcomes). */
  withOutcomes: Set<string>;
};

export function missionWorld(missions: MissionDetail[], over: Partial<MissionWorld> = {}): MissionWorld {
  return {
    missions: structuredClone(missions),
    archived: new Set(),
    contacts: [],
    organisations: [],
    itemsAt: {},
    withOutcomes: new Set(),
    ...over,
  };
}

const invalid = (message: string, field: string): ApiError => ({ kind: "validation", message: `${field}: ${message}`, field });

/** Handlers for the commands of issue 13 (plus the reads they refresh), over `world`. */
export function missionHandlers(world: MissionWorld): Record<string, Handler> {
  const find = (id: unknown) => {
    const d = world.missions.find((m) => m.mission.id === id);
    if (!d) throw { kind: "notFound", message: `No mission with id ${String(id)}.`, field: "id" } satisfies ApiError;
    return d;
  };
  const summary = (d: MissionDetail): MissionSummary => ({
    ...d.mission,
    delegationCount: d.delegation.length,
    siteCount: d.sites.length,
    itemCount: d.days.reduce((n, day) => n + day.items.length, 0),
    archived: world.archived.has(d.mission.id),
  });
  let seq = 0;
  return {
    list_missions: () => world.missions.map(summary),
    get_mission: (input) => structuredClone(find(input.id)),
    list_time_zones: () => TIME_ZONES,
    list_contacts: () => world.contacts,
    list_organisations: () => world.organisations,
    save_mission: (input) => {
      const i = input as unknown as MissionInput;
      if (!i.title) throw invalid("a title is required", "title");
      if (i.endDate < i.startDate) throw invalid("ends before it starts", "endDate");
      const org = (id: string) => ({ id, name: world.organisations.find((o) => o.id === id)?.name ?? id });
      const mission = {
        id: i.id ?? `mis_new_${++seq}`,
        title: i.title,
        originCountry: i.originCountry,
        hostCountry: i.hostCountry,
        startDate: i.startDate,
        endDate: i.endDate,
        homeTz: i.homeTz,
        hostTz: i.hostTz,
        objectives: i.objectives ?? null,
        objectivesIn: i.objectivesIn ?? {},
        notes: i.notes ?? null,
        titles: i.titles ?? {},
      };
      const organisers = i.organisers.map((o) => ({ organisation: org(o.organisationId), role: o.role }));
      if (i.id) {
        const d = find(i.id);
        d.mission = mission;
        d.organisers = organisers;
      } else {
        const from = i.fromMissionId ? find(i.fromMissionId) : null;
        world.missions.push({
          mission,
          organisers,
          subgroups: from ? structuredClone(from.subgroups) : [],
          delegation: [],
          sites: from ? structuredClone(from.sites) : [],
          availability: [],
          days: [],
          followups: [],
          staffDays: null,
        });
      }
      return mission.id;
    },
    set_mission_archived: (input) => {
      find(input.id);
      if (input.archived) world.archived.add(String(input.id));
      else world.archived.delete(String(input.id));
      return null;
    },
    delete_mission: (input) => {
      find(input.id);
      if (world.withOutcomes.has(String(input.id))) {
        throw { kind: "conflict", message: "This mission has outcomes and follow-ups: archive it instead.", field: null } satisfies ApiError;
      }
      world.missions = world.missions.filter((m) => m.mission.id !== input.id);
      return null;
    },
    save_site: (input) => {
      const i = input as unknown as SiteInput;
      const d = find(i.missionId);
      if (!i.name) throw invalid("a name is required", "name");
      if (!TIME_ZONES.some((z) => z.zone === i.tz)) throw invalid(`unknown time zone ${i.tz}`, "tz");
      const org = i.organisationId ? { id: i.organisationId, name: world.organisations.find((o) => o.id === i.organisationId)?.name ?? i.organisationId } : null;
      const old = d.sites.find((s) => s.id === i.id);
      const site: Site = {
        id: i.id ?? `sit_new_${++seq}`,
        organisation: org,
        department: null,
        name: i.name,
        address: i.address ?? null,
        postalCode: i.postalCode ?? null,
        city: i.city ?? null,
        country: i.country ?? "",
        latitude: null,
        longitude: null,
        tz: i.tz,
        opensAt: i.opensAt ?? null,
        closesAt: i.closesAt ?? null,
        accessNotes: i.accessNotes ?? null,
        rooms: old?.rooms ?? [],
      };
      d.sites = old ? d.sites.map((s) => (s.id === site.id ? site : s)) : [...d.sites, site];
      const zoneCountry = TIME_ZONES.find((z) => z.zone === i.tz)?.country;
      return { id: site.id, warnings: i.country && zoneCountry !== i.country ? ["zoneNotCountry"] : [] };
    },
    site_items: (input) => world.itemsAt[String(input.id)] ?? [],
    delete_site: (input) => {
      const id = String(input.id);
      const items = world.itemsAt[id] ?? [];
      if (items.length > 0 && !input.moveTo) {
        throw { kind: "conflict", message: `${items.length} items are held at this site.`, field: null } satisfies ApiError;
      }
      if (input.moveTo) world.itemsAt[String(input.moveTo)] = [...(world.itemsAt[String(input.moveTo)] ?? []), ...items];
      delete world.itemsAt[id];
      for (const d of world.missions) d.sites = d.sites.filter((s) => s.id !== id);
      return null;
    },
    add_member: (input) => {
      const d = find(input.missionId);
      if (d.delegation.some((m) => m.contact.id === input.contactId)) {
        throw invalid("already in the delegation", "contactId");
      }
      const contact = world.contacts.find((c) => c.id === input.contactId);
      if (!contact) throw { kind: "notFound", message: `No contact with id ${String(input.contactId)}.`, field: "contactId" } satisfies ApiError;
      d.delegation.push({ id: `dlm_new_${++seq}`, contact, role: String(input.role), subgroupId: (input.subgroupId as string | null) ?? null });
      return null;
    },
    save_member: (input) => {
      const d = find(input.missionId);
      const m = d.delegation.find((x) => x.contact.id === input.contactId);
      if (m) {
        m.role = String(input.role);
        m.subgroupId = (input.subgroupId as string | null) ?? null;
      }
      return null;
    },
    remove_member: (input) => {
      const d = find(input.missionId);
      d.delegation = d.delegation.filter((x) => x.contact.id !== input.contactId);
      return null;
    },
    save_contact: (input) => {
      const c = input as unknown as Contact;
      if (!c.familyName) throw invalid("a family name is required", "familyName");
      const org = c.organisationId ? { id: c.organisationId, name: world.organisations.find((o) => o.id === c.organisationId)?.name ?? c.organisationId } : null;
      world.contacts.push({
        id: c.id,
        displayName: `${c.givenName} ${c.familyName}`.trim(),
        nativeName: c.nativeName,
        title: c.title,
        role: c.role,
        organisation: org,
        specialties: c.specialties,
        tags: c.tags,
        placeholder: false,
      });
      return { contact: c, organisation: org, department: null, missions: [] };
    },
    similar_contacts: (input) => {
      // Same name (either order, any case) at the same organisation or where either has none.
      const key = (name: string) => name.toLowerCase().split(/\s+/).filter(Boolean).sort().join(" ");
      const wanted = key(`${String(input.givenName)} ${String(input.familyName)}`);
      return world.contacts
        .filter((c) => c.id !== input.exceptId && key(c.displayName) === wanted)
        .filter((c) => !c.organisation || !input.organisationId || c.organisation.id === input.organisationId)
        .map((c) => ({ id: c.id, name: c.displayName, nativeName: c.nativeName, email: null, organisation: c.organisation, links: 0 }));
    },
    get_programme_state: () => programmeState(),
    list_mission_departments: () => [],
    search_directory: (input) => {
      const q = String(input.text).toLowerCase();
      return world.contacts
        .filter((c) => c.displayName.toLowerCase().includes(q))
        .map((c) => ({ kind: "contact", id: c.id, name: c.displayName, detail: c.organisation?.name ?? null, score: 0 }));
    },
  };
}
