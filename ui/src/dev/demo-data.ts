// Development-only demo data for previewing the UI in a plain browser (`npm run dev`).
// Never part of the production bundle. It mirrors the public facts of the TSHA visit to
// Wallonia (26–27 June 2025); what the source does not say (hours, the twelve delegates,
// two technologies) is marked as a placeholder, exactly as the real seed does.
import type {
  AgendaItem,
  Availability,
  Contact,
  Department,
  Followup,
  Mission,
  Organisation,
  Organiser,
  Site,
  Specialty,
  Subgroup,
  Technology,
} from "../lib/bindings";

export const specialties: Specialty[] = [
  ["cardiology", "Cardiology", "Cardiologie", "心臟科"],
  ["nephrology", "Nephrology", "Néphrologie", "腎臟科"],
  ["oncology", "Oncology", "Oncologie", "腫瘤科"],
  ["gastroenterology", "Gastroenterology", "Gastro-entérologie", "腸胃科"],
  ["medical_imaging", "Medical imaging", "Imagerie médicale", "醫學影像"],
  ["neurosurgery", "Neurosurgery", "Neurochirurgie", "神經外科"],
  ["emergency_intensive_care", "Emergency and intensive care", "Urgences et soins intensifs", "急重症醫學"],
  ["geriatrics", "Geriatrics", "Gériatrie", "老年醫學"],
  ["dermatology", "Dermatology", "Dermatologie", "皮膚科"],
  ["pulmonology", "Pulmonology", "Pneumologie", "胸腔科"],
  ["haematology", "Haematology", "Hématologie", "血液科"],
  ["surgery", "Surgery", "Chirurgie", "外科"],
  ["radiotherapy", "Radiotherapy", "Radiothérapie", "放射治療"],
  ["laboratory_medicine", "Laboratory medicine", "Biologie clinique", "檢驗醫學"],
  ["clinical_research", "Clinical research", "Recherche clinique", "臨床研究"],
  ["data_it", "Data and IT", "Données et informatique", "資料與資訊"],
  ["regulatory", "Regulatory affairs", "Affaires réglementaires", "法規事務"],
  ["public_health", "Public health", "Santé publique", "公共衛生"],
  ["rehabilitation", "Rehabilitation", "Revalidation", "復健科"],
].map(([code, labelEn, labelFr, labelZh]) => ({ code, labelEn, labelFr, labelZh }));

function org(o: Partial<Organisation> & Pick<Organisation, "id" | "name" | "kind" | "country">): Organisation {
  return {
    shortName: null,
    parentId: null,
    address: null,
    postalCode: null,
    city: null,
    latitude: null,
    longitude: null,
    tz: o.country === "TW" ? "Asia/Taipei" : "Europe/Brussels",
    website: null,
    notes: null,
    placeholder: false,
    ...o,
  };
}

export const organisations: Organisation[] = [
  org({ id: "org_awex", name: "Agence wallonne à l'Exportation et aux Investissements étrangers", shortName: "AWEX", kind: "agency", country: "BE", city: "Bruxelles" }),
  org({ id: "org_nstc", name: "National Science and Technology Council", shortName: "NSTC", kind: "public_body", country: "TW", city: "Taipei" }),
  org({ id: "org_tsha", name: "Taiwan Smart Healthcare Alliance", shortName: "TSHA", kind: "hospital_network", country: "TW", city: "Taipei" }),
  ...[1, 2, 3, 4, 5, 6].map((n) =>
    org({ id: `org_tw_hospital_${n}`, name: `Taiwanese public hospital ${n}`, kind: "hospital", country: "TW", parentId: "org_tsha", placeholder: true, notes: "One of the six TSHA member hospitals in the delegation; name to be confirmed." }),
  ),
  org({ id: "org_chu_charleroi_chimay", name: "CHU de Charleroi-Chimay", shortName: "CHU Charleroi-Chimay", kind: "hospital", country: "BE", city: "Charleroi", notes: "Member of the European TEF Health network (Testing and Experimentation Facilities)." }),
  org({ id: "org_chc_mont_legia", name: "CHC Mont Légia", kind: "hospital", country: "BE", city: "Liège", postalCode: "4000", notes: "Recognised in Wallonia for its digital transformation programme." }),
  org({ id: "org_rsw", name: "Réseau Santé Wallon", kind: "association", country: "BE", city: "Liège" }),
  org({ id: "org_tef_health", name: "TEF Health", kind: "association", country: "BE" }),
  org({ id: "org_trail", name: "Trusted AI Lab (TRAIL)", shortName: "TRAIL", kind: "association", country: "BE" }),
  org({ id: "org_lys_medical", name: "Lys Médical", kind: "company", country: "BE" }),
  org({ id: "org_insilicare", name: "Insilicare", kind: "company", country: "BE" }),
  org({ id: "org_oncodna", name: "OncoDNA", kind: "company", country: "BE", city: "Gosselies" }),
  org({ id: "org_dermatoo", name: "Dermatoo", kind: "company", country: "BE" }),
  org({ id: "org_volition", name: "Volition", kind: "company", country: "BE" }),
  org({ id: "org_obelis", name: "Obelis", kind: "company", country: "BE" }),
];

