import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import App from "../../App.svelte";
import type { DuplicateGroup, ImportPlan, ImportSource, SearchHit } from "../../lib/bindings";
import { appInfo, fakeBackend } from "../../test/backend";

const source: ImportSource = {
  fileName: "outlook-fr-windows1252.csv",
  format: "csv",
  encoding: "windows-1252",
  delimiter: ";",
  headers: ["Prénom", "Nom", "Adresse de messagerie"],
  sample: [{ line: 2, cells: ["Hélène", "Lemaître", "helene.lemaitre@chc.be"] }],
  rowCount: 2,
  unreadable: [],
  mapping: ["givenName", "familyName", "email"],
  remembered: false,
};

const plan: ImportPlan = {
  format: "csv",
  encoding: "windows-1252",
  headers: source.headers,
  mapping: source.mapping,
  created: 1,
  updated: 0,
  duplicates: 0,
  rejected: [{ line: 3, reason: "Family name: A given or a family name is required.", field: "familyName", code: "nameRequired", params: {} }],
  newOrganisations: [],
  rows: [
    { line: 2, action: "create", displayName: "Hélène Lemaître", nativeName: null, email: "helene.lemaitre@chc.be", phone: null, organisation: null, problems: [] },
    { line: 3, action: "reject", displayName: "", nativeName: null, email: "x@y.be", phone: null, organisation: null, problems: [{ field: "familyName", code: "nameRequired", params: {} }] },
    { line: 4, action: "create", displayName: "Chen Mei-Ling", nativeName: "陳美玲", email: null, phone: null, organisation: null, problems: [] },
  ],
};

beforeEach(() => {
  window.location.hash = "#/directory";
});

