// The only module that talks to the Rust backend. Components import these typed
// functions; none of them calls `invoke` or `listen` directly.
//
// Contract: every command that takes input receives ONE argument named `input`;
// failures reject with an `ApiError`; after any write the backend emits `store-changed`.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type {
  FollowupInput,
  FollowupItem,
  FollowupStatus,
  MissionReport,
  OutcomeDraft,
  OutcomeInput,
  TodayView,
  Contact,
  DeleteImpact,
  Department,
  DirectoryKind,
  DuplicateGroup,
  DuplicateRecord,
  ErasureReport,
  ImportField,
  ImportOptions,
  ImportPlan,
  ImportReport,
  ImportSource,
  FormField,
  FormKind,
  FormPlan,
  FormSource,
  TemplateFormat,
  MergeReport,
  NewSpecialty,
  Organisation,
  SearchFilters,
  SearchHit,
  Technology,
  MeetingRequest,
  Priority,
  RequestInput,
  ScheduleReport,
  Suggestion,
  AgendaItemInput,
  AvailabilityInput,
  MissionLogistics,
  TravelLeg,
  MissionNeeds,
  MissionBudget,
  Vehicle,
  VehicleInput,
  CostInput,
  StayInput,
  NeedsInput,
  TravelInput,
  ChangeSheet,
  ItemStatus,
  PlanningSettings,
  ProgrammeState,
  MissionDepartment,
  Reschedule,
  ApiError,
  AppInfo,
  BackupInfo,
  ContactDetail,
  ContactSummary,
  MissionDetail,
  MissionSummary,
  OrganisationDetail,
  OrganisationSummary,
  SeedReport,
  Specialty,
  TagCount,
  StoreChanged,
  TechnologyDetail,
  TechnologySummary,
} from "./bindings";
import type { DocumentKind, DocumentPreview, Printers } from "./bindings";
import type { Audience, MailPreview, MailReport, MailTemplate } from "./bindings";
import type { Wording } from "./bindings";
import type { CostsBy, LetterKind, LetterPlan, LetterReport, Passport, PassportInput } from "./bindings";
import type { SurveyFigures, SurveyPlan } from "./bindings";
import type { MissionInput, SiteInput, SiteItem, SiteSaved, TimeZoneInfo } from "./bindings";
import type { Exchange, ExportReport, InboxEntry, Received, Take } from "./bindings";
import type { TeamJoined, TeamStatus, TeamSynced } from "./bindings";

export type { ApiError } from "./bindings";

/** The seeds the backend embeds; `load_seed` accepts these names. */
export const SEEDS = {
  demoMission: "taiwan-wallonia-2025",
  ehealthDirectory: "belgian-ehealth",
} as const;
export type SeedName = (typeof SEEDS)[keyof typeof SEEDS];

export const STORE_CHANGED = "store-changed";

const API_ERROR_KINDS: ReadonlyArray<ApiError["kind"]> = ["validation", "notFound", "conflict", "internal"];

export function isApiError(value: unknown): value is ApiError {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.kind === "string" && API_ERROR_KINDS.includes(v.kind as ApiError["kind"]) && typeof v.message === "string";
}

/**
 * Whatever a command rejected with, as an ApiError. A panic or a transport failure becomes
 * "internal": logged with its detail, shown as the plain sentence of code `internal`, as the
 * backend sends its own internal errors.
 */
export function toApiError(value: unknown): ApiError {
  if (isApiError(value)) {
    const err: ApiError = { kind: value.kind, message: value.message, field: value.field ?? null };
    if (typeof value.code === "string") err.code = value.code;
    if (value.params && typeof value.params === "object") err.params = value.params;
    if (err.kind === "internal" && !err.code) err.code = "internal";
    return err;
  }
  const message = value instanceof Error ? value.message : String(value);
  console.error("internal error in the window:", value);
  return { kind: "internal", message, field: null, code: "internal" };
}

async function call<T>(command: string, input?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, input === undefined ? undefined : { input });
  } catch (e) {
    throw toApiError(e);
  }
}

