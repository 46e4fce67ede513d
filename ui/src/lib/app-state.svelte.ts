// Application-wide data: AppInfo (empty database? stored locale?) and the specialty labels.
import { getAppInfo, listSpecialties, toApiError, type ApiError } from "./api";
import type { AppInfo, Specialty } from "./bindings";
import { humanise } from "./format";
import { dataLabel } from "./i18n/index.svelte";

export const appState = $state<{
  info: AppInfo | null;
  infoError: ApiError | null;
  specialties: Record<string, Specialty>;
}>({ info: null, infoError: null, specialties: {} });

export async function refreshAppInfo(): Promise<AppInfo | null> {
  try {
    const info = await getAppInfo();
    appState.info = info;
    appState.infoError = null;
    return info;
  } catch (e) {
    appState.infoError = toApiError(e);
    return null;
  }
}

export async function refreshSpecialties(): Promise<void> {
  try {
    const list = await listSpecialties();
    appState.specialties = Object.fromEntries(list.map((s) => [s.code, s]));
  } catch {
    // Labels are a nicety: without them the codes are shown humanised.
  }
}

/** The specialty's label in the current language ("cardiology" → "Cardiologie"). */
export function specialtyLabel(code: string): string {
  const s = appState.specialties[code];
  if (!s) return humanise(code);
  return dataLabel(s.labelEn, s.labelFr, s.labelZh) || humanise(code);
}
