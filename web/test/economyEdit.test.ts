import { describe, expect, it } from "vitest";
import type { CostFrameLine, EconomyTable } from "../src/api/economyTypes";
import type { Unit } from "../src/api/types";
import { computedClosing } from "../src/lib/economy";
import { changeOfPath } from "../src/api/batch";
import { frameAdjustments, frameLineChanges, frameLineChoices, newLineKey } from "../src/lib/frameChanges";
import { holdsRole, holdsRoleAnywhere, isFrozen, recordUnit, unitsWithRole } from "../src/lib/permissions";

const table = (over: Partial<EconomyTable>): EconomyTable => ({
  id: 1, plan_id: 1, key: "ram", title: "Ekonomisk ram 2025, mnkr", kind: "net_cost_frame", year: 2025, amount_unit: "mnkr", decimals: 1,
  sign_convention: "cost_negative", category: null, claim: null, note: null, ...over,
});
const frame = table({});
const increase = table({ id: 2, key: "utokning", title: "Utökning av ram 2025, tkr", kind: "frame_change", amount_unit: "tkr", sign_convention: "frame_positive", category: "increase" });
const noSign = table({ id: 3, key: "x", kind: "frame_change", amount_unit: "tkr", sign_convention: null, category: "reallocation" });
const nara: CostFrameLine = {
  id: 10, table_id: 1, key: "ram-2025-nara", label: "Nära", unit_id: 5, row_group: null, part_of_id: null,
  opening: -329_400_000, wage_price_index: -67_300_000, increase: 61_700_000, reduction: 0, reallocation: 25_200_000, stated_closing: -309_900_000,
};
const ls1: CostFrameLine = { ...nara, id: 11, key: "ram-2025-ls1", label: "Länssjukvård 1", unit_id: 6 };
const tables = [frame, increase, noSign];

describe("frame change lines move their frame line's column", () => {
  it("a new utökning of 2 500 tkr written as frame (positive) lowers the cost-negative frame's column, and UB with it", () => {
    const adj = frameAdjustments(increase, null, { frame_line_id: 10, amount: 2_500_000 }, [nara], tables);
    expect(adj).toEqual([{ lineId: 10, column: "increase", delta: -2_500_000 }]);
    const after = { ...nara, increase: nara.increase! + adj[0].delta };
    expect(computedClosing(nara)).toBe(-309_800_000);
    expect(computedClosing(after)).toBe(-312_300_000);
  });
  it("a table without a sign convention adds as it is; deleting takes the amount back", () => {
    expect(frameAdjustments(noSign, null, { frame_line_id: 10, amount: 700 }, [nara], tables)).toEqual([{ lineId: 10, column: "reallocation", delta: 700 }]);
    expect(frameAdjustments(increase, { frame_line_id: 10, amount: 2_500_000 }, null, [nara], tables)).toEqual([{ lineId: 10, column: "increase", delta: 2_500_000 }]);
  });
  it("changing the amount moves the difference; moving the line to another frame line moves both", () => {
    expect(frameAdjustments(increase, { frame_line_id: 10, amount: 1_000 }, { frame_line_id: 10, amount: 4_000 }, [nara, ls1], tables))
      .toEqual([{ lineId: 10, column: "increase", delta: -3_000 }]);
    expect(frameAdjustments(increase, { frame_line_id: 10, amount: 1_000 }, { frame_line_id: 11, amount: 1_000 }, [nara, ls1], tables))
      .toEqual([{ lineId: 10, column: "increase", delta: 1_000 }, { lineId: 11, column: "increase", delta: -1_000 }]);
    expect(frameAdjustments(increase, { frame_line_id: 10, amount: 1_000 }, { frame_line_id: 10, amount: 1_000 }, [nara], tables)).toEqual([]);
  });
  it("nothing moves without a frame line or a category", () => {
    expect(frameAdjustments(increase, null, { frame_line_id: null, amount: 5 }, [nara], tables)).toEqual([]);
    expect(frameAdjustments(table({ id: 4, kind: "frame_change", category: null }), null, { frame_line_id: 10, amount: 5 }, [nara], tables)).toEqual([]);
  });
  it("offers the frame lines of the same year's frame tables", () => {
    const other = table({ id: 9, year: 2020 });
    const old: CostFrameLine = { ...nara, id: 12, table_id: 9 };
    expect(frameLineChoices(increase, [...tables, other], [nara, ls1, old]).map((l) => l.id)).toEqual([10, 11]);
  });
  it("makes keys from the description, unique in the plan", () => {
    expect(newLineKey("utokning-av-ram-2025", "Ny vårdplatsavdelning Öjebyn", [])).toBe("utokning-av-ram-2025-ny-vardplatsavdelning-ojebyn");
    expect(newLineKey("t", "Å", ["t-a", "t-a-2"])).toBe("t-a-3");
    expect(newLineKey("t", "!!!", [])).toBe("t-rad");
  });
});