export const getAppInfo = () => call<AppInfo>("get_app_info");
/** The first screen is on: the shell starts the file's page scan (which would share the cores with the start). */
export const firstScreenShown = () => call<null>("first_screen_shown");
export const setLocale = (locale: string) => call<null>("set_locale", { locale });
export const loadSeed = (name: SeedName) => call<SeedReport>("load_seed", { name });
export const listSpecialties = () => call<Specialty[]>("list_specialties");

export const listMissions = () => call<MissionSummary[]>("list_missions");
export const getMission = (id: string) => call<MissionDetail>("get_mission", { id });

// Missions, sites and members from a blank page (issue 13).
/** Creates (no `id`; `fromMissionId` copies a previous mission's skeleton) or updates; resolves to the id. */
export const saveMission = (input: MissionInput) => call<string>("save_mission", input as unknown as Record<string, unknown>);
export const setMissionArchived = (id: string, archived: boolean) => call<null>("set_mission_archived", { id, archived });
/** The staff days spent on a mission as typed ("12", "12,5"; blank clears); resolves to the number kept. */
export const setStaffDays = (id: string, staffDays: string) => call<number | null>("set_staff_days", { id, staffDays });
/** Refused with a conflict when the mission has outcomes or follow-ups (archive it instead). */
export const deleteMission = (id: string) => call<null>("delete_mission", { id });
export const saveSite = (input: SiteInput) => call<SiteSaved>("save_site", input as unknown as Record<string, unknown>);
/** The agenda items held at a site (what deleting it would leave without a place). */
export const siteItems = (id: string) => call<SiteItem[]>("site_items", { id });
/** `moveTo`: the site that takes over the items; refused with a conflict when items use it and it is null. */
export const deleteSite = (id: string, moveTo: string | null) => call<null>("delete_site", { id, moveTo });
export const listTimeZones = () => call<TimeZoneInfo[]>("list_time_zones");
/** Refused (validation, field "contactId") when the person is already in the delegation. */
export const addMember = (missionId: string, contactId: string, role: string, subgroupId: string | null) =>
  call<null>("add_member", { missionId, contactId, role, subgroupId });

export const listOrganisations = () => call<OrganisationSummary[]>("list_organisations");
export const getOrganisation = (id: string) => call<OrganisationDetail>("get_organisation", { id });

export const listContacts = () => call<ContactSummary[]>("list_contacts");
export const getContact = (id: string) => call<ContactDetail>("get_contact", { id });

export const listTechnologies = () => call<TechnologySummary[]>("list_technologies");
export const getTechnology = (id: string) => call<TechnologyDetail>("get_technology", { id });

// Backups (by file name inside the backup folder: the UI never sends a path).
export const listBackups = () => call<BackupInfo[]>("list_backups");
/** With a passphrase: an encrypted backup (`.sqlite3.age`); an empty one is refused (field "passphrase"). */
export const backupNow = (passphrase: string | null = null) => call<BackupInfo>("backup_now", { passphrase });
/** An encrypted backup needs its passphrase: a wrong one is refused (field "passphrase"), nothing changed. */
export const restoreBackup = (fileName: string, passphrase: string | null = null) =>
  call<BackupInfo>("restore_backup", { fileName, passphrase });
export const getBackupDir = () => call<string>("get_backup_dir");
/** Opens the native folder picker; resolves to the new folder, or null if cancelled. */
export const chooseBackupDir = () => call<string | null>("choose_backup_dir");
/** Recovery screen only: sets the unreadable database aside, restores the backup, restarts. */
export const recoverFromBackup = (fileName: string, passphrase: string | null = null) =>
  call<null>("recover_from_backup", { fileName, passphrase });

