import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import en from "./en.json";
import fr from "./fr.json";
import zhTW from "./zh-TW.json";
import { applyLocale, detectLocale, errorText, formatParamInstant, i18n, messageKey, messageText, normaliseLocale, t, tn, type MessageKey } from "./index.svelte";

const placeholders = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

afterEach(() => applyLocale("en"));

describe("loading a language", () => {
  it("loads a language's catalogue on first use, and that one only", async () => {
    vi.resetModules();
    const fresh = await import("./index.svelte");
    // Nothing is in before the first language is loaded: a key shows as itself.
    expect(fresh.t("common.loading")).toBe("common.loading");
    await fresh.loadLocale("fr");
    expect(fresh.i18n.locale).toBe("fr");
    expect(fresh.t("common.loading")).toBe(fr["common.loading"]);
    expect(fresh.errorText({ code: "internal", message: "database error: disk I/O error" })).toBe(fr["err.internal"]);
    // French is complete: English was not fetched for it.
    fresh.applyLocale("en");
    expect(fresh.t("common.loading")).toBe("common.loading");
    // Chinese leaves out the `.one` forms: its `.other` form serves, without English.
    await fresh.loadLocale("zh-TW");
    expect(fresh.tn("missions.delegates", 1)).toBe(zhTW["missions.delegates.other"].replace("{count}", "1"));
    // The next start fetches the language last shown while the stored setting is asked.
    expect(fresh.likelyLocale()).toBe("zh-TW");
  });
});

describe("message catalogues", () => {
  it("fr and en have exactly the same keys", () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });

  it("zh-TW has no key that en lacks, and leaves out only plural forms it never uses", () => {
    const enKeys = new Set(Object.keys(en));
    const zhKeys = Object.keys(zhTW);
    expect(zhKeys.filter((k) => !enKeys.has(k))).toEqual([]);
    const missing = Object.keys(en).filter((k) => !(k in zhTW));
    expect(missing.filter((k) => !k.endsWith(".one"))).toEqual([]);
  });

  it("every translation uses the same {placeholders} as English", () => {
    for (const [name, catalogue] of [["fr", fr], ["zh-TW", zhTW]] as const) {
      for (const [key, message] of Object.entries(catalogue)) {
        const reference = (en as Record<string, string>)[key] ?? (en as Record<string, string>)[key.replace(/\.\w+$/, ".other")];
        expect(placeholders(message), `${name} ${key}`).toEqual(placeholders(reference));
      }
    }
  });

  it("French follows its typography: ’ for the apostrophe, a no-break space before : ; ! ? » and after «", () => {
    // The documents' own French words (src-tauri/core/src/documents/labels.json) too.
    const labels = JSON.parse(readFileSync(join(import.meta.dirname, "../../../../src-tauri/core/src/documents/labels.json"), "utf8"));
    const wrong = Object.entries({ ...fr, ...labels.fr })
      .filter(([, v]) => typeof v === "string" && (/\p{L}'\p{L}/u.test(v) || / [:;!?»]/.test(v) || /« /.test(v)))
      .map(([k]) => k);
    expect(wrong).toEqual([]);
  });

  it("no message is empty", () => {
    for (const catalogue of [en, fr, zhTW]) {
      for (const message of Object.values(catalogue)) expect(message.trim()).not.toBe("");
    }
  });

  it("every literal key used in the source exists in en.json", () => {
    const root = join(__dirname, "..", "..");
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(svelte|ts)$/.test(name) && !name.endsWith(".test.ts")) files.push(path);
      }
    };
    walk(root);
    const used = new Set<string>();
    for (const file of files) {
      for (const m of readFileSync(file, "utf8").matchAll(/\bt\(\s*"([\w.-]+)"/g)) used.add(m[1]);
      for (const m of readFileSync(file, "utf8").matchAll(/\btn\(\s*"([\w.-]+)"/g)) used.add(`${m[1]}.other`);
    }
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((k) => !(k in en))).toEqual([]);
  });
});

