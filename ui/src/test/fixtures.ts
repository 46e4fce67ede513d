import { person } from "../dev/demo-data";
import type { AgendaItem, Contact, MissionDetail, MissionSummary, PlanningSettings, ProgrammeState } from "../lib/bindings";

/** A person of the directory with nothing but what a test gives, kept on legitimate interests. */
export const contact = (c: Parameters<typeof person>[0]): Contact =>
  person({ privacy: { lawfulBasis: "legitimate_interests", source: null, collectedOn: null, consentEvidence: null, doNotContact: false, reviewOn: null }, ...c });

/** The core's default planning rules. */
export const planningSettings: PlanningSettings = { roadSpeedKmh: 80, detourFactor: 1.25, maxDayMinutes: 720, lunchFrom: "11:30", lunchTo: "14:30", lunchMinutes: 30 };

/** A programme's state with nothing to say (no conflict, nothing to undo), or as `over` says. */
export function programmeState(over: Partial<ProgrammeState> = {}): ProgrammeState {
  return { conflicts: [], undo: { undo: null, redo: null }, versions: [], settings: { ...planningSettings }, travel: [], ...over };
}

export const missionSummaries: MissionSummary[] = [
  {
    id: "mis_tsha",
    title: "TSHA delegation to Wallonia",
    originCountry: "TW",
    hostCountry: "BE",
    startDate: "2025-06-26",
    endDate: "2025-06-27",
    homeTz: "Asia/Taipei",
    hostTz: "Europe/Brussels",
    delegationCount: 12,
    siteCount: 2,
    itemCount: 3,
    archived: false,
  },
  {
    id: "mis_other",
    title: "E-health prospection in Brussels",
    originCountry: "TW",
    hostCountry: "BE",
    startDate: "2026-03-10",
    endDate: "2026-03-10",
    homeTz: "Asia/Taipei",
    hostTz: "Europe/Brussels",
    delegationCount: 1,
    siteCount: 0,
    itemCount: 0,
    archived: false,
  },
];

function item(overrides: Partial<AgendaItem> & Pick<AgendaItem, "id" | "title" | "start" | "end">): AgendaItem {
  return {
    missionId: "mis_tsha",
    kind: "meeting",
    description: null,
    titles: {},
    descriptions: {},
    tz: "Europe/Brussels",
    site: null,
    room: null,
    subgroup: null,
    status: "confirmed",
    locked: false,
    participants: [],
    technologies: [],
    departments: [],
    vehicle: null,
    fromSite: null,
    ...overrides,
  };
}

export const missionDetail: MissionDetail = {
  mission: {
    id: "mis_tsha",
    title: "TSHA delegation to Wallonia",
    titles: {},
    originCountry: "TW",
    hostCountry: "BE",
    startDate: "2025-06-26",
    endDate: "2025-06-27",
    homeTz: "Asia/Taipei",
    hostTz: "Europe/Brussels",
    objectives: "Make Taiwanese hospitals known in Wallonia.",
    objectivesIn: {},
    notes: null,
  },
  organisers: [{ organisation: { id: "org_awex", name: "AWEX" }, role: "organiser" }],
  subgroups: [{ id: "grp_cardio", name: "Cardiology track", names: { zhTw: "心臟科組" } }],
  delegation: [
    {
      id: "dlm_1",
      contact: {
        id: "con_delegate_1",
        displayName: "Delegate 1 — cardiology",
        nativeName: "代表一",
        title: null,
        role: "Physician",
        organisation: { id: "org_tw_1", name: "Taiwanese hospital 1" },
        specialties: ["cardiology"],
        tags: [],
        placeholder: true,
      },
      role: "delegate",
      subgroupId: "grp_cardio",
    },
    {
      id: "dlm_2",
      contact: {
        id: "con_lead",
        displayName: "Dr. Lin",
        nativeName: null,
        title: "Dr.",
        role: "Head of delegation",
        organisation: null,
        specialties: [],
        tags: [],
        placeholder: false,
      },
      role: "head",
      subgroupId: null,
    },
  ],
  sites: [
    {
      id: "sit_marie_curie",
      organisation: { id: "org_chu", name: "CHU de Charleroi-Chimay" },
      name: "Hôpital civil Marie Curie",
      address: "Chaussée de Bruxelles 140",
      postalCode: "6042",
      city: "Lodelinsart",
      country: "BE",
      latitude: null,
      longitude: null,
      tz: "Europe/Brussels",
      opensAt: "08:00",
      closesAt: "21:00",
      department: null,
      accessNotes: null,
      rooms: [{ id: "roo_auditorium", name: "Auditorium", capacity: 80 }],
    },
  ],
  availability: [
    {
      id: "ava_1",
      contact: { id: "con_olivier", name: "Prof. Philippe Olivier" },
      start: "2025-06-27T14:00:00+02:00",
      end: "2025-06-27T15:00:00+02:00",
      tz: "Europe/Brussels",
      note: "Single free hour",
    },
  ],
  days: [
    {
      date: "2025-06-26",
      items: [
        item({
          id: "itm_presentations",
          kind: "presentation",
          title: "Taiwanese medical AI presentations",
          start: "2025-06-26T18:00:00+02:00",
          end: "2025-06-26T20:00:00+02:00",
          site: { id: "sit_marie_curie", name: "Hôpital civil Marie Curie" },
          room: { id: "roo_auditorium", name: "Auditorium" },
          subgroup: { id: "grp_cardio", name: "Cardiology track" },
          status: "tentative",
          participants: [
            { id: "con_delegate_1", name: "Delegate 1" },
            { id: "con_lead", name: "Dr. Lin" },
          ],
          technologies: [{ id: "tec_ecg", name: "AI-ECG infarction detection" }],
          departments: [{ id: "dep_cardio", name: "Cardiologie" }],
        }),
      ],
    },
    {
      date: "2025-06-27",
      items: [
        item({
          id: "itm_visit",
          kind: "visit",
          title: "Visit of CHC Mont Légia",
          start: "2025-06-27T14:00:00+02:00",
          end: "2025-06-27T15:00:00+02:00",
        }),
        item({
          id: "itm_break",
          kind: "break",
          title: "Coffee",
          start: "2025-06-27T15:00:00+02:00",
          end: "2025-06-27T15:30:00+02:00",
        }),
      ],
    },
  ],
  followups: [
    {
      id: "fup_1",
      title: "Connect TEF Health with TSHA",
      owner: "AWEX Taipei",
      dueOn: "2025-12-31",
      status: "open",
      mission: { id: "mis_tsha", name: "TSHA delegation to Wallonia" },
      organisation: { id: "org_tef", name: "TEF Health" },
      contact: null,
      technology: null,
      notes: null,
    },
  ],
  staffDays: null,
};