export const departments: Department[] = [
  ["cardiology", "Cardiologie"],
  ["nephrology", "Néphrologie"],
  ["oncology", "Oncologie"],
  ["emergency_intensive_care", "Urgences et soins intensifs"],
  ["neurosurgery", "Neurochirurgie"],
  ["medical_imaging", "Imagerie médicale"],
  ["clinical_research", "Cellule recherche clinique"],
  ["data_it", "Traitement des données"],
].map(([specialty, name]) => ({ id: `dep_chu_charleroi_${specialty}`, organisationId: "org_chu_charleroi_chimay", name, specialty }));

const articlePrivacy = {
  lawfulBasis: "legitimate_interests" as const,
  source: "Inside Taiwan, article of 2025 on the TSHA visit",
  collectedOn: "2025-07-01",
  consentEvidence: null,
  doNotContact: false,
  reviewOn: null,
};

/** A person of the directory: what is given, nothing else (the article as the source of the data). */
export function person(c: Partial<Contact> & Pick<Contact, "id" | "givenName" | "familyName">): Contact {
  return {
    nativeName: null,
    title: null,
    role: null,
    organisationId: null,
    departmentId: null,
    email: null,
    phone: null,
    languages: [],
    specialties: [],
    tags: [],
    notes: null,
    placeholder: false,
    privacy: articlePrivacy,
    ...c,
  };
}

const delegateSpecialties = [
  "cardiology", "cardiology", "nephrology", "oncology", "oncology", "gastroenterology",
  "medical_imaging", "medical_imaging", "neurosurgery", "pulmonology", "cardiology", "data_it",
];

export const contacts: Contact[] = [
  person({ id: "con_philippe_tzou", givenName: "Philippe", familyName: "Tzou", role: "Economic and trade adviser, AWEX Taipei", organisationId: "org_awex", languages: ["fr", "en", "zh-Hant"], tags: ["organiser"] }),
  person({ id: "con_maxime_rossi", givenName: "Maxime", familyName: "Rossi", title: "Dr.", role: "Directeur innovation", organisationId: "org_chu_charleroi_chimay", languages: ["fr", "en"], specialties: ["clinical_research"], tags: ["hôte", "tef-health"] }),
  person({ id: "con_karim_zouaoui", givenName: "Karim", familyName: "Zouaoui", title: "Prof.", role: "Directeur de la médecine expérimentale", organisationId: "org_chu_charleroi_chimay", departmentId: "dep_chu_charleroi_clinical_research", languages: ["fr", "en"], specialties: ["clinical_research"], tags: ["hôte"] }),
  person({ id: "con_anne_laure_cadji", givenName: "Anne-Laure", familyName: "Cadji", role: "Responsable du chapitre belge de TEF Health et du réseau TRAIL", organisationId: "org_tef_health", languages: ["fr", "en"], tags: ["tef-health"] }),
  person({ id: "con_philippe_olivier", givenName: "Philippe", familyName: "Olivier", title: "Prof.", role: "Directeur de la transformation numérique ; président du Réseau Santé Wallon", organisationId: "org_chc_mont_legia", languages: ["fr", "en"], specialties: ["data_it"], tags: ["hôte"] }),
  ...delegateSpecialties.map((spec, i) =>
    person({
      id: `con_delegate_${i + 1}`,
      givenName: `Delegate ${i + 1}`,
      familyName: `— ${spec.replace(/_/g, " ")}`,
      nativeName: i === 0 ? "代表一" : null,
      role: "Physician",
      organisationId: `org_tw_hospital_${(i % 6) + 1}`,
      languages: ["zh-Hant", "en"],
      specialties: [spec],
      tags: ["délégué"],
      placeholder: true,
      notes: "Name not given by the source: to be confirmed with TSHA.",
    }),
  ),
];

