// Development-only fake backend, installed by main.ts when the page runs in a plain
// browser (`npm run dev`, no Tauri). Not in the production bundle.
//
// URL switches (before the #):  ?empty   start with an empty database
//                               ?many    add 5,000 organisations and contacts
//                               ?fail    make get_mission answer with an ApiError
//                               ?slow    answer every command after 600 ms
import { mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import type {
  ApiError,
  AppInfo,
  Contact,
  ContactSummary,
  MissionDetail,
  MissionSummary,
  Organisation,
  OrganisationSummary,
  Technology,
  TechnologySummary,
} from "../lib/bindings";
import * as demo from "./demo-data";

type Db = {
  organisations: Organisation[];
  contacts: Contact[];
  technologies: Technology[];
  missionLoaded: boolean;
  directoryLoaded: boolean;
  locale: string | null;
};

const params = new URLSearchParams(location.search);

const db: Db = {
  organisations: [],
  contacts: [],
  technologies: [],
  missionLoaded: false,
  directoryLoaded: false,
  locale: null,
};

function loadMission() {
  db.organisations = merge(db.organisations, demo.organisations);
  db.contacts = merge(db.contacts, demo.contacts);
  db.technologies = merge(db.technologies, demo.technologies);
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

function missionSummary(): MissionSummary {
  const m = demo.mission;
  return {
    ...m,
    delegationCount: demo.delegation.length,
    siteCount: demo.sites.length,
    itemCount: demo.agenda.length,
  } as MissionSummary;
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
      setTimeout(() => void emit("store-changed", { entities: ["organisations", "contacts", "technologies", "missions"] }), 0);
      return { seed: input.name, created: after - before, updated: 0, unchanged: 0 };
    }
    case "list_missions":
      return db.missionLoaded ? [missionSummary()] : [];
    case "get_mission":
      if (params.has("fail")) throw { kind: "internal", message: "database is locked (dev mock)", field: null } satisfies ApiError;
      if (!db.missionLoaded || input.id !== demo.mission.id) throw notFound("mission", input.id);
      return missionDetail();
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
  mockIPC((cmd, payload) => handle(cmd, payload as Record<string, unknown> | undefined), { shouldMockEvents: true });
  console.info("[passerelle] dev mock backend installed (no Tauri detected)");
}
