import { describe, expect, it } from "vitest";
import { diffCounts, groupDiff, itemLabel, valueText } from "../src/lib/planDiff";

const diff = {
  collections: {
    measures: {
      added: [], removed: [{ key: "sm-9", item: { key: "sm-9", name: "Väntetid" } }],
      changed: [{ key: "sm-1", fields: [{ field: "description", before: "Gammal", after: "Ny" }] }],
    },
    goals: {
      added: [{ key: "g-b", item: { key: "g-b", text: "Bättre hälsa" } }, { key: "g-a", item: { key: "g-a", text: "Attraktiv arbetsgivare" } }],
      removed: [],
      changed: [{ key: "g-1", fields: [{ field: "text", before: "God hälsa", after: "God och jämlik hälsa" }] }],
    },
    economy_tables: { added: [{ key: "#1", item: { title: "Ram" } }], removed: [], changed: [] },
    perspectives: { added: [], removed: [], changed: [] },
  },
};

describe("grouping a plan comparison", () => {
  it("orders kinds of items as a plan is read, drops empty ones, sorts items by name", () => {
    const groups = groupDiff(diff, { measures: { "sm-1": "Andel patienter" } });
    expect(groups.map((g) => g.collection)).toEqual(["goals", "measures", "economy_tables"]);
    expect(groups[0].added.map((a) => a.label)).toEqual(["Attraktiv arbetsgivare", "Bättre hälsa"]);
  });
  it("names a changed item by its new name, else by what the plan calls it, else its key", () => {
    const groups = groupDiff(diff, { measures: { "sm-1": "Andel patienter" } });
    expect(groups[0].changed[0].label).toBe("God och jämlik hälsa");
    expect(groups[1].changed[0]).toEqual({ key: "sm-1", label: "Andel patienter", fields: [{ field: "description", before: "Gammal", after: "Ny" }] });
    expect(groupDiff(diff)[1].changed[0].label).toBe("sm-1");
    expect(groups[1].removed).toEqual([{ key: "sm-9", label: "Väntetid" }]);
  });
  it("counts what is shown", () => {
    expect(diffCounts(groupDiff(diff))).toEqual({ added: 3, removed: 1, changed: 2 });
    expect(diffCounts([])).toEqual({ added: 0, removed: 0, changed: 0 });
  });
});

describe("values as text", () => {
  it("writes nothing, lists and objects readably", () => {
    expect(valueText(null)).toBe("–");
    expect(valueText("")).toBe("–");
    expect(valueText(12.5)).toBe("12.5");
    expect(valueText(["a", "b"])).toBe("a, b");
    expect(valueText([])).toBe("–");
    expect(valueText({ year: 2025, value: 80 })).toBe('{"year":2025,"value":80}');
  });
  it("labels an item by name, title or text, else its key", () => {
    expect(itemLabel("k", { name: " Namn " })).toBe("Namn");
    expect(itemLabel("k", { title: "Rubrik" })).toBe("Rubrik");
    expect(itemLabel("k", { name: "" })).toBe("k");
    expect(itemLabel("k", undefined)).toBe("k");
  });
});