describe("t and tn", () => {
  it("translates, interpolates and falls back to English", () => {
    applyLocale("fr");
    expect(t("nav.missions")).toBe("Missions");
    expect(t("mission.tab.followups")).toBe("Suivis");
    expect(t("error.field", { field: "title" })).toBe("Champ\u00a0: title");
    applyLocale("zh-TW");
    expect(t("mission.tab.followups")).toBe("後續追蹤");
    // zh-TW has no `.one` forms: Chinese plural rules never ask for them.
    expect(tn("missions.delegates", 1)).toBe("1 位團員");
    applyLocale("en");
    expect(t("missing.key" as MessageKey)).toBe("missing.key");
  });

  it("picks plural forms by locale", () => {
    applyLocale("en");
    expect(tn("missions.delegates", 1)).toBe("1 delegate");
    expect(tn("missions.delegates", 0)).toBe("0 delegates");
    applyLocale("fr");
    expect(tn("missions.delegates", 0)).toBe("0 délégué");
    expect(tn("missions.delegates", 1)).toBe("1 délégué");
    expect(tn("missions.delegates", 12)).toBe("12 délégués");
  });

  it("maps the current locale to an Intl locale and the document language", () => {
    applyLocale("fr");
    expect(i18n.intl).toBe("fr-BE");
    expect(document.documentElement.lang).toBe("fr-BE");
    applyLocale("zh-TW");
    expect(i18n.intl).toBe("zh-TW");
    applyLocale("en");
    expect(i18n.intl).toBe("en-GB");
  });
});

describe("initial locale", () => {
  it("prefers the stored locale, then the system language", () => {
    expect(detectLocale("fr", "en-US")).toBe("fr");
    expect(detectLocale(null, "fr-BE")).toBe("fr");
    expect(detectLocale(null, "zh-CN")).toBe("zh-TW");
    expect(detectLocale(null, "zh-Hant-TW")).toBe("zh-TW");
    expect(detectLocale(null, "nl-BE")).toBe("en");
    expect(detectLocale("", "de")).toBe("en");
    expect(detectLocale("zh-TW", "fr")).toBe("zh-TW");
    expect(normaliseLocale("xx")).toBeNull();
  });
});

describe("plurals in every language", () => {
  it("agrees nouns and participles with the count", () => {
    applyLocale("fr");
    expect(tn("directory.count.merged", 1)).toBe("1 doublon fusionné");
    expect(tn("directory.count.merged", 3)).toBe("3 doublons fusionnés");
    expect(tn("directory.count.merged", 0)).toBe("0 doublon fusionné");
    expect(tn("today.outcomes", 2)).toBe("2 résultats enregistrés");
    expect(tn("schedule.score", 1, { total: 4, percent: 25 })).toBe("1 demande sur 4, 25 % du meilleur possible");
    applyLocale("en");
    expect(tn("directory.count.merged", 1)).toBe("1 duplicate merged");
    expect(tn("directory.count.merged", 0)).toBe("0 duplicates merged");
    expect(tn("directory.import.rows", 1)).toBe("1 row");
    applyLocale("zh-TW");
    expect(tn("directory.count.merged", 1)).toBe("合併重複 1");
    expect(tn("today.outcomes", 1)).toBe("已記錄 1 項成果");
  });

  it("has both forms of every plural in French and English", () => {
    for (const catalogue of [fr, en] as Record<string, string>[]) {
      for (const key of Object.keys(catalogue)) {
        if (key.endsWith(".one")) expect(catalogue[key.replace(/\.one$/, ".other")], key).toBeDefined();
        // "recovery.other", "diet.other", "access.other" name a vocabulary's "other", not a plural.
        const vocabulary = ["recovery.", "diet.", "access."].some((p) => key.startsWith(p));
        if (key.endsWith(".other") && !vocabulary) expect(catalogue[key.replace(/\.other$/, ".one")], key).toBeDefined();
      }
    }
  });
});

describe("errors from the core", () => {
  it("are shown from their code in the planner's language, parameters filled", () => {
    applyLocale("fr");
    const err = { kind: "validation" as const, field: "contactId", message: "contactId: Haruki Sato is already in the delegation.", code: "alreadyMember", params: { name: "Haruki Sato" } };
    expect(errorText(err)).toBe("Haruki Sato fait déjà partie de la délégation.");
    applyLocale("zh-TW");
    expect(errorText(err)).toBe("Haruki Sato 已在代表團中。");
    applyLocale("en");
    expect(errorText({ ...err, code: "endBeforeStart", params: {} })).toBe("Ends before it starts.");
  });
  it("fall back to the message without its field prefix when uncoded or unknown", () => {
    applyLocale("fr");
    expect(errorText({ message: "title: a title is required", field: "title" })).toBe("a title is required");
    expect(errorText({ message: "x: something", field: "x", code: "noSuchCode" })).toBe("something");
    expect(errorText({ message: "No printer: choose one.", field: null })).toBe("No printer: choose one.");
    applyLocale("en");
  });
});

