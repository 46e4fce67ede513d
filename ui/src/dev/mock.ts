// Development-only fake backend, installed by main.ts when the page runs in a plain
// browser (`npm run dev`, no Tauri). Not in the production bundle.
//
// URL switches (before the #):  ?empty   start with an empty database
//                               ?many    add 5,000 organisations and contacts
//                               ?fail    make get_mission answer with an ApiError
//                               ?slow    answer every command after 600 ms
import { mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import { READS } from "../lib/store-events.svelte";
import { writes } from "./writes";
import type {
  ApiError,
  AppInfo,
  Contact,
  ContactSummary,
  MissionDetail,
  MissionInput,
  MissionSummary,
  Organisation,
  OrganisationSummary,
  Site,
  SiteInput,
  Technology,
  TechnologySummary,
} from "../lib/bindings";
import * as demo from "./demo-data";
import type { Exchange, InboxEntry, TeamStatus } from "../lib/bindings";

const NOT_JOINED: TeamStatus = {
  state: "notJoined",
  message: { code: "team.state.notJoined", params: {} },
  server: null,
  member: null,
  lastSync: null,
  opsWaiting: 0,
  scopes: [],
};

type Db = {
  organisations: Organisation[];
  contacts: Contact[];
  technologies: Technology[];
  missionLoaded: boolean;
  directoryLoaded: boolean;
  locale: string | null;
  /** Missions as edited in this session (the demo one is copied in when first loaded). */
  missions: MissionDetail[];
  archived: Set<string>;
  syncConflicts: InboxEntry[];
  exchanges: Exchange[];
  team: TeamStatus;
};

/** A few zones for the pickers (the real backend lists every zone of zone.tab, each country's main one marked primary). */
const TIME_ZONES = [
  ["America/New_York", "US"], ["Asia/Seoul", "KR"], ["Asia/Shanghai", "CN"], ["Asia/Taipei", "TW"], ["Asia/Tokyo", "JP"],
  ["Europe/Amsterdam", "NL"], ["Europe/Berlin", "DE"], ["Europe/Brussels", "BE"], ["Europe/London", "GB"],
  ["Europe/Luxembourg", "LU"], ["Europe/Paris", "FR"],
].map(([zone, country]) => ({ zone, country, primary: true }));

const params = new URLSearchParams(location.search);

const db: Db = {
  organisations: [],
  contacts: [],
  technologies: [],
  missionLoaded: false,
  directoryLoaded: false,
  locale: null,
  missions: [],
  archived: new Set(),
  syncConflicts: [
    {
      conflict: {
        id: "cfl_demo",
        reason: "sync.bothChanged",
        entity: "agenda_items",
        entity_id: "itm_demo",
        field: "time",
        base: { starts_at: "2025-06-26T12:00:00Z", ends_at: "2025-06-26T12:30:00Z" },
        local: { starts_at: "2025-06-26T12:30:00Z", ends_at: "2025-06-26T13:00:00Z" },
        remote: { starts_at: "2025-06-26T12:45:00Z", ends_at: "2025-06-26T13:15:00Z" },
        local_at: "2025-06-20T09:12:00Z",
        remote_at: "2025-06-20T09:14:00Z",
        remote_replica: "rep_b7c1d2e3f4a5",
      },
      record: "Visite du CHU de Liège",
      zone: "Europe/Brussels",
      baseName: null,
      localName: null,
      remoteName: null,
    },
  ],
  exchanges: [],
  team: NOT_JOINED,
};

function loadMission() {
  db.organisations = merge(db.organisations, demo.organisations);
  db.contacts = merge(db.contacts, demo.contacts);
  db.technologies = merge(db.technologies, demo.technologies);
  if (!db.missionLoaded) db.missions.push(missionDetail());
  db.missionLoaded = true;
}

function loadDirectory() {
  const cities = ["Bruxelles", "Liège", "Namur", "Mons", "Charleroi", "Louvain-la-Neuve", "Gand", "Anvers"];
  const kinds = ["hospital", "company", "university", "agency"] as const;
  const extra: Organisation[] = Array.from({ length: 24 }, (_, i) => ({
    id: `org_prospect_${i + 1}`,
    name: `${["Clinique", "MedTech", "Université", "Agence"][i % 4]} prospect ${i + 1}`,
    shortName: null,
    kind: kinds[i % 4],
    parentId: null,
    address: null,
    postalCode: null,
    city: cities[i % cities.length],
    country: "BE",
    latitude: null,
    longitude: null,
    tz: "Europe/Brussels",
    website: null,
    notes: "Prospect from the Belgian e-health press review (dev mock).",
    placeholder: i % 5 === 0,
  }));
  db.organisations = merge(db.organisations, extra);
  db.directoryLoaded = true;
}

function addMany() {
  const many: Organisation[] = Array.from({ length: 5000 }, (_, i) => ({
    ...demo.organisations[i % demo.organisations.length],
    id: `org_bulk_${i}`,
    name: `Bulk organisation ${String(i).padStart(4, "0")}`,
    placeholder: i % 7 === 0,
  }));
  const people: Contact[] = Array.from({ length: 5000 }, (_, i) => ({
    ...demo.contacts[i % demo.contacts.length],
    id: `con_bulk_${i}`,
    givenName: "Person",
    familyName: String(i).padStart(4, "0"),
    nativeName: i % 3 === 0 ? "王小明" : null,
  }));
  db.organisations = merge(db.organisations, many);
  db.contacts = merge(db.contacts, people);
}

function merge<T extends { id: string }>(existing: T[], incoming: T[]): T[] {
  const map = new Map(existing.map((x) => [x.id, x]));
  for (const x of incoming) map.set(x.id, x);
  return [...map.values()];
}

const orgRef = (id: string | null) => {
  const o = id ? db.organisations.find((x) => x.id === id) : undefined;
  return o ? { id: o.id, name: o.shortName ?? o.name } : null;
};

const displayName = (c: Contact) => [c.title, c.givenName, c.familyName].filter(Boolean).join(" ");

function contactSummary(c: Contact): ContactSummary {
  return {
    id: c.id,
    displayName: displayName(c),
    nativeName: c.nativeName,
    title: c.title,
    role: c.role,
    organisation: orgRef(c.organisationId),
    specialties: c.specialties,
    tags: c.tags,
    placeholder: c.placeholder,
  };
}

function orgSummary(o: Organisation): OrganisationSummary {
  return {
    id: o.id,
    name: o.name,
    shortName: o.shortName,
    kind: o.kind,
    city: o.city,
    country: o.country,
    placeholder: o.placeholder,
    departmentCount: demo.departments.filter((d) => d.organisationId === o.id).length,
    contactCount: db.contacts.filter((c) => c.organisationId === o.id).length,
  };
}

function techSummary(x: Technology): TechnologySummary {
  return { id: x.id, name: x.name, owner: orgRef(x.ownerId), specialties: x.specialties, maturity: x.maturity, placeholder: x.placeholder };
}

function missionSummary(d: MissionDetail): MissionSummary {
  return {
    ...d.mission,
    delegationCount: d.delegation.length,
    siteCount: d.sites.length,
    itemCount: d.days.reduce((n, day) => n + day.items.length, 0),
    archived: db.archived.has(d.mission.id),
  };
}

function findMission(id: unknown): MissionDetail {
  const d = db.missions.find((m) => m.mission.id === id);
  if (!d) throw notFound("mission", id);
  return d;
}

function newMockId(prefix: string): string {
  return `${prefix}_${Math.random().toString(16).slice(2, 10)}`;
}

function saveMission(i: MissionInput): string {
  if (!i.title?.trim()) throw { kind: "validation", message: "title: a mission needs a name", field: "title" } satisfies ApiError;
  if (i.endDate < i.startDate) throw { kind: "validation", message: "endDate: the mission ends before it starts", field: "endDate" } satisfies ApiError;
  const mission = {
    id: i.id ?? newMockId("mis"),
    title: i.title.trim(),
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
  const organisers = i.organisers.map((o) => ({ organisation: orgRef(o.organisationId) ?? { id: o.organisationId, name: o.organisationId }, role: o.role }));
  if (i.id) {
    const d = findMission(i.id);
    d.mission = mission;
    d.organisers = organisers;
  } else {
    const from = i.fromMissionId ? findMission(i.fromMissionId) : null;
    db.missions.push({
      mission, organisers, delegation: [], availability: [], days: [], followups: [], staffDays: null,
      subgroups: from ? structuredClone(from.subgroups) : [],
      sites: from ? structuredClone(from.sites) : [],
    });
  }
  return mission.id;
}

function saveSite(i: SiteInput) {
  const d = findMission(i.missionId);
  if (!i.name?.trim()) throw { kind: "validation", message: "name: a site needs a name", field: "name" } satisfies ApiError;
  const zone = TIME_ZONES.find((z) => z.zone === i.tz);
  if (!zone) throw { kind: "validation", message: `tz: unknown time zone "${i.tz}"`, field: "tz" } satisfies ApiError;
  const old = d.sites.find((s) => s.id === i.id);
  const site: Site = {
    id: i.id ?? newMockId("sit"),
    organisation: i.organisationId ? orgRef(i.organisationId) : null,
    department: null,
    name: i.name.trim(),
    address: i.address ?? null,
    postalCode: i.postalCode ?? null,
    city: i.city ?? null,
    country: i.country ?? zone.country,
    latitude: null,
    longitude: null,
    tz: i.tz,
    opensAt: i.opensAt ?? null,
    closesAt: i.closesAt ?? null,
    accessNotes: i.accessNotes ?? null,
    rooms: old?.rooms ?? [],
  };
  d.sites = old ? d.sites.map((s) => (s.id === site.id ? site : s)) : [...d.sites, site];
  return { id: site.id, warnings: i.country && i.country !== zone.country ? ["zoneNotCountry"] : [] };
}

function itemsAt(siteId: unknown) {
  return db.missions.flatMap((d) => d.days.flatMap((day) => day.items)).filter((item) => item.site?.id === siteId);
}

function missionDetail(): MissionDetail {
  const byDate = new Map<string, typeof demo.agenda>();
  for (const item of demo.agenda) {
    const date = item.start.slice(0, 10);
    byDate.set(date, [...(byDate.get(date) ?? []), item]);
  }
  return {
    mission: demo.mission,
    organisers: demo.organisers,
    subgroups: demo.subgroups,
    delegation: demo.delegation.map((d) => ({
      id: d.id,
      contact: contactSummary(db.contacts.find((c) => c.id === d.contactId)!),
      role: d.role,
      subgroupId: d.subgroupId,
    })),
    sites: demo.sites,
    availability: demo.availability,
    days: [...byDate.entries()].map(([date, items]) => ({ date, items })),
    followups: demo.followups,
    staffDays: null,
  };
}

function notFound(what: string, id: unknown): ApiError {
  return { kind: "notFound", message: `No ${what} with id ${String(id)}.`, field: "id" };
}

function appInfo(): AppInfo {
  return {
    version: "0.1.0-dev",
    dataDir: "/tmp/passerelle-dev",
    dbPath: "/tmp/passerelle-dev/passerelle.sqlite",
    schemaVersion: 1,
    isEmpty: db.organisations.length === 0,
    locale: db.locale,
    seeds: ["taiwan-wallonia-2025", "belgian-ehealth"],
    recovery: null,
  };
}

async function handle(cmd: string, payload: Record<string, unknown> | undefined): Promise<unknown> {
  const input = (payload?.input ?? {}) as Record<string, unknown>;
  if (params.has("slow")) await new Promise((r) => setTimeout(r, 600));
  switch (cmd) {
    case "get_app_info":
      return appInfo();
    case "first_screen_shown":
      return null;
    case "set_locale":
      db.locale = String(input.locale);
      return null;
    case "list_specialties":
      return demo.specialties;
    case "load_seed": {
      const before = db.organisations.length + db.contacts.length + db.technologies.length;
      if (input.name === "taiwan-wallonia-2025") loadMission();
      else if (input.name === "belgian-ehealth") loadDirectory();
      else throw { kind: "validation", message: `Unknown seed "${String(input.name)}".`, field: "name" } satisfies ApiError;
      const after = db.organisations.length + db.contacts.length + db.technologies.length;
      return { seed: input.name, created: after - before, updated: 0, unchanged: 0 };
    }
    case "list_missions":
      return db.missions.map(missionSummary);
    case "get_mission":
      if (params.has("fail")) throw { kind: "internal", message: "database is locked (dev mock)", field: null } satisfies ApiError;
      return findMission(input.id);
    case "save_mission":
      return saveMission(input as unknown as MissionInput);
    case "set_mission_archived":
      findMission(input.id);
      if (input.archived) db.archived.add(String(input.id));
      else db.archived.delete(String(input.id));
      return null;
    case "delete_mission":
      if (findMission(input.id).followups.length > 0) {
        throw { kind: "conflict", message: "This mission has outcomes or follow-ups: archive it instead.", field: null } satisfies ApiError;
      }
      db.missions = db.missions.filter((m) => m.mission.id !== input.id);
      return null;
    case "list_time_zones":
      return TIME_ZONES;
    case "save_site":
      return saveSite(input as unknown as SiteInput);
    case "site_items":
      return itemsAt(input.id).map((item) => ({ id: item.id, title: item.title, start: item.start }));
    case "delete_site": {
      const items = itemsAt(input.id);
      if (items.length > 0 && !input.moveTo) {
        throw { kind: "conflict", message: `${items.length} items are held at this site.`, field: null } satisfies ApiError;
      }
      for (const d of db.missions) {
        const target = d.sites.find((s) => s.id === input.moveTo);
        for (const item of items) item.site = target ? { id: target.id, name: target.name } : null;
        d.sites = d.sites.filter((s) => s.id !== input.id);
      }
      return null;
    }
    case "add_member": {
      const d = findMission(input.missionId);
      if (d.delegation.some((m) => m.contact.id === input.contactId)) {
        throw { kind: "validation", message: "contactId: already in the delegation", field: "contactId" } satisfies ApiError;
      }
      const c = db.contacts.find((x) => x.id === input.contactId);
      if (!c) throw notFound("contact", input.contactId);
      d.delegation.push({ id: newMockId("dlm"), contact: contactSummary(c), role: String(input.role), subgroupId: (input.subgroupId as string | null) ?? null });
      return null;
    }
    case "save_member": {
      const m = findMission(input.missionId).delegation.find((x) => x.contact.id === input.contactId);
      if (m) {
        m.role = String(input.role);
        m.subgroupId = (input.subgroupId as string | null) ?? null;
      }
      return null;
    }
    case "remove_member": {
      const d = findMission(input.missionId);
      d.delegation = d.delegation.filter((x) => x.contact.id !== input.contactId);
      return null;
    }
    case "save_contact": {
      const c = input as unknown as Contact;
      db.contacts = merge(db.contacts, [c]);
      return { contact: c, organisation: orgRef(c.organisationId), department: null, missions: [] };
    }
    case "similar_contacts": {
      // Same name (either order, any case) at the same organisation or where either has none, or same e-mail.
      const key = (name: string) => name.toLowerCase().split(/\s+/).filter(Boolean).sort().join(" ");
      const wanted = key(`${String(input.givenName)} ${String(input.familyName)}`);
      const email = typeof input.email === "string" ? input.email.toLowerCase() : null;
      return db.contacts
        .filter((c) => c.id !== input.exceptId)
        .filter((c) =>
          (email && c.email?.toLowerCase() === email) ||
          (key(displayName(c)) === wanted && (!c.organisationId || !input.organisationId || c.organisationId === input.organisationId)))
        .map((c) => ({ id: c.id, name: displayName(c), nativeName: c.nativeName, email: c.email, organisation: orgRef(c.organisationId), links: 0 }));
    }
    case "list_duplicates":
      return [];
    case "mark_not_duplicates":
      return null;
    // Two laptops, one mission: a conflict waiting in the inbox, settled by either button.
    case "list_sync_conflicts":
      return db.syncConflicts;
    case "resolve_sync_conflict":
      db.syncConflicts = db.syncConflicts.filter((e) => e.conflict.id !== input.id);
      return null;
    case "list_exchanges":
      return db.exchanges;
    // The team server: "wrong" as the password is refused beside its field; joined, always synced.
    case "team_status":
      return db.team;
    case "team_join": {
      if (input.password === "wrong")
        throw { kind: "validation", message: "wrong password", field: "password", code: "teamWrongPassword", params: { member: String(input.member) } } satisfies ApiError;
      const lastSync = new Date().toISOString();
      db.team = { ...NOT_JOINED, state: "synced", message: { code: "team.state.synced", params: {} }, server: String(input.url), member: String(input.member), lastSync, scopes: ["directory"] };
      return { server: String(input.url), member: String(input.member), scopes: ["directory"] };
    }
    case "team_sync":
      db.team = { ...db.team, lastSync: new Date().toISOString() };
      return { pushed: 0, pulled: 0, conflicts: 0, applied: 0 };
    case "team_leave": {
      const had = db.team.state !== "notJoined";
      db.team = NOT_JOINED;
      return had;
    }
    case "share_mission": {
      const at = new Date().toISOString();
      db.exchanges.unshift({ at, direction: "sent", missionId: String(input.missionId), peerReplica: null, fileName: "mission.passerelle", ops: 12, applied: 0, superseded: 0, already_known: 0, conflicts: 0 });
      return { path: "/tmp/mission.passerelle", change_sets: 3, ops: 12, bytes: 16384, peer: null };
    }
    case "receive_file": {
      const counts = { applied: 7, superseded: 0, already_known: 12, conflicts: db.syncConflicts.length };
      db.exchanges.unshift({ at: new Date().toISOString(), direction: "received", missionId: String(input.missionId), peerReplica: "rep_b7c1d2e3f4a5", fileName: "mission.passerelle", ops: 19, ...counts });
      return { counts, sender: "rep_b7c1d2e3f4a5", missionId: input.missionId, missionTitle: null, ownFile: false };
    }
    case "list_organisations":
      return db.organisations.map(orgSummary).sort((a, b) => a.name.localeCompare(b.name));
    case "get_organisation": {
      const o = db.organisations.find((x) => x.id === input.id);
      if (!o) throw notFound("organisation", input.id);
      return {
        organisation: o,
        parent: orgRef(o.parentId),
        members: db.organisations.filter((x) => x.parentId === o.id).map(orgSummary),
        departments: demo.departments.filter((d) => d.organisationId === o.id),
        contacts: db.contacts.filter((c) => c.organisationId === o.id).map(contactSummary),
        technologies: db.technologies.filter((x) => x.ownerId === o.id).map(techSummary),
      };
    }
    case "list_contacts":
      return db.contacts.map(contactSummary).sort((a, b) => a.displayName.localeCompare(b.displayName));
    case "get_contact": {
      const c = db.contacts.find((x) => x.id === input.id);
      if (!c) throw notFound("contact", input.id);
      const member = demo.delegation.find((d) => d.contactId === c.id);
      const inMission = member || ["con_maxime_rossi", "con_karim_zouaoui", "con_philippe_olivier", "con_anne_laure_cadji", "con_philippe_tzou"].includes(c.id);
      return {
        contact: c,
        organisation: orgRef(c.organisationId),
        department: demo.departments.find((d) => d.id === c.departmentId) ?? null,
        missions: inMission ? [{ mission: { id: demo.mission.id, name: demo.mission.title }, role: member ? member.role : "host" }] : [],
      };
    }
    case "list_technologies":
      return db.technologies.map(techSummary);
    case "get_technology": {
      const x = db.technologies.find((t) => t.id === input.id);
      if (!x) throw notFound("technology", input.id);
      return {
        technology: x,
        owner: orgRef(x.ownerId),
        presentations: demo.agenda
          .filter((i) => i.technologies.some((t) => t.id === x.id))
          .map((i) => ({ itemId: i.id, mission: { id: demo.mission.id, name: demo.mission.title }, title: i.title, start: i.start })),
      };
    }
    default:
      throw { kind: "internal", message: `Unknown command ${cmd} (dev mock)`, field: null } satisfies ApiError;
  }
}

export function installDevMock(): void {
  if (!params.has("empty")) {
    loadMission();
    loadDirectory();
  }
  if (params.has("many")) addMany();
  const lang = params.get("lang");
  if (lang) db.locale = lang;
  mockIPC(
    async (cmd, payload) => {
      const out = await handle(cmd, payload as Record<string, unknown> | undefined);
      // As the store does after each commit (a write of the mock touches anything).
      if (writes(cmd)) setTimeout(() => void emit("store-changed", { entities: Object.values(READS).flat(), ids: {} }), 0);
      return out;
    },
    { shouldMockEvents: true },
  );
  console.info("[passerelle] dev mock backend installed (no Tauri detected)");
}