describe("directory tools", () => {
  it("walks the import wizard: file, columns, dry run with each row's problem, commit", async () => {
    const calls = fakeBackend({
      get_app_info: () => appInfo({ locale: "en" }),
      list_duplicates: () => [],
      import_choose_file: () => ({ token: "imp1", source }),
      import_preview: () => plan,
      import_commit: () => ({ created: 1, updated: 0, duplicates: 0, rejected: plan.rejected }),
    });
    const user = userEvent.setup();
    render(App);
    await user.click(await screen.findByTestId("import-pick"));
    expect(await screen.findByTestId("import-file")).toHaveTextContent("windows-1252");
    expect(screen.getByText("Hélène")).toBeInTheDocument();
    await user.click(screen.getByTestId("import-preview"));
    expect(await screen.findByTestId("import-summary")).toHaveTextContent("1 new");
    const rejected = (await screen.findAllByTestId("import-row")).find((r) => r.dataset.action === "reject");
    expect(rejected).toHaveTextContent("Family name: A given or a family name is required.");
    // The name in its own script after a space (Svelte trims a block's leading space).
    const chen = (await screen.findAllByTestId("import-row")).find((r) => r.textContent?.includes("陳美玲"));
    expect(chen?.querySelector(".name")?.textContent).toBe("Chen Mei-Ling 陳美玲");
    await user.click(screen.getByTestId("import-commit"));
    expect(await screen.findByTestId("import-done")).toHaveTextContent("1 new");
    const preview = calls.find((c) => c.cmd === "import_preview");
    expect((preview?.args?.input as { token: string }).token).toBe("imp1");
    // The UI never sends a path.
    expect(JSON.stringify(calls.filter((c) => c.cmd.startsWith("import_")))).not.toContain("/");
  });

  it("says each row's coded problem in French: the field's label, then the message with its parameters", async () => {
    const frPlan: ImportPlan = {
      ...plan,
      rows: [
        {
          ...plan.rows[0],
          problems: [{ field: "phone", code: "import.phoneKeptInNotes", params: { value: "071 92 00 00" } }],
        },
        {
          ...plan.rows[1],
          problems: [{ field: "email", code: "notAnEmail", params: { value: "x(at)y.be" } }],
        },
      ],
    };
    const unreadable = [{ line: 4, reason: "3 cells where the header has 4 (…)", code: "import.cellCount", params: { cells: "3", columns: "4" } }];
    const calls = fakeBackend({
      get_app_info: () => appInfo({ locale: "fr" }),
      list_duplicates: () => [],
      import_choose_file: () => ({ token: "imp1", source: { ...source, unreadable } }),
      import_preview: () => frPlan,
    });
    const user = userEvent.setup();
    render(App);
    await user.click(await screen.findByTestId("import-pick"));
    expect(await screen.findByText(/3 cellules alors que l’en-tête en a 4/)).toBeInTheDocument();
    await user.click(screen.getByTestId("import-preview"));
    const rows = await screen.findAllByTestId("import-row");
    expect(rows.find((r) => r.dataset.action === "create")).toHaveTextContent(
      "Téléphone : « 071 92 00 00 » n’est pas au format international : gardé dans les notes.",
    );
    expect(rows.find((r) => r.dataset.action === "reject")).toHaveTextContent("Courriel : « x(at)y.be » n’est pas une adresse e-mail.");
    // What the import writes into records (a phone kept in the notes…) is in French too.
    const preview = calls.find((c) => c.cmd === "import_preview");
    expect((preview?.args?.input as { options: { lang?: string } }).options.lang).toBe("fr");
  });

  it("merges a duplicate group into the record with the most links after confirmation", async () => {
    let groups: DuplicateGroup[] = [
      {
        kind: "contact",
        reason: "sameEmail",
        records: [
          { id: "con_a", name: "Amélie Lefèvre", nativeName: null, email: "amelie.lefevre@chc.be", organisation: null, links: 0 },
          { id: "con_b", name: "Amélie Lefèvre", nativeName: null, email: "AMELIE.LEFEVRE@chc.be", organisation: null, links: 3 },
        ],
      },
    ];
    const calls = fakeBackend({
      get_app_info: () => appInfo({ locale: "en" }),
      list_duplicates: () => groups,
      merge_records: () => {
        groups = [];
        return { kept: "con_b", removed: "con_a", moved: [] };
      },
    });
    const user = userEvent.setup();
    render(App);
    const group = await screen.findByTestId("duplicate-group");
    await user.click(within(group).getByTestId("merge"));
    await user.click(within(group).getByTestId("merge-confirm"));
    await screen.findByTestId("merge-done");
    const merge = calls.find((c) => c.cmd === "merge_records");
    expect(merge?.args?.input).toEqual({ kind: "contact", keep: "con_b", remove: "con_a" });
    await screen.findByTestId("no-duplicates");
  });

  it("marks a group as not duplicates: every pair is recorded and the group leaves the list", async () => {
    const rec = (id: string, organisation: string) => ({
      id, name: "Claire Dupont", nativeName: null, email: null, organisation: { id: `org_${organisation}`, name: organisation }, links: 0,
    });
    let groups: DuplicateGroup[] = [
      { kind: "contact", reason: "sameName", records: [rec("con_a", "CHU"), rec("con_b", "CHC"), rec("con_c", "UCL")] },
    ];
    const marked: string[] = [];
    const calls = fakeBackend({
      list_duplicates: () => groups,
      mark_not_duplicates: (input) => {
        marked.push(`${String(input.keep)}~${String(input.other)}`);
        if (marked.length === 3) groups = [];
        return null;
      },
    });
    const user = userEvent.setup();
    render(App);
    const group = await screen.findByTestId("duplicate-group");
    const button = within(group).getByTestId("not-duplicates");
    expect(button).toHaveTextContent("Ce ne sont pas des doublons");
    await user.click(button);
    await screen.findByTestId("no-duplicates");
    expect(screen.getByTestId("merge-done")).toHaveTextContent("marqués comme distincts");
    expect(marked).toEqual(["con_a~con_b", "con_a~con_c", "con_b~con_c"]);
    expect(calls.find((c) => c.cmd === "mark_not_duplicates")?.args?.input).toEqual({ kind: "contact", keep: "con_a", other: "con_b" });
    expect(calls.some((c) => c.cmd === "merge_records")).toBe(false);
  });

  it("opens the command palette with Ctrl+K and lists the hits of the core's search", async () => {
    const hits: SearchHit[] = [{ kind: "organisation", id: "org_chc_mont_legia", name: "CHC Mont Légia", detail: "Liège, BE", score: 0 }];
    const calls = fakeBackend({
      get_app_info: () => appInfo({ locale: "en" }),
      list_duplicates: () => [],
      search_directory: () => hits,
    });
    const user = userEvent.setup();
    render(App);
    await screen.findByTestId("import-pick");
    await user.keyboard("{Control>}k{/Control}");
    await user.type(await screen.findByTestId("palette-input"), "legia");
    await waitFor(() => expect(screen.getAllByTestId("palette-hit")[0]).toHaveTextContent("CHC Mont Légia"));
    expect((calls.find((c) => c.cmd === "search_directory")?.args?.input as { text: string }).text).toBe("legia");
    await user.keyboard("{Enter}");
    await waitFor(() => expect(window.location.hash).toBe("#/organisations/org_chc_mont_legia"));
  });
});