// The directory (issue 3): editing, search, import/export, duplicates, privacy. Files are chosen
// in native dialogs opened by the backend: the UI never sends a path.
export const saveOrganisation = (o: Organisation) => call<OrganisationDetail>("save_organisation", o as unknown as Record<string, unknown>);
export const saveDepartment = (d: Department) => call<OrganisationDetail>("save_department", d as unknown as Record<string, unknown>);
export const saveContact = (c: Contact) => call<ContactDetail>("save_contact", c as unknown as Record<string, unknown>);
export const saveTechnology = (tech: Technology) => call<TechnologyDetail>("save_technology", tech as unknown as Record<string, unknown>);
export const setArchived = (kind: DirectoryKind, id: string, archived: boolean) => call<null>("set_archived", { kind, id, archived });
export const getDeleteImpact = (kind: DirectoryKind, id: string) => call<DeleteImpact>("get_delete_impact", { kind, id });
export const deleteRecord = (kind: DirectoryKind, id: string) => call<null>("delete_record", { kind, id });
export const addSpecialty = (s: NewSpecialty) => call<string>("add_specialty", s as unknown as Record<string, unknown>);
export const editSpecialty = (code: string, labels: NewSpecialty) => call<null>("edit_specialty", { code, labels });
export const listTags = () => call<TagCount[]>("list_tags");
/** Renames a tag on every contact holding it (a name already used merges the two); how many held it. */
export const renameTag = (from: string, to: string) => call<number>("rename_tag", { from, to });
export const deleteTag = (tag: string) => call<number>("delete_tag", { tag });
export const getSpecialtyImpact = (code: string) => call<DeleteImpact>("get_specialty_impact", { code });
/** Takes a specialty out of the list; its holders lose it or, with `into`, hold that one instead. */
export const deleteSpecialty = (code: string, into: string | null) => call<null>("delete_specialty", { code, into });
export const searchDirectory = (text: string, filters: Partial<SearchFilters> = {}, limit = 50) =>
  call<SearchHit[]>("search_directory", { text, filters: { kinds: [], country: null, specialty: null, tag: null, ...filters }, limit });
export type ChosenFile = { token: string; source: ImportSource };
/** Opens the native file dialog; null when cancelled. `e2ePath` works only in end-to-end tests. */
export const importChooseFile = (e2ePath?: string) => call<ChosenFile | null>("import_choose_file", e2ePath ? { e2ePath } : {});
export const importPreview = (token: string, mapping: ImportField[], options: ImportOptions) =>
  call<ImportPlan>("import_preview", { token, mapping, options });
export const importCommit = (token: string, mapping: ImportField[], options: ImportOptions) =>
  call<ImportReport>("import_commit", { token, mapping, options });
// The interest form and the surveys (issue 17): a template written where the planner chooses,
// the responses imported through the wizard (file chosen in the native dialog, dry run, import).
export const saveFormTemplate = (missionId: string, lang: string, format: TemplateFormat, kind: FormKind = "interest") =>
  call<string | null>("save_form_template", { missionId, kind, lang, format });
export type ChosenForm = { token: string; source: FormSource };
/** Opens the native file dialog; null when cancelled. `e2ePath` works only in end-to-end tests. */
export const chooseFormResponses = (e2ePath?: string, kind: FormKind = "interest") =>
  call<ChosenForm | null>("choose_form_responses", e2ePath ? { e2ePath, kind } : { kind });
export const previewFormImport = (token: string, missionId: string, mapping: FormField[], lang: string) =>
  call<FormPlan>("preview_form_import", { token, missionId, mapping, lang });
export const importFormResponses = (token: string, missionId: string, mapping: FormField[], lang: string) =>
  call<FormPlan>("import_form_responses", { token, missionId, mapping, lang });
export const previewSurveyImport = (token: string, missionId: string, kind: FormKind, mapping: FormField[], lang: string) =>
  call<SurveyPlan>("preview_survey_import", { token, missionId, kind, mapping, lang });
export const importSurveyResponses = (token: string, missionId: string, kind: FormKind, mapping: FormField[], lang: string) =>
  call<SurveyPlan>("import_survey_responses", { token, missionId, kind, mapping, lang });
export const getSurveyFigures = (missionId: string) => call<SurveyFigures>("get_survey_figures", { missionId });
/** Deletes a survey's answers and their ratings; resolves to how many answers went. */
export const clearSurvey = (missionId: string, kind: FormKind) => call<number>("clear_survey", { missionId, kind });
/** Asks where to save, writes; resolves to the path written or null when cancelled. */
export const exportDirectory = (what: "contacts" | "organisations" | "technologies", format: "csv" | "vcf") =>
  call<string | null>("export_directory", { what, format });
