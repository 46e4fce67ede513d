import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

describe("generated bindings", () => {
  it("index.ts re-exports every type file ts-rs wrote", () => {
    const dir = join(__dirname, "bindings");
    const types = readdirSync(dir)
      .filter((f) => f.endsWith(".ts") && f !== "index.ts")
      .map((f) => f.slice(0, -3))
      .sort();
    const index = readFileSync(join(dir, "index.ts"), "utf8");
    const exported = [...index.matchAll(/export type \{ (\w+) \} from "\.\/(\w+)";/g)].map((m) => m[1]).sort();
    expect(exported).toEqual(types);
  });
});
