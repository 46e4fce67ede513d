// What the exchange screens say about replicas, exchanges and conflicting values, in the
// planner's language (pure: tested without a window).
import type { Exchange, InboxEntry } from "../../lib/bindings";
import { formatDateTime, formatEur, formatInstant, formatTime } from "../../lib/format";
import { hasMessage, i18n, t, type MessageKey } from "../../lib/i18n/index.svelte";

/**
 * End-to-end tests cannot drive the native open dialog: a `?e2e=FILE` in the location's hash
 * names a file in the test's folder (the backend accepts it only when PASSERELLE_E2E_IMPORT_DIR
 * is set). "" otherwise.
 */
export function e2eFileFromHash(): string {
  if (typeof location === "undefined") return "";
  return new URLSearchParams(location.hash.split("?")[1] ?? "").get("e2e") ?? "";
}

/**
 * A peer copy as the planner reads it: "la copie 3f2a9c" (its replica id, shortened), or "l'autre
 * copie" when the record does not say which (a deletion met on the other side).
 */
export function peerName(replica: string | null | undefined): string {
  const id = (replica ?? "").replace(/^rep_/, "").slice(0, 6);
  return id ? t("sync.peer", { id }) : t("sync.peerUnknown");
}

/** A translated label `prefix.name` (`sync.field.starts_at`), else the name as stored. */
export function labelOf(prefix: "sync.entity" | "sync.field", name: string): string {
  const key = `${prefix}.${name}`;
  return hasMessage(key) ? t(key as MessageKey) : name;
}

/** The header's line: when this mission was last exchanged, with whom; "" when never. */
export function lastExchangeText(e: Exchange | undefined): string {
  if (!e) return "";
  const at = formatDateTime(i18n.intl, e.at);
  if (e.direction === "received") return t("sync.last.received", { peer: peerName(e.peerReplica), at });
  if (e.peerReplica) return t("sync.last.sentTo", { peer: peerName(e.peerReplica), at });
  return t("sync.last.sent", { at });
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * One side of a conflict as the planner reads it: a time in the record's zone, a site or a
 * person by name, a status in words; a record deleted or edited (field `*`); "(empty)".
 */
export function valueText(entry: InboxEntry, value: unknown, name: string | null): string {
  const field = entry.conflict.field;
  if (field === "*") return value === null || value === undefined ? t("sync.inbox.deleted") : t("sync.inbox.edited");
  if (value === null || value === undefined || value === "") return t("sync.inbox.emptyValue");
  if (name) return name;
  if (typeof value === "string") {
    if (INSTANT.test(value)) return formatInstant(i18n.intl, value, entry.zone ?? "UTC");
    if (field === "status" && hasMessage(`status.${value}`)) return t(`status.${value}` as MessageKey);
    return value;
  }
  if (typeof value === "number" && field.endsWith("_cents")) return formatEur(i18n.intl, value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  // An item's time (its start and end moved together): "jeu. 26 juin 2025, 14:30–15:00".
  const range = value as { starts_at?: unknown; ends_at?: unknown };
  if (typeof range.starts_at === "string" && INSTANT.test(range.starts_at)) {
    const zone = entry.zone ?? "UTC";
    const start = formatInstant(i18n.intl, range.starts_at, zone);
    if (typeof range.ends_at !== "string" || !INSTANT.test(range.ends_at)) return start;
    return `${start}–${formatTime(i18n.intl, new Date(range.ends_at), zone)}`;
  }
  return JSON.stringify(value);
}

/**
 * When a side's edit was made: a moment of the planners' work, on this computer's clock like
 * the files exchanged listed under it (the values themselves are in the record's zone).
 */
export function editedAt(at: string): string {
  return t("sync.inbox.editedAt", { at: formatDateTime(i18n.intl, at) });
}