export const exportContactData = (id: string, format: "json" | "html") => call<string | null>("export_contact_data", { id, format });
export const eraseContact = (id: string) => call<ErasureReport>("erase_contact", { id });
export const listDuplicates = () => call<DuplicateGroup[]>("list_duplicates");
export const mergeRecords = (kind: DirectoryKind, keep: string, remove: string) => call<MergeReport>("merge_records", { kind, keep, remove });
/** Two records the planner reviewed and found distinct: the pair leaves the duplicates review. */
export const markNotDuplicates = (kind: DirectoryKind, keep: string, other: string) =>
  call<null>("mark_not_duplicates", { kind, keep, other });
/** The person about to be saved, as the directory's look-alikes are searched for. */
export type SimilarQuery = { givenName: string; familyName: string; organisationId?: string | null; email?: string | null; exceptId?: string | null };
/** The directory's contacts that look like `q` (same name at the same organisation, or same e-mail). */
export const similarContacts = (q: SimilarQuery) => call<DuplicateRecord[]>("similar_contacts", q);

/**
 * Calls `handler` after every backend write. Resolves to an unsubscribe function.
 * Outside Tauri (no IPC bridge at all) it quietly does nothing.
 */
export async function onStoreChanged(handler: (change: StoreChanged) => void): Promise<UnlistenFn> {
  try {
    return await listen<StoreChanged>(STORE_CHANGED, (event) => {
      const payload = event.payload as Partial<StoreChanged> | null | undefined;
      const ids = payload?.ids && typeof payload.ids === "object" ? payload.ids : {};
      handler({ entities: Array.isArray(payload?.entities) ? payload.entities : [], ids });
    });
  } catch {
    return () => {};
  }
}

/**
 * Calls `handler` when the check of the data file, run after the app opened it, found it damaged
 * (`get_app_info` then carries the recovery screen's content). A no-op outside Tauri.
 */
export async function onStoreDamaged(handler: () => void): Promise<UnlistenFn> {
  try {
    return await listen("store-damaged", () => handler());
  } catch {
    return () => {};
  }
}

// The programme editor (issue 4). Every write is one undoable step of the mission.
export const getProgrammeState = (missionId: string) => call<ProgrammeState>("get_programme_state", { missionId });
export const listMissionDepartments = (missionId: string) =>
  call<MissionDepartment[]>("list_mission_departments", { missionId });
export const saveAgendaItem = (item: AgendaItemInput) => call<string>("save_agenda_item", item as unknown as Record<string, unknown>);
export const moveAgendaItem = (change: Reschedule) => call<null>("move_agenda_item", change as unknown as Record<string, unknown>);
export const deleteAgendaItem = (id: string) => call<null>("delete_agenda_item", { id });
export const lockAgendaItem = (id: string, locked: boolean) => call<null>("lock_agenda_item", { id, locked });
export const setAgendaItemStatus = (id: string, status: ItemStatus) => call<null>("set_agenda_item_status", { id, status });
export const splitAgendaItem = (id: string) => call<string[]>("split_agenda_item", { id });
export const undoProgramme = (missionId: string) => call<string | null>("undo_programme", { missionId });
export const redoProgramme = (missionId: string) => call<string | null>("redo_programme", { missionId });
export const publishProgramme = (missionId: string, note?: string) =>
  call<number>("publish_programme", note ? { missionId, note } : { missionId });
export const getChangeSheet = (missionId: string, from?: number, to?: number) =>
  call<ChangeSheet>("get_change_sheet", { missionId, ...(from ? { from } : {}), ...(to ? { to } : {}) });
/** Creates (no `id`) or renames a track; `names`, its names for each language's documents (absent: kept). */
export const saveSubgroup = (missionId: string, name: string, id?: string, names?: Wording) =>
  call<string>("save_subgroup", { missionId, name, ...(id ? { id } : {}), ...(names ? { names } : {}) });
export const deleteSubgroup = (id: string) => call<null>("delete_subgroup", { id });
export const saveMember = (missionId: string, contactId: string, role: string, subgroupId: string | null) =>
  call<null>("save_member", { missionId, contactId, role, subgroupId });
