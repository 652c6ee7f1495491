// The org tree: units as a forest, and "this unit and everything below it".
import type { Id, Unit } from "../api/types";

export interface UnitNode { unit: Unit; children: UnitNode[]; depth: number }

const byName = (a: Unit, b: Unit) => a.name.localeCompare(b.name, "sv");

export function buildUnitTree(units: Unit[]): UnitNode[] {
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<Id | null, Unit[]>();
  for (const u of units) {
    const parent = u.parent_id !== null && ids.has(u.parent_id) ? u.parent_id : null;
    const list = children.get(parent) ?? [];
    list.push(u);
    children.set(parent, list);
  }
  const seen = new Set<Id>();
  const build = (parent: Id | null, depth: number): UnitNode[] =>
    (children.get(parent) ?? [])
      .filter((u) => !seen.has(u.id))
      .sort(byName)
      .map((u) => {
        seen.add(u.id);
        return { unit: u, depth, children: build(u.id, depth + 1) };
      });
  return build(null, 0);
}

// Depth-first order, for a flat list (a <select>) that still shows the hierarchy.
export function flattenTree(nodes: UnitNode[]): UnitNode[] {
  const out: UnitNode[] = [];
  const walk = (list: UnitNode[]) => list.forEach((n) => { out.push(n); walk(n.children); });
  walk(nodes);
  return out;
}

// The unit and all units below it.
export function unitAndBelow(units: Unit[], unitId: Id): Set<Id> {
  const result = new Set<Id>([unitId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const u of units) {
      if (u.parent_id !== null && result.has(u.parent_id) && !result.has(u.id)) {
        result.add(u.id);
        grew = true;
      }
    }
  }
  return result;
}

// The chain from the top of the tree down to the unit (for breadcrumbs).
export function unitPath(units: Unit[], unitId: Id): Unit[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const path: Unit[] = [];
  const seen = new Set<Id>();
  let current = byId.get(unitId);
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    path.unshift(current);
    current = current.parent_id === null ? undefined : byId.get(current.parent_id);
  }
  return path;
}