function tech(x: Partial<Technology> & Pick<Technology, "id" | "name">): Technology {
  return {
    names: {},
    ownerId: null,
    description: null,
    specialties: [],
    regulatory: { taiwanFda: null, ceMdrClass: null, euAiActRisk: null, notes: null },
    maturity: null,
    placeholder: false,
    ...x,
  };
}

const tfda: Technology["regulatory"] = { taiwanFda: "cleared", ceMdrClass: null, euAiActRisk: "high", notes: "Tested in Taiwanese hospitals and certified by the Taiwan FDA, as stated by the source." };

export const technologies: Technology[] = [
  tech({ id: "tec_pulmonary_hypertension", name: "Automatic detection of pulmonary hypertension", ownerId: "org_tsha", specialties: ["cardiology", "pulmonology"], regulatory: tfda, maturity: "certified" }),
  tech({ id: "tec_ecg_mi_detection", name: "AI-ECG detection of myocardial infarction", ownerId: "org_tsha", specialties: ["cardiology"], regulatory: tfda, maturity: "certified" }),
  tech({ id: "tec_ecg_sudden_death", name: "ECG prediction of sudden cardiac death", ownerId: "org_tsha", specialties: ["cardiology"], regulatory: tfda, maturity: "certified" }),
  tech({ id: "tec_pancreatic_cancer", name: "Pancreatic cancer detection", ownerId: "org_tsha", specialties: ["oncology", "gastroenterology", "medical_imaging"], regulatory: tfda, maturity: "certified" }),
  tech({ id: "tec_breast_ultrasound", name: "Breast tumour characterisation by ultrasound", ownerId: "org_tsha", specialties: ["oncology", "medical_imaging"], regulatory: tfda, maturity: "certified" }),
  tech({ id: "tec_brain_tumour", name: "AI management of brain tumours", ownerId: "org_tsha", specialties: ["neurosurgery", "oncology"], regulatory: tfda, maturity: "certified" }),
  tech({ id: "tec_tsha_7", name: "TSHA technology 7 (to be confirmed)", ownerId: "org_tsha", specialties: ["nephrology"], placeholder: true }),
  tech({ id: "tec_tsha_8", name: "TSHA technology 8 (to be confirmed)", ownerId: "org_tsha", placeholder: true }),
  tech({ id: "tec_or_digital_twin", name: "Operating-theatre digital twin", ownerId: "org_chc_mont_legia", specialties: ["surgery", "data_it"], maturity: "marketed" }),
  tech({ id: "tec_twinskin", name: "Twinskin.care", ownerId: "org_dermatoo", specialties: ["dermatology"], maturity: "marketed" }),
  tech({ id: "tec_nuq", name: "Nu.Q early cancer screening", ownerId: "org_volition", specialties: ["oncology", "laboratory_medicine", "pulmonology"], maturity: "marketed", regulatory: { taiwanFda: null, ceMdrClass: null, euAiActRisk: null, notes: "To be used in Taiwan for island-wide lung-cancer screening, as stated by the source." } }),
];

export const mission: Mission = {
  id: "mis_tsha_wallonia_2025",
  title: "Taiwan Smart Healthcare Alliance in Wallonia",
  titles: {},
  originCountry: "TW",
  hostCountry: "BE",
  startDate: "2025-06-26",
  endDate: "2025-06-27",
  homeTz: "Asia/Taipei",
  hostTz: "Europe/Brussels",
  objectives:
    "Make Taiwanese hospitals known in Wallonia and vice versa; help Taiwanese medical AI be tested in clinical trials in Wallonia, and attract the companies that market it.",
  objectivesIn: {},
  notes: "Twelve specialists from six Taiwanese public hospitals; eight AI technologies.",
};

export const organisers: Organiser[] = [
  { organisation: { id: "org_awex", name: "AWEX" }, role: "organiser" },
  { organisation: { id: "org_nstc", name: "NSTC" }, role: "co-organiser" },
];

export const subgroups: Subgroup[] = [
  { id: "grp_cardio", name: "Cardiology track", names: { zhTw: "心臟科組" } },
  { id: "grp_onco", name: "Oncology and imaging track", names: {} },
];

