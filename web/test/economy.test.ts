import { describe, expect, it } from "vitest";
import type { CostFrameLine, EconomyTable, EconomyTotal, FrameChangeLine, PropertyInvestment } from "../src/api/economyTypes";
import {
  cellsOf, checkedTotals, computedClosing, computedTotal, decidingRule, findingsOf, formatAmount, groupBy, pivot, unassignedFindings,
  type EconomyData,
} from "../src/lib/economy";

const table = (over: Partial<EconomyTable>): EconomyTable => ({
  id: 1, plan_id: 1, key: "t", title: "Ekonomisk ram 2025, mnkr", kind: "net_cost_frame", year: 2025, amount_unit: "mnkr", decimals: 1,
  sign_convention: "cost_negative", category: null, claim: null, note: null, ...over,
});
const line = (over: Partial<CostFrameLine>): CostFrameLine => ({
  id: 1, table_id: 1, key: "l", label: "Nära", unit_id: null, row_group: "Sjukvårdsdivisioner", part_of_id: null,
  opening: null, wage_price_index: null, increase: null, reduction: null, reallocation: null, stated_closing: null, ...over,
});
const empty: EconomyData = {
  tables: [], costFrameLines: [], frameChangeLines: [], resultLines: [], investmentFrameLines: [], investmentRequests: [],
  propertyInvestments: [], totals: [], delegationRules: [],
};

describe("amounts", () => {
  it("shows whole kronor in the printed unit with a decimal comma, no-break spaces and a minus sign", () => {
    expect(formatAmount(36_500_000, "tkr", 1)).toBe("36\u00a0500,0");
    expect(formatAmount(-3_143_300_000, "mnkr", 1)).toBe("\u22123\u00a0143,3");
    expect(formatAmount(80_000, "mnkr", 1)).toBe("0,08");
    expect(formatAmount(2_500_000, "tkr", 0)).toBe("2\u00a0500");
    expect(formatAmount(-3_143_300_000, "mnkr", 1, "en")).toBe("-3,143.3");
  });
  it("never rounds: a value finer than the printed precision shows its digits", () => {
    expect(formatAmount(2_530_000, "mnkr", 1)).toBe("2,53");
    expect(formatAmount(1, "mnkr", 1)).toBe("0,000001");
    expect(formatAmount(0, "mnkr", 1)).toBe("0,0");
  });
  it("shows a dash for an amount the plan does not print", () => {
    expect(formatAmount(null, "tkr", 1)).toBe("–");
    expect(formatAmount(1.5, "kr", 0)).toBe("–");
  });
});

describe("net cost frames", () => {
  it("computes UB as IB plus every change, and nothing without IB", () => {
    const nara = line({ opening: -329_400_000, wage_price_index: -67_300_000, increase: 61_700_000, reduction: 0, reallocation: 25_200_000, stated_closing: -309_900_000 });
    expect(computedClosing(nara)).toBe(-309_800_000);
    expect(computedClosing(line({ wage_price_index: 44_500_000 }))).toBeNull();
  });
  it("leaves 'varav' rows out of the cells that totals sum", () => {
    const t = table({});
    const d = { ...empty, costFrameLines: [line({ id: 1, opening: 100 }), line({ id: 2, label: "varav X", part_of_id: 1, opening: 40 })] };
    expect(cellsOf(t, d).filter((c) => c.column === "opening").map((c) => c.amount)).toEqual([100]);
  });
});

