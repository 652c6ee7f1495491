// Writing a draft plan in the browser (docs/authoring.md): what each kind of item has
// for fields, how a form's text becomes a record and back, and the batches that one
// user action sends (api/batch.ts). Pure: the pages send what these return.
import type { BatchChange, IdOrRef } from "../api/batch";
import type { Id, Target } from "../api/types";
import { markdownProblem } from "./planMarkdown";
import { keyFromName } from "./validation";

export type FieldKind = "line" | "markdown" | "lines" | "choice" | "choices" | "ref" | "refs" | "integer" | "date";
// Where the options of a reference come from.
export type RefSource = "units" | "goals" | "perspectives" | "developmentAreas" | "successFactors" | "activities";

export interface FieldSpec {
  name: string; kind: FieldKind; required?: boolean; choices?: readonly string[]; source?: RefSource; min?: number; max?: number;
}
export interface CollectionSpec {
  collection: string;      // the API's collection
  entity: string;          // the entity's name (comments, plan diff)
  nameField: string;       // what names an item in lists
  fields: FieldSpec[];
}

const points = ["da04", "da08", "ar", "t1", "t2", "t3", "every_4_years"] as const;

export const collections: CollectionSpec[] = [
  { collection: "sections", entity: "section", nameField: "title", fields: [
    { name: "title", kind: "line", required: true }, { name: "level", kind: "integer", min: 1, max: 4 },
    { name: "body", kind: "markdown" }] },
  { collection: "goals", entity: "goal", nameField: "text", fields: [
    { name: "text", kind: "line", required: true }, { name: "description", kind: "markdown" },
    { name: "perspective_id", kind: "ref", source: "perspectives" }] },
  { collection: "assignments", entity: "assignment", nameField: "title", fields: [
    { name: "title", kind: "line", required: true }, { name: "kind", kind: "choice", required: true, choices: ["directed", "special", "other"] },
    { name: "description", kind: "markdown" }, { name: "given_by_id", kind: "ref", source: "units" },
    { name: "given_to_id", kind: "ref", source: "units" }, { name: "goal_id", kind: "ref", source: "goals" }] },
  { collection: "development-areas", entity: "development_area", nameField: "name", fields: [
    { name: "name", kind: "line", required: true }, { name: "description", kind: "markdown" },
    { name: "priorities", kind: "lines" }, { name: "desired_effects", kind: "lines" }] },
  { collection: "success-factors", entity: "success_factor", nameField: "name", fields: [
    { name: "name", kind: "line", required: true }, { name: "description", kind: "markdown" },
    { name: "goal_id", kind: "ref", source: "goals" }, { name: "perspective_id", kind: "ref", source: "perspectives" }] },
  { collection: "measures", entity: "measure", nameField: "name", fields: [
    { name: "name", kind: "line", required: true }, { name: "kind", kind: "choice", required: true, choices: ["steering", "control"] },
    { name: "number", kind: "line" }, { name: "description", kind: "markdown" }, { name: "unit", kind: "line" },
    { name: "direction", kind: "choice", choices: ["increase", "decrease", "maintain", "none"] }, { name: "source", kind: "line" },
    { name: "reporting_points", kind: "choices", choices: points }, { name: "breakdowns", kind: "choices", choices: ["sex", "age_group", "municipality"] },
    { name: "goal_id", kind: "ref", source: "goals" }, { name: "success_factor_id", kind: "ref", source: "successFactors" },
    { name: "development_area_id", kind: "ref", source: "developmentAreas" }] },
  { collection: "activities", entity: "activity", nameField: "name", fields: [
    { name: "name", kind: "line", required: true }, { name: "level", kind: "choice", required: true, choices: ["board", "division", "area", "unit"] },
    { name: "owner_unit_id", kind: "ref", source: "units" }, { name: "parent_id", kind: "ref", source: "activities" },
    { name: "development_area_id", kind: "ref", source: "developmentAreas" }, { name: "goal_ids", kind: "refs", source: "goals" },
    { name: "description", kind: "markdown" }, { name: "expected_effect", kind: "markdown" },
    { name: "start_date", kind: "date" }, { name: "end_date", kind: "date" }] },
];

export const specOf = (collection: string) => collections.find((c) => c.collection === collection)!;

export type Input = Record<string, string | string[]>;
export type Problems = Record<string, { key: string; values?: Record<string, string | number> }>;
type AnyRecord = Record<string, unknown>;

export function toInput(spec: CollectionSpec, record: AnyRecord | null): Input {
  const out: Input = {};
  for (const f of spec.fields) {
    const v = record?.[f.name];
    if (f.kind === "refs" || f.kind === "choices") out[f.name] = Array.isArray(v) ? v.map(String) : [];
    else if (f.kind === "lines") out[f.name] = Array.isArray(v) ? v.join("\n") : "";
    else out[f.name] = v === null || v === undefined ? "" : String(v);
  }
  return out;
}

