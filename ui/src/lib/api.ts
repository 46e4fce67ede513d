// The only module that talks to the Rust backend. Components import these typed
// functions; none of them calls `invoke` or `listen` directly.
//
// Contract: every command that takes input receives ONE argument named `input`;
// failures reject with an `ApiError`; after any write the backend emits `store-changed`.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type {
  ApiError,
  AppInfo,
  ContactDetail,
  ContactSummary,
  MissionDetail,
  MissionSummary,
  OrganisationDetail,
  OrganisationSummary,
  SeedReport,
  Specialty,
  StoreChanged,
  TechnologyDetail,
  TechnologySummary,
} from "./bindings";

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

/** Whatever a command rejected with, as an ApiError (a panic or a transport failure becomes "internal"). */
export function toApiError(value: unknown): ApiError {
  if (isApiError(value)) return { kind: value.kind, message: value.message, field: value.field ?? null };
  if (value instanceof Error) return { kind: "internal", message: value.message, field: null };
  if (typeof value === "string") return { kind: "internal", message: value, field: null };
  return { kind: "internal", message: String(value), field: null };
}

async function call<T>(command: string, input?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, input === undefined ? undefined : { input });
  } catch (e) {
    throw toApiError(e);
  }
}

export const getAppInfo = () => call<AppInfo>("get_app_info");
export const setLocale = (locale: string) => call<null>("set_locale", { locale });
export const loadSeed = (name: SeedName) => call<SeedReport>("load_seed", { name });
export const listSpecialties = () => call<Specialty[]>("list_specialties");

export const listMissions = () => call<MissionSummary[]>("list_missions");
export const getMission = (id: string) => call<MissionDetail>("get_mission", { id });

export const listOrganisations = () => call<OrganisationSummary[]>("list_organisations");
export const getOrganisation = (id: string) => call<OrganisationDetail>("get_organisation", { id });

export const listContacts = () => call<ContactSummary[]>("list_contacts");
export const getContact = (id: string) => call<ContactDetail>("get_contact", { id });

export const listTechnologies = () => call<TechnologySummary[]>("list_technologies");
export const getTechnology = (id: string) => call<TechnologyDetail>("get_technology", { id });

/**
 * Calls `handler` after every backend write. Resolves to an unsubscribe function.
 * Outside Tauri (no IPC bridge at all) it quietly does nothing.
 */
export async function onStoreChanged(handler: (change: StoreChanged) => void): Promise<UnlistenFn> {
  try {
    return await listen<StoreChanged>(STORE_CHANGED, (event) => {
      const payload = event.payload as Partial<StoreChanged> | null | undefined;
      handler({ entities: Array.isArray(payload?.entities) ? payload.entities : [] });
    });
  } catch {
    return () => {};
  }
}
