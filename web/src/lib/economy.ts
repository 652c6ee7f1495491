// The economy's arithmetic in the browser: amounts are whole kronor (integers), shown in
// the unit and precision the plan printed them in, exactly (never rounded: a value that
// needs more digits than the table printed shows them). Totals are recomputed from the
// rows the same way `styrkort check` does (src/domain/checks/economy_rules.cpp), so that
// each stated total can be shown beside its computed sum.
import type {
  CostFrameLine, EconomyFinding, EconomyTable, EconomyTotal, FrameChangeLine, InvestmentFrameLine, InvestmentRequest,
  PropertyInvestment, ResultLine, DelegationRule,
} from "../api/economyTypes";

export type AmountUnit = "kr" | "tkr" | "mnkr";

const kronorPer: Record<AmountUnit, number> = { kr: 1, tkr: 1_000, mnkr: 1_000_000 };

// "−36 500,0" (Swedish: no-break space between groups, decimal comma, minus sign) or
// "-36,500.0" in English. Null is a dash: nothing printed, not zero.
export function formatAmount(kronor: number | null | undefined, unit: AmountUnit, decimals: number, language = "sv"): string {
  if (kronor === null || kronor === undefined) return "–";
  if (!Number.isSafeInteger(kronor)) return "–";
  const per = kronorPer[unit] ?? 1;
  const magnitude = Math.abs(kronor);
  const whole = Math.floor(magnitude / per);
  let rest = magnitude % per;
  let fraction = "";
  for (let step = per / 10; step >= 1; step /= 10) {
    fraction += String(Math.floor(rest / step));
    rest %= step;
  }
  let keep = fraction.length;
  while (keep > decimals && fraction[keep - 1] === "0") keep--;
  fraction = fraction.slice(0, keep).padEnd(decimals, "0");
  const sv = language !== "en";
  const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, sv ? "\u00a0" : ",");
  const sign = kronor < 0 ? (sv ? "\u2212" : "-") : "";
  return sign + grouped + (fraction ? (sv ? "," : ".") + fraction : "");
}

export function sum(values: (number | null | undefined)[]): number {
  let s = 0;
  for (const v of values) if (typeof v === "number") s += v;
  return s;
}

export const frameColumns = ["opening", "wage_price_index", "increase", "reduction", "reallocation"] as const;
export type FrameColumn = (typeof frameColumns)[number];

// UB = IB + löne- och prisindex + utökning + ramminskning + omfördelning. Without a
// published IB there is nothing to compute from.
export function computedClosing(line: CostFrameLine): number | null {
  if (line.opening === null) return null;
  return line.opening + sum([line.wage_price_index, line.increase, line.reduction, line.reallocation]);
}

// One published number of a table, located by group, row and column (as the checker sees it).
export interface Cell { group: string | null; row: string; column: string; amount: number }

export interface EconomyData {
  tables: EconomyTable[]; costFrameLines: CostFrameLine[]; frameChangeLines: FrameChangeLine[]; resultLines: ResultLine[];
  investmentFrameLines: InvestmentFrameLine[]; investmentRequests: InvestmentRequest[];
  propertyInvestments: PropertyInvestment[]; totals: EconomyTotal[]; delegationRules: DelegationRule[];
}

export function cellsOf(table: EconomyTable, d: EconomyData): Cell[] {
  const cells: Cell[] = [];
  const add = (group: string | null, row: string, column: string, amount: number | null) => {
    if (amount !== null && amount !== undefined) cells.push({ group, row, column, amount });
  };
  for (const l of d.costFrameLines) {
    if (l.table_id !== table.id || l.part_of_id !== null) continue;  // "varav" rows are inside another row
    for (const c of frameColumns) add(l.row_group, l.label, c, l[c]);
    add(l.row_group, l.label, "closing", l.stated_closing);
  }
  for (const l of d.frameChangeLines) if (l.table_id === table.id) add(null, l.description, l.column_label, l.amount);
  for (const l of d.investmentFrameLines) if (l.table_id === table.id) add(l.row_group, l.decision_level, l.frame_type, l.amount);
  for (const l of d.investmentRequests) if (l.table_id === table.id) add(null, l.key, l.frame_type, l.amount);
  for (const l of d.propertyInvestments) if (l.table_id === table.id) add(l.district, l.name, l.kind, l.amount);
  for (const l of d.resultLines) if (l.table_id === table.id) add(null, l.label, String(l.year ?? 0), l.amount);
  return cells;
}

// The sum of the cells a stated total covers: the whole table, one group (null
// included) or one row, in one column or all.
export function computedTotal(cells: Cell[], total: EconomyTotal): number {
  let s = 0;
  for (const c of cells) {
    if (total.scope === "group" && c.group !== total.row_group) continue;
    if (total.scope === "row" && c.row !== (total.row_label ?? "")) continue;
    if (total.column_label !== null && c.column !== total.column_label) continue;
    s += c.amount;
  }
  return s;
}

export interface CheckedTotal { total: EconomyTotal; computed: number; difference: number }

export function checkedTotals(table: EconomyTable, d: EconomyData): CheckedTotal[] {
  const cells = cellsOf(table, d);
  return d.totals.filter((t) => t.table_id === table.id).map((total) => {
    const computed = computedTotal(cells, total);
    return { total, computed, difference: total.amount - computed };
  });
}

// The findings of `styrkort check` name the table by its title first ("Title: …" or
// "Title, row: …"); those that name no table of the plan are the plan's own.
export function findingsOf(table: EconomyTable, findings: EconomyFinding[]): EconomyFinding[] {
  return findings.filter((f) => f.message.startsWith(table.title + ":") || f.message.startsWith(table.title + ","));
}

export function unassignedFindings(tables: EconomyTable[], findings: EconomyFinding[]): EconomyFinding[] {
  return findings.filter((f) => !tables.some((t) => findingsOf(t, [f]).length > 0));
}

// The first delegation rule whose frame types include the request's (empty = all) and
// whose limit the amount exceeds decides the request.
export function decidingRule(request: { frame_type: string; amount: number }, rules: DelegationRule[]): DelegationRule | null {
  for (const r of rules) {
    const types = r.frame_types ?? [];
    if ((types.length === 0 || types.includes(request.frame_type)) && request.amount > r.over_amount) return r;
  }
  return null;
}

// Rows grouped in the order of their first appearance, the group's name kept as printed
// (null: rows the plan prints outside any group).
export function groupBy<T>(rows: T[], key: (row: T) => string | null): { group: string | null; rows: T[] }[] {
  const out: { group: string | null; rows: T[] }[] = [];
  for (const row of rows) {
    const g = key(row);
    let bucket = out.find((b) => b.group === g);
    if (!bucket) out.push((bucket = { group: g, rows: [] }));
    bucket.rows.push(row);
  }
  return out;
}

// A detail table as printed: one row per description, one column per printed column
// label, in the order they first appear.
export function pivot(lines: FrameChangeLine[]): { columns: string[]; rows: { description: string; cells: Record<string, number> }[] } {
  const columns: string[] = [];
  const rows: { description: string; cells: Record<string, number> }[] = [];
  for (const l of lines) {
    if (!columns.includes(l.column_label)) columns.push(l.column_label);
    let row = rows.find((r) => r.description === l.description);
    if (!row) rows.push((row = { description: l.description, cells: {} }));
    row.cells[l.column_label] = (row.cells[l.column_label] ?? 0) + l.amount;
  }
  return { columns, rows };
}