// The form's input as the record's fields, or what is wrong with it, field by field.
export function fromInput(spec: CollectionSpec, input: Input): { record: AnyRecord; problems: Problems } {
  const record: AnyRecord = {};
  const problems: Problems = {};
  for (const f of spec.fields) {
    const v = input[f.name];
    if (Array.isArray(v)) {
      record[f.name] = f.kind === "refs" ? v.map(Number) : v;
      continue;
    }
    const s = (v ?? "").trim();
    if (s === "") {
      if (f.required) problems[f.name] = { key: "validation.required" };
      record[f.name] = f.kind === "lines" ? [] : null;
      continue;
    }
    switch (f.kind) {
      case "integer": {
        const n = Number(s);
        if (!Number.isInteger(n) || (f.min !== undefined && n < f.min) || (f.max !== undefined && n > f.max)) {
          problems[f.name] = { key: "authoring.integerBetween", values: { min: f.min ?? 0, max: f.max ?? 0 } };
        }
        record[f.name] = n;
        break;
      }
      case "ref": record[f.name] = Number(s); break;
      case "lines": record[f.name] = s.split("\n").map((l) => l.trim()).filter(Boolean); break;
      case "date":
        if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) problems[f.name] = { key: "validation.date" };
        record[f.name] = s;
        break;
      case "markdown": {
        const p = markdownProblem(s);
        if (p) problems[f.name] = { key: p.key, values: { excerpt: p.excerpt } };
        record[f.name] = s;
        break;
      }
      default:
        if (s.length > 500 && f.kind === "line") problems[f.name] = { key: "validation.tooLong" };
        record[f.name] = s;
    }
  }
  return { record, problems };
}

// A key for a new item from its name, unique among the plan's keys of that kind.
export function newKey(name: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const base = (keyFromName(name) || "post").slice(0, 80).replace(/-+$/, "");
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

// Moving an item one step up or down among its siblings: the two swap positions, in
// one batch, each from the version shown.
export function reorderChanges(collection: string, items: { id: Id; position?: number; row_version?: number }[], index: number, step: -1 | 1): BatchChange[] {
  const other = index + step;
  if (other < 0 || other >= items.length) return [];
  const a = items[index];
  const b = items[other];
  // Positions as shown, made distinct if equal (items created without one).
  const pa = a.position ?? index;
  const pb = b.position ?? other;
  const [na, nb] = pa === pb ? [other, index] : [pb, pa];
  return [
    { action: "update", collection, id: a.id, row_version: a.row_version, record: { position: na } },
    { action: "update", collection, id: b.id, row_version: b.row_version, record: { position: nb } },
  ];
}

// A row of the targets table: a baseline or target for a year, reporting point and sex,
// numeric or qualitative.
export interface TargetRow {
  id?: Id; row_version?: number; kind: string; year: string; point: string; sex: string; value: string; qualitative: string; text: string;
}

export const targetRowOf = (t: Target): TargetRow => ({
  id: t.id, row_version: t.row_version, kind: t.kind, year: t.year === null ? "" : String(t.year), point: t.point ?? "", sex: t.sex ?? "",
  value: t.value === null ? "" : String(t.value).replace(".", ","), qualitative: t.qualitative ?? "", text: t.text ?? "",
});

export const emptyTargetRow = (year: number): TargetRow => ({ kind: "target", year: String(year), point: "", sex: "", value: "", qualitative: "", text: "" });

// Field problems of target rows, keyed "targets.<row>.<field>".
export function targetProblems(rows: TargetRow[], firstYear: number, lastYear: number): Problems {
  const out: Problems = {};
  rows.forEach((r, i) => {
    const at = (f: string) => `targets.${i}.${f}`;
    if (r.year.trim() !== "") {
      const y = Number(r.year);
      if (!Number.isInteger(y) || y < 1900 || y > 2200) out[at("year")] = { key: "authoring.yearRange", values: { first: firstYear, last: lastYear } };
    }
    const hasValue = r.value.trim() !== "";
    const hasQual = r.qualitative !== "";
    if (hasValue === hasQual) out[at(hasValue ? "qualitative" : "value")] = { key: "authoring.valueOrQualitative" };
    if (hasValue && !Number.isFinite(Number(r.value.trim().replace(/\s/g, "").replace(",", ".")))) out[at("value")] = { key: "validation.number" };
    if (r.qualitative === "text" && r.text.trim() === "") out[at("text")] = { key: "validation.required" };
  });
  return out;
}

// What saving the table does: rows without id are created, changed rows updated, rows
// gone deleted; the measure is an id or the $ref of a measure made in the same batch.
export function targetChanges(measure: IdOrRef, before: Target[], rows: TargetRow[]): BatchChange[] {
  const body = (r: TargetRow) => ({
    measure_id: measure, kind: r.kind, year: r.year.trim() === "" ? null : Number(r.year), point: r.point || null, sex: r.sex || null,
    value: r.value.trim() === "" ? null : Number(r.value.trim().replace(/\s/g, "").replace(",", ".")),
    qualitative: r.qualitative || null, text: r.text.trim() || null,
  });
  const out: BatchChange[] = [];
  const kept = new Set(rows.filter((r) => r.id !== undefined).map((r) => r.id));
  for (const t of before) {
    if (!kept.has(t.id)) out.push({ action: "delete", collection: "targets", id: t.id, row_version: t.row_version });
  }
  for (const r of rows) {
    if (r.id === undefined) {
      out.push({ action: "create", collection: "targets", record: body(r) });
      continue;
    }
    const was = before.find((t) => t.id === r.id);
    if (was && JSON.stringify(targetRowOf(was)) !== JSON.stringify(r)) {
      out.push({ action: "update", collection: "targets", id: r.id, row_version: r.row_version, record: body(r) });
    }
  }
  return out;
}