export const removeMember = (missionId: string, contactId: string) => call<null>("remove_member", { missionId, contactId });
export const saveAvailability = (a: AvailabilityInput) => call<string>("save_availability", a as unknown as Record<string, unknown>);
export const deleteAvailability = (id: string) => call<null>("delete_availability", { id });
// A mission's logistics (issue 18): arrivals, departures and hotel stays of the delegation.
export const getLogistics = (missionId: string) => call<MissionLogistics>("get_logistics", { id: missionId });
/** The mission's arrivals and departures only (the programme's day lines). */
export const listTravel = (missionId: string) => call<TravelLeg[]>("list_travel", { id: missionId });
export const saveTravel = (t: TravelInput) => call<string>("save_travel", t as unknown as Record<string, unknown>);
export const deleteTravel = (id: string) => call<null>("delete_travel", { id });
export const saveStay = (s: StayInput) => call<string>("save_stay", s as unknown as Record<string, unknown>);
export const deleteStay = (id: string) => call<null>("delete_stay", { id });
/** The rooming list as .xlsx, written where the planner chooses (null: cancelled). */
export const saveRoomingXlsx = (missionId: string, lang: string) => call<string | null>("save_rooming_xlsx", { missionId, lang });
// A mission's vehicles (issue 18, part 2): transfer items of the programme name one of them.
export const listVehicles = (missionId: string) => call<Vehicle[]>("list_vehicles", { id: missionId });
export const saveVehicle = (v: VehicleInput) => call<string>("save_vehicle", v as unknown as Record<string, unknown>);
export const deleteVehicle = (id: string) => call<null>("delete_vehicle", { id });
// Meals and access needs (issue 18, part 4): special-category data, held with consent.
export const getNeeds = (missionId: string) => call<MissionNeeds>("get_needs", { id: missionId });
export const saveNeeds = (n: NeedsInput) => call<string>("save_needs", n as unknown as Record<string, unknown>);
/** Consent withdrawn: the person's needs for the mission are erased. */
export const clearNeeds = (missionId: string, contactId: string) => call<boolean>("clear_needs", { missionId, contactId });
export const setNeedsRetention = (missionId: string, days: number) => call<null>("set_needs_retention", { missionId, days });
// A mission's budget (issue 18, part 6): cost lines in euros and their totals.
export const getBudget = (missionId: string) => call<MissionBudget>("get_budget", { id: missionId });
export const saveCost = (c: CostInput) => call<string>("save_cost", c as unknown as Record<string, unknown>);
export const deleteCost = (id: string) => call<null>("delete_cost", { id });
/** Opens the native file dialog and copies the chosen invoice of a cost line into the data
 * folder; its path there, or null when cancelled. `e2ePath` works only in end-to-end tests. */
export const attachInvoice = (missionId: string, e2ePath?: string) =>
  call<string | null>("attach_invoice", { missionId, ...(e2ePath ? { e2ePath } : {}) });
/** Opens an attached file (an invoice, an outcome's evidence) in the system's viewer. */
export const openAttachment = (path: string) => call<null>("open_attachment", { path });
/** Removes an attached file no record refers to (copied for a form that was then cancelled). */
export const releaseAttachment = (path: string) => call<null>("release_attachment", { path });
/** The budget as CSV or .xlsx (in `lang`), written where the planner chooses (null: cancelled). */
export const saveCostsFile = (missionId: string, format: "csv" | "xlsx", lang: string) =>
  call<string | null>("save_costs_file", { missionId, format, lang });
export const saveRoom = (siteId: string, name: string, capacity: number | null, id?: string) =>
  call<string>("save_room", { siteId, name, capacity, ...(id ? { id } : {}) });
export const deleteRoom = (id: string) => call<null>("delete_room", { id });
export const setTravelTime = (missionId: string, fromSiteId: string, toSiteId: string, minutes: number | null) =>
  call<null>("set_travel_time", { missionId, fromSiteId, toSiteId, minutes });
export const savePlanningSettings = (missionId: string, settings: PlanningSettings) =>
  call<null>("save_planning_settings", { missionId, settings });

// Matchmaking and scheduling (issue 5).
export const listRequests = (missionId: string) => call<MeetingRequest[]>("list_requests", { missionId });
export const saveRequest = (request: RequestInput) => call<MeetingRequest>("save_request", request as unknown as Record<string, unknown>);
export const deleteRequest = (id: string) => call<null>("delete_request", { id });
export const listSuggestions = (missionId: string) => call<Suggestion[]>("list_suggestions", { missionId });
export const decideSuggestion = (missionId: string, participants: string[], accept: boolean, priority?: Priority) =>
  call<MeetingRequest>("decide_suggestion", priority ? { missionId, participants, accept, priority } : { missionId, participants, accept });