export const sites: Site[] = [
  {
    id: "sit_marie_curie",
    organisation: { id: "org_chu_charleroi_chimay", name: "CHU de Charleroi-Chimay" },
    name: "Hôpital civil Marie Curie",
    address: "Chaussée de Bruxelles 140",
    postalCode: "6042",
    city: "Lodelinsart",
    country: "BE",
    latitude: 50.43,
    longitude: 4.46,
    tz: "Europe/Brussels",
    opensAt: "08:00",
    closesAt: "21:00",
    department: null,
    accessNotes: null,
    rooms: [
      { id: "roo_marie_curie_auditorium", name: "Auditorium", capacity: 80 },
      { id: "roo_marie_curie_meeting", name: "Salle de réunion", capacity: 16 },
    ],
  },
  {
    id: "sit_mont_legia",
    organisation: { id: "org_chc_mont_legia", name: "CHC Mont Légia" },
    name: "CHC Mont Légia",
    address: "Boulevard Patience et Beaujonc 2",
    postalCode: "4000",
    city: "Liège",
    country: "BE",
    latitude: 50.63,
    longitude: 5.55,
    tz: "Europe/Brussels",
    opensAt: null,
    closesAt: null,
    department: null,
    accessNotes: null,
    rooms: [{ id: "roo_mont_legia_room", name: "Salle de conférence", capacity: null }],
  },
];

const delegateRefs = contacts.filter((c) => c.id.startsWith("con_delegate_")).map((c) => ({ id: c.id, name: `${c.givenName} ${c.familyName}` }));
const ref = (id: string, list: { id: string; name: string }[]) => ({ id, name: list.find((x) => x.id === id)?.name ?? id });

function item(i: Partial<AgendaItem> & Pick<AgendaItem, "id" | "kind" | "title" | "start" | "end">): AgendaItem {
  return {
    missionId: mission.id,
    description: null,
    titles: {},
    descriptions: {},
    tz: "Europe/Brussels",
    site: null,
    room: null,
    subgroup: null,
    status: "tentative",
    locked: false,
    participants: [],
    technologies: [],
    departments: [],
    vehicle: null,
    fromSite: null,
    ...i,
  };
}

const marieCurie = { id: "sit_marie_curie", name: "Hôpital civil Marie Curie" };
const montLegia = { id: "sit_mont_legia", name: "CHC Mont Légia" };

