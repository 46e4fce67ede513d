import { mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, it } from "vitest";
import { getMission, listMissions, loadSeed, setLocale, toApiError } from "./api";
import { applyLocale, errorText } from "./i18n/index.svelte";

describe("api", () => {
  it("wraps every input in one `input` argument and sends none otherwise", async () => {
    const seen: Array<[string, unknown]> = [];
    mockIPC((cmd, args) => {
      seen.push([cmd, args]);
      return cmd === "list_missions" ? [] : null;
    });
    await listMissions();
    await getMission("mis_1");
    await loadSeed("belgian-ehealth");
    await setLocale("zh-TW");
    expect(seen).toEqual([
      ["list_missions", {}],
      ["get_mission", { input: { id: "mis_1" } }],
      ["load_seed", { input: { name: "belgian-ehealth" } }],
      ["set_locale", { input: { locale: "zh-TW" } }],
    ]);
  });

  it("rejects with the backend's ApiError, and turns anything else into an internal one", async () => {
    mockIPC((cmd) => {
      if (cmd === "get_mission") throw { kind: "notFound", message: "No such mission", field: "id" };
      throw "boom";
    });
    await expect(getMission("x")).rejects.toEqual({ kind: "notFound", message: "No such mission", field: "id" });
    await expect(listMissions()).rejects.toEqual({ kind: "internal", message: "boom", field: null, code: "internal" });
    expect(toApiError(new Error("x"))).toEqual({ kind: "internal", message: "x", field: null, code: "internal" });
    expect(toApiError({ kind: "validation", message: "m" })).toEqual({ kind: "validation", message: "m", field: null });
  });

  it("shows an internal error as a plain sentence in the planner's language, never its English detail", async () => {
    const err = toApiError({ kind: "internal", message: "database error: disk I/O error", field: null });
    applyLocale("fr");
    expect(errorText(err)).toBe(
      "Passerelle n’a pas pu terminer cette action. Rien n’a été modifié\u00a0: réessayez, et si cela se reproduit, le détail figure dans le journal.",
    );
    applyLocale("zh-TW");
    expect(errorText(err)).not.toContain("disk");
    expect(errorText(err)).toContain("Passerelle 無法完成這項操作");
  });
});