/** `lang`: the planner's language (fr, en, zh-TW), in which the proposed meetings are titled. */
export const runSchedule = (missionId: string, lang: string, timeLimit?: number) =>
  call<ScheduleReport>("run_schedule", timeLimit ? { missionId, lang, timeLimit } : { missionId, lang });
export const cancelSchedule = () => call<null>("cancel_schedule");
export type ScheduleProgress = { missionId: string; seconds: number; objective: number; upperBound: number };
/** Progress of a running schedule; resolves to an unsubscribe function (a no-op outside Tauri). */
export async function onScheduleProgress(handler: (p: ScheduleProgress) => void): Promise<UnlistenFn> {
  try {
    return await listen<ScheduleProgress>("schedule-progress", (event) => handler(event.payload));
  } catch {
    return () => {};
  }
}

// On the day and after (issue 7): today view, outcomes with drafts saved as you type,
// follow-ups, reports and their exports.
export const getToday = (missionId: string, day?: string) => call<TodayView>("get_today", { missionId, day: day ?? null });
export const saveOutcomeDraft = (draft: OutcomeDraft) => call<OutcomeDraft>("save_outcome_draft", draft as unknown as Record<string, unknown>);
export const discardOutcomeDraft = (itemId: string) => call<null>("discard_outcome_draft", { itemId });
export const saveOutcome = (outcome: OutcomeInput) => call<string>("save_outcome", outcome as unknown as Record<string, unknown>);
/** Opens the native file dialog and copies the chosen evidence of an outcome's results into the
 * data folder; its path there, or null when cancelled. `e2ePath` works only in end-to-end tests. */
export const attachEvidence = (itemId: string, e2ePath?: string) =>
  call<string | null>("attach_evidence", { itemId, ...(e2ePath ? { e2ePath } : {}) });
export const deleteOutcome = (id: string) => call<null>("delete_outcome", { id });
export const listFollowups = (missionId?: string, asOf?: string, overdue = false) =>
  call<FollowupItem[]>("list_followups", { missionId: missionId ?? null, asOf: asOf ?? null, overdue });
export const saveFollowup = (f: FollowupInput) => call<string>("save_followup", f as unknown as Record<string, unknown>);
export const setFollowupStatus = (id: string, status: FollowupStatus) => call<FollowupItem>("set_followup_status", { id, status });
export const deleteFollowup = (id: string) => call<null>("delete_followup", { id });
export const getReport = (missionId: string, asOf?: string) => call<MissionReport>("get_report", { missionId, asOf: asOf ?? null });
export const compareReports = (missionIds: string[], asOf?: string) => call<MissionReport[]>("compare_reports", { missionIds, asOf: asOf ?? null });
/** Asks where to save; resolves to the path written, or null when cancelled. */
export const exportReport = (missionId: string, format: "pdf" | "csv" | "xlsx", asOf?: string, lang?: string) =>
  call<string | null>("export_report", { missionId, format, asOf: asOf ?? null, ...(lang ? { lang } : {}) });
/** `lang`: the planner's language, in which the calendar is named and labelled. */
export const exportFollowupsIcs = (missionId: string | undefined, lang: string) =>
  call<string | null>("export_followups_ics", { missionId: missionId ?? null, lang });

// Documents: preview, Save as PDF, Print, the mission's calendar file.
/** `versions` (change sheets only): "A..B", or "A.." for version A against the current draft. */
export type DocumentInput = {
  missionId: string;
  kind: DocumentKind;
  lang: string;
  participantId?: string | null;
  versions?: string | null;
};
export const previewDocument = (input: DocumentInput) =>
  call<DocumentPreview>("preview_document", { ...input, participantId: input.participantId ?? null });
/** Asks where to save; resolves to the path written, or null when cancelled. */
export const saveDocument = (input: DocumentInput) =>
  call<string | null>("save_document", { ...input, participantId: input.participantId ?? null });