describe("frameLineChanges: a detail line and its frame lines in one batch", () => {
  it("changes each frame line from the value and version shown", () => {
    const shown = { ...nara, row_version: 4 };
    const changes = frameLineChanges([{ lineId: 10, column: "increase", delta: 2_500_000 }], [shown, ls1]);
    expect(changes).toEqual([{ action: "update", collection: "cost-frame-lines", id: 10, row_version: 4, record: { increase: 64_200_000 } }]);
  });
  it("starts an empty column from zero", () => {
    const empty = { ...ls1, reduction: null, row_version: 1 };
    expect(frameLineChanges([{ lineId: 11, column: "reduction", delta: -100 }], [empty])[0]).toMatchObject({ record: { reduction: -100 } });
  });
  it("reads which change and field a refusal names", () => {
    expect(changeOfPath("changes[2].record.year")).toEqual({ index: 2, field: "year" });
    expect(changeOfPath("changes[0].row_version")).toEqual({ index: 0, field: null });
    expect(changeOfPath("year")).toBeNull();
  });
});

describe("who may change the economy", () => {
  const units: Unit[] = [
    { id: 1, key: "rf", name: "Regionfullmäktige", kind: "assembly", parent_id: null, valid_from: null, valid_to: null },
    { id: 2, key: "rs", name: "Regionstyrelsen", kind: "board", parent_id: 1, valid_from: null, valid_to: null },
    { id: 5, key: "div-nara", name: "Nära", kind: "division", parent_id: 2, valid_from: null, valid_to: null },
    { id: 6, key: "div-ls1", name: "Länssjukvård 1", kind: "division", parent_id: 2, valid_from: null, valid_to: null },
  ];
  const controllerOfNara = { installation_admin: false, roles: [{ organisation_id: 7, role: "controller", unit_id: 5 }] };
  it("a controller over a unit changes its records and those below, not its siblings' or the plan owner's", () => {
    expect(holdsRole(controllerOfNara, 7, "controller", 5, units)).toBe(true);
    expect(holdsRole(controllerOfNara, 7, "controller", 6, units)).toBe(false);
    expect(holdsRole(controllerOfNara, 7, "controller", 2, units)).toBe(false);
    expect(holdsRole(controllerOfNara, 7, "controller", null, units)).toBe(false);
    expect(holdsRole(controllerOfNara, 8, "controller", 5, units)).toBe(false);
    expect(holdsRole(controllerOfNara, 7, "planner", 5, units)).toBe(false);
    expect(unitsWithRole(controllerOfNara, 7, "controller", units).map((u) => u.id)).toEqual([5]);
  });
  it("a role on the board covers the divisions; one on the whole organisation covers everything; the installation administrator too", () => {
    expect(holdsRole({ installation_admin: false, roles: [{ organisation_id: 7, role: "controller", unit_id: 2 }] }, 7, "controller", 6, units)).toBe(true);
    expect(holdsRole({ installation_admin: false, roles: [{ organisation_id: 7, role: "controller", unit_id: null }] }, 7, "controller", null, units)).toBe(true);
    expect(holdsRole({ installation_admin: true, roles: [] }, 7, "controller", null, units)).toBe(true);
    expect(holdsRole(null, 7, "controller", 5, units)).toBe(false);
    expect(holdsRoleAnywhere(controllerOfNara, 7, "controller")).toBe(true);
    expect(holdsRoleAnywhere({ installation_admin: false, roles: [{ organisation_id: 7, role: "reporter", unit_id: null }] }, 7, "controller")).toBe(false);
  });
  it("a record without a unit belongs to the plan's owner; approved, submitted and archived plans are frozen", () => {
    expect(recordUnit({ unit_id: null }, { owner_unit_id: 2 })).toBe(2);
    expect(recordUnit({ unit_id: 5 }, { owner_unit_id: 2 })).toBe(5);
    expect(["draft", "returned", "submitted", "approved", "archived"].map((status) => isFrozen({ status: status as "draft" })))
      .toEqual([false, false, true, true, true]);
  });
});
