// A fake backend for component tests, built on `mockIPC` from @tauri-apps/api/mocks.
import { mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import type { ApiError, AppInfo } from "../lib/bindings";

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
    list_specialties: () => [],
    list_missions: () => [],
    list_organisations: () => [],
    list_contacts: () => [],
    list_technologies: () => [],
    set_locale: () => null,
    list_printers: () => ({ names: [], default: null, available: true }),
  };
  mockIPC(
    (cmd, args) => {
      const payload = args as Record<string, unknown> | undefined;
      calls.push({ cmd, args: payload });
      const handler = handlers[cmd] ?? defaults[cmd];
      if (!handler) {
        throw { kind: "internal", message: `unexpected command ${cmd}`, field: null } satisfies ApiError;
      }
      return handler((payload?.input ?? {}) as Record<string, unknown>);
    },
    { shouldMockEvents: true },
  );
  return calls;
}

/** What the backend does after a write. */
export function emitStoreChanged(entities: string[]): Promise<void> {
  return emit("store-changed", { entities });
}

export function callsOf(calls: Call[], cmd: string): Call[] {
  return calls.filter((c) => c.cmd === cmd);
}
