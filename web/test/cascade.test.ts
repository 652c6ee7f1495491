import { describe, expect, it } from "vitest";
import type { Activity, Goal, Measure, SuccessFactor, Unit } from "../src/api/types";
import { activityAncestors, buildCascade, countActivities, goalsServed, levelForOwner } from "../src/lib/cascade";
import { buildUnitTree, flattenTree, unitAndBelow, unitPath } from "../src/lib/orgTree";

const goal = (id: number, text: string): Goal => ({ id, plan_id: 1, key: `g${id}`, text, description: null, perspective_id: null });
const act = (id: number, over: Partial<Activity>): Activity => ({
  id, plan_id: 1, key: `a${id}`, name: `A${id}`, description: null, expected_effect: null, level: "division",
  owner_unit_id: null, goal_ids: null, development_area_id: null, parent_id: null, start_date: null, end_date: null, sdgs: null, ...over,
});
const unit = (id: number, name: string, parent_id: number | null, kind = "unit"): Unit =>
  ({ id, key: `u${id}`, name, kind, parent_id, valid_from: null, valid_to: null });

const units = [unit(1, "Regionstyrelsen", null, "board"), unit(2, "Psykiatri", 1, "division"), unit(3, "Vuxenpsykiatri", 2, "area"),
  unit(4, "Nära", 1, "division"), unit(5, "Öppenvård", 3)];
const goals = [goal(10, "God hälsa"), goal(11, "Ekonomi i balans")];
const activities = [
  act(100, { name: "Stegvis vård", owner_unit_id: 2, goal_ids: [10] }),
  act(101, { name: "Stegvis vård i vuxenpsykiatrin", level: "area", owner_unit_id: 3, parent_id: 100 }),
  act(102, { name: "Mottagning A", level: "unit", owner_unit_id: 5, parent_id: 101 }),
  act(103, { name: "Hälsofrämjande", owner_unit_id: 4, goal_ids: [10, 11] }),
];
const sf: SuccessFactor[] = [{ id: 20, plan_id: 1, key: "sf", name: "Tillgänglighet", description: null, goal_id: 10, perspective_id: null }];
const measures = [{ id: 30, goal_id: null, success_factor_id: 20 } as Measure, { id: 31, goal_id: 11, success_factor_id: null } as Measure];
const data = { goals, developmentAreas: [], successFactors: sf, activities, measures };

describe("cascade", () => {
  it("hangs sub-activities under the division activity that names the goal", () => {
    const cascade = buildCascade(data);
    const health = cascade.find((c) => c.goal.id === 10)!;
    expect(health.activities.map((n) => n.activity.id)).toEqual([100, 103]);
    expect(health.activities[0].children[0].activity.id).toBe(101);
    expect(health.activities[0].children[0].children[0].activity.id).toBe(102);
    expect(countActivities(health.activities)).toBe(4);
    expect(health.successFactors.map((s) => s.id)).toEqual([20]);
    expect(health.measures.map((m) => m.id)).toEqual([30]);  // through its success factor
    expect(cascade.find((c) => c.goal.id === 11)!.measures.map((m) => m.id)).toEqual([31]);
  });
  it("shows only the chosen unit and below, keeping the path down to its work", () => {
    const below = unitAndBelow(units, 3);
    expect([...below].sort()).toEqual([3, 5]);
    const health = buildCascade(data, below).find((c) => c.goal.id === 10)!;
    expect(health.activities.map((n) => n.activity.id)).toEqual([100]);
    expect(health.activities[0].children.map((n) => n.activity.id)).toEqual([101]);
    expect(buildCascade(data, unitAndBelow(units, 4)).find((c) => c.goal.id === 10)!.activities.map((n) => n.activity.id)).toEqual([103]);
  });
  it("links a unit activity up to the goals of the division activity above it", () => {
    expect(goalsServed(activities[2], activities)).toEqual([10]);
    expect(activityAncestors(activities[2], activities).map((a) => a.id)).toEqual([100, 101, 102]);
  });
  it("never loops on a cycle in bad data", () => {
    const cyclic = [act(1, { parent_id: 2, goal_ids: [] }), act(2, { parent_id: 1, goal_ids: [] })];
    expect(goalsServed(cyclic[0], cyclic)).toEqual([]);
    expect(activityAncestors(cyclic[0], cyclic).length).toBe(2);
  });
  it("gives a new activity the level of its owner", () => {
    expect(levelForOwner("area")).toBe("area");
    expect(levelForOwner("unit")).toBe("unit");
  });
});

describe("org tree", () => {
  it("builds the tree sorted by Swedish names with depths", () => {
    const flat = flattenTree(buildUnitTree(units));
    expect(flat.map((n) => `${n.depth}:${n.unit.name}`)).toEqual([
      "0:Regionstyrelsen", "1:Nära", "1:Psykiatri", "2:Vuxenpsykiatri", "3:Öppenvård",
    ]);
  });
  it("gives the path from the top for breadcrumbs", () => {
    expect(unitPath(units, 5).map((u) => u.name)).toEqual(["Regionstyrelsen", "Psykiatri", "Vuxenpsykiatri", "Öppenvård"]);
  });
});
