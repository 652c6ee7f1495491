// The cascade: strategic goal → development areas and success factors → division
// activities → area and unit activities below them. Links run both ways: from a goal to
// everything that contributes to it, and from an activity up to the goals it serves.
import type { Activity, DevelopmentArea, Goal, Id, Measure, SuccessFactor } from "../api/types";

export interface ActivityNode { activity: Activity; children: ActivityNode[] }

export interface GoalCascade {
  goal: Goal;
  successFactors: SuccessFactor[];
  developmentAreas: DevelopmentArea[];
  activities: ActivityNode[];  // top-level activities that name this goal, with their sub-activities
  measures: Measure[];
}

export interface PlanData {
  goals: Goal[];
  developmentAreas: DevelopmentArea[];
  successFactors: SuccessFactor[];
  activities: Activity[];
  measures: Measure[];
}

const levelRank: Record<string, number> = { board: 0, division: 1, area: 2, unit: 3 };

function byLevelThenName(a: Activity, b: Activity): number {
  return (levelRank[a.level] ?? 9) - (levelRank[b.level] ?? 9) || a.key.localeCompare(b.key, "sv", { numeric: true });
}

// Sub-activities of each activity, without ever looping on bad data.
export function activityTree(activities: Activity[], roots: Activity[]): ActivityNode[] {
  const children = new Map<Id, Activity[]>();
  for (const a of activities) {
    if (a.parent_id === null) continue;
    const list = children.get(a.parent_id) ?? [];
    list.push(a);
    children.set(a.parent_id, list);
  }
  const seen = new Set<Id>();
  const build = (a: Activity): ActivityNode => {
    seen.add(a.id);
    const kids = (children.get(a.id) ?? []).filter((c) => !seen.has(c.id)).sort(byLevelThenName);
    return { activity: a, children: kids.map(build) };
  };
  return [...roots].sort(byLevelThenName).map(build);
}

// The goals an activity serves: its own, or (for a sub-activity that names none) those
// of the nearest activity above it.
export function goalsServed(activity: Activity, activities: Activity[]): Id[] {
  const byId = new Map(activities.map((a) => [a.id, a]));
  const seen = new Set<Id>();
  let current: Activity | undefined = activity;
  while (current && !seen.has(current.id)) {
    if (current.goal_ids && current.goal_ids.length > 0) return current.goal_ids;
    seen.add(current.id);
    current = current.parent_id === null ? undefined : byId.get(current.parent_id);
  }
  return [];
}

// The chain of activities from the top down to (and including) this one.
export function activityAncestors(activity: Activity, activities: Activity[]): Activity[] {
  const byId = new Map(activities.map((a) => [a.id, a]));
  const chain: Activity[] = [];
  const seen = new Set<Id>();
  let current: Activity | undefined = activity;
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    chain.unshift(current);
    current = current.parent_id === null ? undefined : byId.get(current.parent_id);
  }
  return chain;
}

// Only what the chosen units own: an activity stays when it or anything below it is
// owned by one of them, so the path down to the unit's work remains visible.
export function filterByUnits(nodes: ActivityNode[], units: Set<Id> | null): ActivityNode[] {
  if (!units) return nodes;
  const out: ActivityNode[] = [];
  for (const n of nodes) {
    const children = filterByUnits(n.children, units);
    const own = n.activity.owner_unit_id !== null && units.has(n.activity.owner_unit_id);
    if (own || children.length > 0) out.push({ activity: n.activity, children: own ? n.children : children });
  }
  return out;
}

export function buildCascade(data: PlanData, units: Set<Id> | null = null): GoalCascade[] {
  const goalIds = new Set(data.goals.map((g) => g.id));
  return data.goals.map((goal) => {
    const roots = data.activities.filter(
      (a) => (a.goal_ids ?? []).includes(goal.id) && !(a.parent_id !== null && hasGoalAncestor(a, data.activities, goal.id)),
    );
    const successFactors = data.successFactors.filter((s) => s.goal_id === goal.id);
    const sfIds = new Set(successFactors.map((s) => s.id));
    const rootsTree = filterByUnits(activityTree(data.activities, roots), units);
    const areaIds = new Set(
      rootsTree.map((n) => n.activity.development_area_id).filter((id): id is Id => id !== null),
    );
    return {
      goal,
      successFactors,
      developmentAreas: data.developmentAreas.filter((d) => areaIds.has(d.id)),
      activities: rootsTree,
      measures: data.measures.filter(
        (m) => m.goal_id === goal.id || (m.success_factor_id !== null && sfIds.has(m.success_factor_id)),
      ),
    };
  }).filter((c) => goalIds.has(c.goal.id));
}

function hasGoalAncestor(a: Activity, activities: Activity[], goalId: Id): boolean {
  return activityAncestors(a, activities).slice(0, -1).some((p) => (p.goal_ids ?? []).includes(goalId));
}

export function countActivities(nodes: ActivityNode[]): number {
  return nodes.reduce((n, node) => n + 1 + countActivities(node.children), 0);
}

// The level of a new activity below a division activity follows the owning unit: an
// area's activity is an area activity, anything else's a unit activity.
export function levelForOwner(unitKind: string): Activity["level"] {
  return unitKind === "area" ? "area" : "unit";
}
