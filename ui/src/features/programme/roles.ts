// The roles a person holds in a delegation (the backend's closed vocabulary, MemberRole).
import type { MemberRole } from "../../lib/bindings";
import { t, type MessageKey } from "../../lib/i18n/index.svelte";

export const MEMBER_ROLES: readonly MemberRole[] = ["head", "delegate", "organiser", "interpreter", "host"];

const LABELS: Record<MemberRole, MessageKey> = {
  head: "memberRole.head",
  delegate: "memberRole.delegate",
  organiser: "memberRole.organiser",
  interpreter: "memberRole.interpreter",
  host: "memberRole.host",
};

/** The message key of a role, or null for a role outside the vocabulary (shown as stored). */
export function roleKey(role: string): MessageKey | null {
  return (MEMBER_ROLES as readonly string[]).includes(role) ? LABELS[role as MemberRole] : null;
}

/**
 * A role as the planner reads it: a delegation role in the window's language; "participant", what
 * the directory says of a person in a mission's programme but not in its delegation (a Liège
 * doctor at a one-to-one talk), likewise; any other word as stored.
 */
export function roleLabel(role: string): string {
  if (role === "participant") return t("memberRole.participant");
  const key = roleKey(role);
  return key ? t(key) : role;
}
