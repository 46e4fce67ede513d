// The roles a person holds in a delegation (the backend's closed vocabulary, MemberRole).
import type { MemberRole } from "../../lib/bindings";
import type { MessageKey } from "../../lib/i18n/index.svelte";

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
