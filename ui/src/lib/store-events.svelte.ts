// Follows the backend's `store-changed` event. Every loader reads `changes.version`,
// so any write anywhere refetches whatever is on screen (reads are local and cheap).
import { onStoreChanged } from "./api";

export const changes = $state<{ version: number; entities: string[] }>({ version: 0, entities: [] });

/** Marks the store as changed (called for each backend event, and after our own writes). */
export function markChanged(entities: string[] = []): void {
  changes.entities = entities;
  changes.version += 1;
}

/** Only the stored preferences changed (e.g. `set_locale`): nothing on screen needs a refetch. */
function settingsOnly(entities: string[]): boolean {
  return entities.length > 0 && entities.every((e) => e === "settings");
}

/** Subscribes to `store-changed`; returns the unsubscribe function. */
export function startStoreEvents(): () => void {
  let stop: (() => void) | null = null;
  let stopped = false;
  void onStoreChanged((change) => {
    if (!settingsOnly(change.entities)) markChanged(change.entities);
  }).then((unlisten) => {
    if (!stopped) stop = unlisten;
    else
      try {
        unlisten();
      } catch {
        // as below
      }
  });
  return () => {
    stopped = true;
    try {
      stop?.();
    } catch {
      // The bridge is already gone (window closing, or a test tearing down).
    }
  };
}
