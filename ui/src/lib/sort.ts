// The one way lists are ordered in the window: natural order in the UI language ("Delegate 2"
// before "Delegate 10", "Émile" beside "Emma"), and people by family name, then given name.
//
// Most views carry a person's display name only ("Claire Dupont", "Jan Van den Berg",
// "林美玲"): the family name is then read from it — the last word with the lower-case or
// Dutch particles before it ("Van den Berg", "de Smet"), or the first character of a name in
// Chinese characters (written family name first). Pass `{ given, family }` when you have them.

const collators = new Map<string, Intl.Collator>();

export function collator(locale: string): Intl.Collator {
  let c = collators.get(locale);
  if (!c) {
    c = new Intl.Collator(locale, { numeric: true, sensitivity: "base" });
    collators.set(locale, c);
  }
  return c;
}

/** Natural, accent- and case-insensitive comparison in the locale ("Salle 2" < "Salle 10"). */
export function naturalCompare(locale: string, a: string, b: string): number {
  return collator(locale).compare(a, b);
}

/** A sorted copy of `list`, by `key`, in natural order. */
export function sortNatural<T>(list: readonly T[], locale: string, key: (item: T) => string): T[] {
  const c = collator(locale);
  return [...list].sort((x, y) => c.compare(key(x), key(y)));
}

export type PersonName = { given: string; family: string };

const PARTICLES = new Set(["van", "von", "de", "den", "der", "del", "della", "di", "da", "das", "dos", "du", "le", "la", "ten", "ter", "vander", "vanden"]);
const HAN = /^[\p{Script=Han}\u3007]+$/u;

/** "Jan Van den Berg" → { given: "Jan", family: "Van den Berg" }; "林美玲" → { given: "美玲", family: "林" }. */
export function splitName(displayName: string): PersonName {
  const name = displayName.trim().replace(/\s+/g, " ");
  if (HAN.test(name)) return { family: name.slice(0, 1), given: name.slice(1) };
  const words = name.split(" ");
  // One word, or a numbered placeholder ("Delegate 2"): the whole name is the key.
  if (words.length < 2 || /^\d+$/.test(words[words.length - 1])) return { given: "", family: name };
  let i = words.length - 1;
  while (i > 1 && PARTICLES.has(words[i - 1].toLowerCase())) i--;
  return { given: words.slice(0, i).join(" "), family: words.slice(i).join(" ") };
}

function nameOf(p: string | PersonName): PersonName {
  return typeof p === "string" ? splitName(p) : p;
}

/** People by family name, then given name, in natural order. */
export function comparePeople(locale: string, a: string | PersonName, b: string | PersonName): number {
  const c = collator(locale);
  const x = nameOf(a);
  const y = nameOf(b);
  return c.compare(x.family, y.family) || c.compare(x.given, y.given);
}

/** A copy of `list` sorted by family name: every list of people in the window uses this. */
export function sortPeople<T>(list: readonly T[], locale: string, name: (item: T) => string | PersonName): T[] {
  const keyed = list.map((item) => ({ item, name: nameOf(name(item)) }));
  keyed.sort((x, y) => comparePeople(locale, x.name, y.name));
  return keyed.map((k) => k.item);
}
