import { mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, it } from "vitest";
import { getMission, listMissions, loadSeed, setLocale, toApiError } from "./api";

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
    await expect(listMissions()).rejects.toEqual({ kind: "internal", message: "boom", field: null });
    expect(toApiError(new Error("x"))).toEqual({ kind: "internal", message: "x", field: null });
    expect(toApiError({ kind: "validation", message: "m" })).toEqual({ kind: "validation", message: "m", field: null });
  });
});