export const listPrinters = () => call<Printers>("list_printers");
/** Prints on `printer` (null: the default one); resolves to the print service's answer. */
export const printDocument = (document: DocumentInput, printer: string | null) =>
  call<string>("print_document", { document: { ...document, participantId: document.participantId ?? null }, printer });
/** `lang`: the documents' language (its first one is the calendar's). */
export const exportMissionIcs = (missionId: string, participantId: string | null, lang: string) =>
  call<string | null>("export_mission_ics", { missionId, participantId, lang });

// E-mail drafts (issue 17): one .eml per person, written into a folder picked in the native
// dialog opened by the backend; nothing is sent.
/** `lang`: "auto" (each person's own language) or fr, en, zh-TW; `sampleId`: whose draft to show. */
export type MailInput = { missionId: string; template: MailTemplate; to: Audience; lang: string; sampleId?: string | null };
export const previewMailMerge = (input: MailInput) =>
  call<MailPreview>("preview_mail_merge", { ...input, sampleId: input.sampleId ?? null });
/** Asks for a folder; resolves to what was written, or null when cancelled. */
export const writeMailDrafts = (input: MailInput) =>
  call<MailReport | null>("write_mail_drafts", { ...input, sampleId: input.sampleId ?? null });

// Letters (issue 17, part 3): a member's passport data for the mission (Delegation tab), and
// one invitation or thank-you PDF per person written into a folder picked in the native dialog.
export const listPassports = (missionId: string) => call<Passport[]>("list_passports", { id: missionId });
export const savePassport = (p: PassportInput) => call<string>("save_passport", p as unknown as Record<string, unknown>);
/** Resolves to whether there was passport data to clear. */
export const clearPassport = (missionId: string, contactId: string) =>
  call<boolean>("clear_passport", { missionId, contactId });
/** `lang`: "auto" (each person's own language) or fr, en, zh-TW. */
/** `contactId`: one person, or null for everyone the kind is for. */
export type LettersInput = { missionId: string; kind: LetterKind; lang: string; costsBy: CostsBy; contactId: string | null };
export const previewLetters = (input: LettersInput) => call<LetterPlan>("preview_letters", input);
/** Asks for a folder; resolves to what was written, or null when cancelled. */
export const writeLetters = (input: LettersInput) => call<LetterReport | null>("write_letters", input);

// Two laptops, one mission (issue 15): the exchange file is chosen in native dialogs opened
// by the backend; the UI never sends a path.
/** Writes the mission's exchange file where the planner chooses; null when cancelled. */
export const shareMission = (missionId: string) => call<ExportReport | null>("share_mission", { missionId });
/**
 * Reads the exchange file the planner chooses and merges it; null when cancelled. `missionId`:
 * the mission received into (a file of another is refused); none from the missions list.
 * `e2ePath` works only in end-to-end tests.
 */
export const receiveFile = (missionId: string | null, e2ePath?: string) =>
  call<Received | null>("receive_file", { missionId, ...(e2ePath ? { e2ePath } : {}) });
export const listSyncConflicts = (missionId: string) => call<InboxEntry[]>("list_sync_conflicts", { missionId });
export const resolveSyncConflict = (id: string, take: Take) => call<null>("resolve_sync_conflict", { id, take });
/** The mission's latest exchanges, latest first. */
export const listExchanges = (missionId: string) => call<Exchange[]>("list_exchanges", { missionId });

// The agency's team server (issue 16): the copy syncs in the background once joined; the
// window shows where it stands (`team-status` after every attempt) and joins, syncs now, leaves.
export const TEAM_STATUS = "team-status";
export const getTeamStatus = () => call<TeamStatus>("team_status");
/** A refusal names the field it concerns ("url", "member" or "password") when it has one. */
export const teamJoin = (url: string, member: string, password: string) => call<TeamJoined>("team_join", { url, member, password });
export const teamSync = () => call<TeamSynced>("team_sync");
/** Resolves to false when this copy had not joined. */
export const teamLeave = () => call<boolean>("team_leave");
/** Calls `handler` with the copy's status after each background sync attempt (a no-op outside Tauri). */
export async function onTeamStatus(handler: (status: TeamStatus) => void): Promise<UnlistenFn> {
  try {
    return await listen<TeamStatus>(TEAM_STATUS, (event) => handler(event.payload));
  } catch {
    return () => {};
  }
}