describe("stated totals", () => {
  const t = table({ id: 7, kind: "property_investment", title: "Bilaga 6" });
  const rows: PropertyInvestment[] = [
    { id: 1, table_id: 7, key: "a", district: "Sunderby", unit_id: null, kind: "reinvestment", name: "A", amount: 100_000_000 },
    { id: 2, table_id: 7, key: "b", district: "Sunderby", unit_id: null, kind: "reinvestment", name: "B", amount: 11_200_000 },
    { id: 3, table_id: 7, key: "c", district: "Sunderby", unit_id: null, kind: "new", name: "C", amount: 5_000_000 },
    { id: 4, table_id: 7, key: "d", district: null, unit_id: null, kind: "new", name: "D", amount: 1_000_000 },
  ];
  const total = (over: Partial<EconomyTotal>): EconomyTotal => ({
    id: 1, table_id: 7, key: "s", label: "Delsumma", scope: "group", row_group: "Sunderby", row_label: null, column_label: "reinvestment", amount: 112_200_000, ...over,
  });
  const d = { ...empty, propertyInvestments: rows, totals: [total({}), total({ id: 2, label: "Totalsumma", scope: "table", row_group: null, column_label: null, amount: 117_200_000 })] };
  it("sums the group and column a total names, and reports the difference", () => {
    const checked = checkedTotals(t, d);
    expect(checked.map((c) => [c.computed, c.difference])).toEqual([[111_200_000, 1_000_000], [117_200_000, 0]]);
  });
  it("a group total of the rows outside any district covers only those", () => {
    expect(computedTotal(cellsOf(t, d), total({ row_group: null, column_label: "new" }))).toBe(1_000_000);
  });
  it("a row total sums that row's columns", () => {
    const c = table({ id: 8, kind: "frame_change", title: "Omfördelning" });
    const lines: FrameChangeLine[] = [
      { id: 1, table_id: 8, key: "x", description: "Flytt", column_label: "Nära", unit_id: null, frame_line_id: null, amount: 500 },
      { id: 2, table_id: 8, key: "y", description: "Flytt", column_label: "Politik", unit_id: null, frame_line_id: null, amount: -500 },
      { id: 3, table_id: 8, key: "z", description: "Annat", column_label: "Nära", unit_id: null, frame_line_id: null, amount: 7 },
    ];
    const cells = cellsOf(c, { ...empty, frameChangeLines: lines });
    expect(computedTotal(cells, total({ table_id: 8, scope: "row", row_label: "Flytt", row_group: null, column_label: null }))).toBe(0);
    expect(pivot(lines)).toEqual({ columns: ["Nära", "Politik"], rows: [{ description: "Flytt", cells: { Nära: 500, Politik: -500 } }, { description: "Annat", cells: { Nära: 7 } }] });
  });
});

describe("findings and delegation", () => {
  const finding = (message: string) => ({ rule: "economy.stated_total", severity: "error" as const, plan: "p", place: "", item: "", message });
  it("gives each finding to the table it names first", () => {
    const a = table({ title: "Ekonomisk ram 2025, mnkr" });
    const b = table({ id: 2, title: "Bilaga 6" });
    const fs = [finding("Ekonomisk ram 2025, mnkr: summan …"), finding("Bilaga 6: …"), finding("Ekonomisk ram 2025, mnkr, Nära: kolumnen …"), finding("Investeringsram: …")];
    expect(findingsOf(a, fs).length).toBe(2);
    expect(findingsOf(b, fs).length).toBe(1);
    expect(unassignedFindings([a, b], fs).map((f) => f.message)).toEqual(["Investeringsram: …"]);
  });
  it("the first rule whose types include the request's and whose limit it exceeds decides", () => {
    const rules = [
      { id: 1, key: "rs", frame_types: ["it", "mt"], over_amount: 2_000_000, decided_by: "Regionstyrelsen", decided_by_unit_id: null, source: null },
      { id: 2, key: "all", frame_types: [], over_amount: 10_000_000, decided_by: "Fullmäktige", decided_by_unit_id: null, source: null },
    ];
    expect(decidingRule({ frame_type: "it", amount: 2_500_000 }, rules)?.decided_by).toBe("Regionstyrelsen");
    expect(decidingRule({ frame_type: "it", amount: 2_000_000 }, rules)).toBeNull();
    expect(decidingRule({ frame_type: "art", amount: 20_000_000 }, rules)?.decided_by).toBe("Fullmäktige");
  });
  it("groups rows in the order of first appearance", () => {
    expect(groupBy([{ g: "b" }, { g: "a" }, { g: "b" }], (x) => x.g).map((x) => [x.group, x.rows.length])).toEqual([["b", 2], ["a", 1]]);
  });
});