export const agenda: AgendaItem[] = [
  item({ id: "itm_d1_travel", kind: "travel", title: "Coach from Brussels to Lodelinsart", start: "2025-06-26T15:30:00+02:00", end: "2025-06-26T16:45:00+02:00", participants: delegateRefs, description: "Hours to be confirmed." }),
  item({ id: "itm_d1_welcome", kind: "reception", title: "Welcome by the hospital's innovation management", start: "2025-06-26T17:00:00+02:00", end: "2025-06-26T17:30:00+02:00", site: marieCurie, room: { id: "roo_marie_curie_auditorium", name: "Auditorium" }, status: "held", participants: [...delegateRefs, { id: "con_maxime_rossi", name: "Dr. Maxime Rossi" }, { id: "con_karim_zouaoui", name: "Prof. Karim Zouaoui" }] }),
  item({ id: "itm_d1_tef", kind: "presentation", title: "TEF Health and the Trusted AI Lab", start: "2025-06-26T17:30:00+02:00", end: "2025-06-26T18:00:00+02:00", site: marieCurie, room: { id: "roo_marie_curie_auditorium", name: "Auditorium" }, status: "confirmed", locked: true, participants: [{ id: "con_anne_laure_cadji", name: "Anne-Laure Cadji" }] }),
  item({
    id: "itm_d1_presentations",
    kind: "presentation",
    title: "Taiwanese medical AI: six certified technologies",
    description: "Presentations to the cardiology, nephrology, oncology, emergency, neurosurgery, imaging and clinical-research teams.",
    start: "2025-06-26T18:00:00+02:00",
    end: "2025-06-26T20:00:00+02:00",
    site: marieCurie,
    room: { id: "roo_marie_curie_auditorium", name: "Auditorium" },
    participants: delegateRefs,
    technologies: technologies.slice(0, 6).map((x) => ({ id: x.id, name: x.name })),
    departments: departments.slice(0, 7).map((d) => ({ id: d.id, name: d.name })),
  }),
  item({ id: "itm_d1_medtech", kind: "meeting", title: "Walloon medtech companies meet the delegation", start: "2025-06-26T20:00:00+02:00", end: "2025-06-26T20:45:00+02:00", site: marieCurie, room: { id: "roo_marie_curie_meeting", name: "Salle de réunion" }, subgroup: { id: "grp_onco", name: "Oncology and imaging track" }, participants: delegateRefs.slice(3, 8) }),
  item({ id: "itm_d1_dinner", kind: "meal", title: "Walking dinner", start: "2025-06-26T20:45:00+02:00", end: "2025-06-26T22:00:00+02:00", site: marieCurie }),
  item({ id: "itm_d2_travel", kind: "travel", title: "Coach to Liège", start: "2025-06-27T10:30:00+02:00", end: "2025-06-27T12:00:00+02:00", participants: delegateRefs }),
  item({ id: "itm_d2_lunch", kind: "meal", title: "Lunch", start: "2025-06-27T12:15:00+02:00", end: "2025-06-27T13:30:00+02:00", status: "cancelled" }),
  item({ id: "itm_d2_digital", kind: "visit", title: "Digital transformation at Mont Légia", start: "2025-06-27T13:30:00+02:00", end: "2025-06-27T14:00:00+02:00", site: montLegia, participants: [{ id: "con_philippe_olivier", name: "Prof. Philippe Olivier" }, ...delegateRefs] }),
  item({ id: "itm_d2_one_to_one", kind: "meeting", title: "One-to-one talks between Belgian and Taiwanese specialists", description: "The Liège physicians had a single hour free in a full consultation day.", start: "2025-06-27T14:00:00+02:00", end: "2025-06-27T15:00:00+02:00", site: montLegia, room: { id: "roo_mont_legia_room", name: "Salle de conférence" }, subgroup: { id: "grp_cardio", name: "Cardiology track" }, participants: delegateRefs, technologies: [ref("tec_or_digital_twin", technologies), ref("tec_twinskin", technologies), ref("tec_nuq", technologies)] }),
  item({ id: "itm_d2_break", kind: "break", title: "Coffee and group photo", start: "2025-06-27T15:00:00+02:00", end: "2025-06-27T15:30:00+02:00", site: montLegia }),
];

export const followups: Followup[] = [
  { id: "fup_tef_tsha", title: "Connect TEF Health with the TSHA network", owner: "Philippe Tzou (AWEX)", dueOn: "2025-12-31", status: "open", mission: { id: mission.id, name: mission.title }, organisation: { id: "org_tef_health", name: "TEF Health" }, contact: { id: "con_karim_zouaoui", name: "Prof. Karim Zouaoui" }, technology: null, notes: null },
  { id: "fup_clinical_trials", title: "Clinical-trial projects in Wallonia for Taiwanese AI", owner: "Philippe Tzou (AWEX)", dueOn: null, status: "waiting", mission: { id: mission.id, name: mission.title }, organisation: { id: "org_obelis", name: "Obelis" }, contact: null, technology: { id: "tec_ecg_mi_detection", name: "AI-ECG detection of myocardial infarction" }, notes: "Obelis offered regulatory advice." },
  { id: "fup_nuq", title: "Nu.Q lung-cancer screening in Taiwan", owner: null, dueOn: "2025-09-30", status: "done", mission: { id: mission.id, name: mission.title }, organisation: { id: "org_volition", name: "Volition" }, contact: null, technology: { id: "tec_nuq", name: "Nu.Q early cancer screening" }, notes: null },
];

export const delegation = contacts
  .filter((c) => c.id.startsWith("con_delegate_"))
  .map((c, i) => ({
    id: `dlm_${i + 1}`,
    contactId: c.id,
    role: "delegate",
    subgroupId: i < 4 ? "grp_cardio" : i < 9 ? "grp_onco" : null,
  }));

export const availability: Availability[] = [
  {
    id: "ava_liege_physicians",
    contact: { id: "con_philippe_olivier", name: "Prof. Philippe Olivier" },
    start: "2025-06-27T14:00:00+02:00",
    end: "2025-06-27T15:00:00+02:00",
    tz: "Europe/Brussels",
    note: "The Liège physicians' single free hour in a full consultation day.",
  },
];
