// A mission's meal and access needs as the window shows them (issue 18, part 4): one row per
// member with their needs, the words the caterer reads, and the draft the form edits. The
// consent is a draft field like the others: the core refuses needs without it.
import { joinList } from "../../lib/format";
import type { AccessNeed, ConsentMethod, DelegationMember, Diet, MealNeeds, MissionNeeds, NeedsInput } from "../../lib/bindings";

export const DIETS: Diet[] = [
  "vegetarian",
  "vegan",
  "halal",
  "kosher",
  "no_pork",
  "no_alcohol",
  "gluten_free",
  "lactose_free",
  "nut_allergy",
  "shellfish_allergy",
  "other",
];
export const ACCESS: AccessNeed[] = ["wheelchair", "reduced_mobility", "hearing", "sight", "other"];
export const CONSENT_METHODS: ConsentMethod[] = ["form", "email", "in_person", "phone"];

export type MemberNeeds = { member: DelegationMember; needs: MealNeeds | null };

/** One row per member (in the order given), with their needs if any. */
export function rowsOf(members: DelegationMember[], data: MissionNeeds | null | undefined): MemberNeeds[] {
  const needs = data?.needs ?? [];
  return members.map((member) => ({ member, needs: needs.find((n) => n.contact.id === member.contact.id) ?? null }));
}

export type NeedsDraft = {
  contactId: string;
  diets: Diet[];
  dietOther: string;
  access: AccessNeed[];
  accessOther: string;
  consent: boolean;
  consentBy: string;
  consentOn: string;
  consentHow: ConsentMethod | "";
};

/** The form's draft: the stored needs (their consent ticked, as recorded), or a new one for the
 *  person, consent not ticked, given by them today. */
export function needsDraft(needs: MealNeeds | null, contactId: string, name: string, today: string): NeedsDraft {
  if (needs) {
    return {
      contactId,
      diets: [...needs.diets],
      dietOther: needs.dietOther ?? "",
      access: [...needs.access],
      accessOther: needs.accessOther ?? "",
      consent: true,
      consentBy: needs.consentBy,
      consentOn: needs.consentOn,
      consentHow: needs.consentHow,
    };
  }
  return { contactId, diets: [], dietOther: "", access: [], accessOther: "", consent: false, consentBy: name, consentOn: today, consentHow: "" };
}

export function needsInput(d: NeedsDraft, missionId: string): NeedsInput {
  const text = (s: string) => (s.trim() ? s : undefined);
  return {
    missionId,
    contactId: d.contactId,
    diets: d.diets,
    dietOther: text(d.dietOther),
    access: d.access,
    accessOther: text(d.accessOther),
    consent: d.consent,
    consentBy: text(d.consentBy),
    consentOn: text(d.consentOn),
    consentHow: d.consentHow || undefined,
  };
}

/** "Vegetarian, Other (no raw fish), Wheelchair access", each label through `label`, listed as
 *  `locale` lists (`joinList`). */
export function needsText(n: MealNeeds, label: (key: string) => string, locale: string): string {
  const parts = [
    ...n.diets.map((d) => (d === "other" && n.dietOther ? `${label("diet.other")} (${n.dietOther})` : label(`diet.${d}`))),
    ...n.access.map((a) => (a === "other" && n.accessOther ? `${label("access.other")} (${n.accessOther})` : label(`access.${a}`))),
  ];
  return joinList(locale, parts);
}

/** A list with `value` in or out, in the vocabulary's order. */
export function toggled<T>(list: T[], value: T, on: boolean, order: T[]): T[] {
  const set = new Set(list);
  if (on) set.add(value);
  else set.delete(value);
  return order.filter((v) => set.has(v));
}