describe("coded messages of the core", () => {
  it("use err.<code> for a bare code and the code itself for a dotted one", () => {
    expect(messageKey("alreadyMember")).toBe("err.alreadyMember");
    expect(messageKey("conflict.personBusy")).toBe("conflict.personBusy");
  });
  it("pick the plural form from params.count, as the core does", () => {
    applyLocale("fr");
    expect(messageText({ code: "missions.sites", params: { count: "0" } })).toBe(tn("missions.sites", 0));
    expect(messageText({ code: "missions.sites", params: { count: "3" } })).toBe(tn("missions.sites", 3));
    applyLocale("en");
    expect(messageText({ code: "missions.sites", params: { count: "1" } })).toBe("1 site");
  });
  it("show instants in the zone given, in the planner's language", () => {
    expect(formatParamInstant("2025-06-26T12:30:00Z", "time", "Europe/Brussels", "fr")).toBe("14:30");
    expect(formatParamInstant("2025-06-26T12:30:00Z", "time", undefined, "fr")).toBe("12:30");
    expect(formatParamInstant("2025-06-26T12:30:00Z", "dateTime", "Asia/Taipei", "fr")).toMatch(/^jeu\. 26 juin 20:30$/);
    expect(formatParamInstant("not a time", "time", "Europe/Brussels", "fr")).toBeNull();
    applyLocale("fr");
    const params = { title: "{at:time}", at: "2025-06-26T12:30:00Z", zone: "Europe/Brussels" };
    // A parameter is never re-read as a template: only the catalogue text is.
    expect(messageText({ code: "outcomeOnCancelled", params })).toContain("{at:time}");
  });
  it("join lists, time ranges and durations as the core does (messages/mod.rs has the same cases)", () => {
    const names = (n: number) => Array.from({ length: n }, (_, i) => `P${i + 1}`).join("\n");
    const busy = (n: number) => ({
      code: "conflict.personBusy",
      params: { people: names(n), count: String(n), first: "A", firstStart: "2025-06-26T07:00:00Z", firstEnd: "2025-06-26T08:00:00Z", second: "B", secondStart: "2025-06-26T07:30:00Z", secondEnd: "2025-06-26T08:30:00Z", zone: "Europe/Brussels" },
    });
    applyLocale("en");
    expect(messageText(busy(1))).toBe("P1 is booked twice: A (09:00–10:00) and B (09:30–10:30) overlap");
    expect(messageText(busy(2))).toMatch(/^P1 and P2 are booked twice/);
    expect(messageText(busy(4))).toMatch(/^P1, P2, P3 and P4 are/);
    expect(messageText(busy(12))).toMatch(/^P1, P2, P3 and 9 others are/);
    applyLocale("fr");
    expect(messageText(busy(3))).toMatch(/pour P1, P2 et P3\u00a0:/);
    applyLocale("zh-TW");
    expect(messageText(busy(12))).toMatch(/^P1、P2、P3以及另外 9 人重複預訂/);
    const day = { people: "P1", count: "1", day: "2025-06-26T06:00:00Z", from: "2025-06-26T09:30:00Z", to: "2025-06-26T12:30:00Z", zone: "Europe/Brussels" };
    expect(messageText({ code: "conflict.noLunch", params: { ...day, minutes: "75" } })).toContain("也沒有 1 小時 15 分 的空檔");
    applyLocale("fr");
    expect(messageText({ code: "conflict.noLunch", params: { ...day, minutes: "65" } })).toContain("ni 1 h 05 de libre entre 11:30 et 14:30");
    const windows = "2025-06-27T07:00:00Z/2025-06-27T08:00:00Z\n2025-06-27T12:00:00Z/2025-06-27T13:00:00Z";
    const at = { people: "P1", count: "1", windows, title: "Photo", start: "2025-06-27T13:00:00Z", end: "2025-06-27T13:15:00Z", zone: "Europe/Brussels" };
    expect(messageText({ code: "conflict.availableOnlyAt", params: at })).toBe(
      "P1 n’est disponible qu’aux heures 09:00–10:00 et 14:00–15:00, mais «\u00a0Photo\u00a0» a lieu de 15:00 à 15:15",
    );
    applyLocale("en");
  });
});
