// The comparison of two plan versions (GET …/plans/{id}/compare) turned into what a
// reader scans: per kind of item (goals, activities, measures …) what was added, removed
// and changed, each item named by its name or text rather than its key, and each changed
// field with its value before and after written as text.
import type { ChangedItem, DiffItem, FieldChange, PlanDiff } from "../api/workflowTypes";

// The plan file's collections in the order a plan is read; others follow alphabetically.
export const collectionOrder = [
  "sections", "perspectives", "goals", "development_areas", "missions", "success_factors", "activities", "measures",
];

export interface DiffEntry { key: string; label: string }
export interface ChangedEntry extends DiffEntry { fields: FieldChange[] }
export interface DiffGroup {
  collection: string;
  added: DiffEntry[];
  removed: DiffEntry[];
  changed: ChangedEntry[];
}

// The words a person knows an item by: its name, text or title, else its key.
export function itemLabel(key: string, item: Record<string, unknown> | undefined): string {
  for (const field of ["name", "title", "text", "label"]) {
    const v = item?.[field];
    if (typeof v === "string" && v.trim() !== "") return v.trim();
  }
  return key;
}

const byLabel = (a: DiffEntry, b: DiffEntry) => a.label.localeCompare(b.label, "sv");

// Changed items carry only their changed fields: their name is the new one if the name
// itself changed.
function changedLabel(c: ChangedItem): string {
  const named = c.fields.find((f) => ["name", "title", "text"].includes(f.field) && typeof f.after === "string");
  return named ? String(named.after) : c.key;
}

// `names`: what the newer plan calls its items, per collection and key (a changed item
// whose name did not change carries no name in the comparison).
export function groupDiff(diff: Pick<PlanDiff, "collections">, names: Record<string, Record<string, string>> = {}): DiffGroup[] {
  const collections = Object.keys(diff.collections);
  const rank = (n: string) => {
    const i = collectionOrder.indexOf(n);
    return i === -1 ? collectionOrder.length : i;
  };
  collections.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return collections.map((collection) => {
    const c = diff.collections[collection];
    const entry = (d: DiffItem): DiffEntry => ({ key: d.key, label: itemLabel(d.key, d.item) });
    return {
      collection,
      added: c.added.map(entry).sort(byLabel),
      removed: c.removed.map(entry).sort(byLabel),
      changed: c.changed.map((x) => ({
        key: x.key,
        label: changedLabel(x) !== x.key ? changedLabel(x) : names[collection]?.[x.key] ?? x.key,
        fields: x.fields,
      })).sort(byLabel),
    };
  }).filter((g) => g.added.length + g.removed.length + g.changed.length > 0);
}

// A field's value as text: "–" for nothing, lists joined, objects as compact JSON.
export function valueText(v: unknown): string {
  if (v === null || v === undefined || v === "") return "–";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x !== "object" || x === null)) return v.length === 0 ? "–" : v.map(valueText).join(", ");
  return JSON.stringify(v);
}

// Counts for the summary line, from the groups (so they agree with what is shown).
export function diffCounts(groups: DiffGroup[]): { added: number; removed: number; changed: number } {
  return groups.reduce((s, g) => ({
    added: s.added + g.added.length, removed: s.removed + g.removed.length, changed: s.changed + g.changed.length,
  }), { added: 0, removed: 0, changed: 0 });
}
