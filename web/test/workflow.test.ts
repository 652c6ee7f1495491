import { describe, expect, it } from "vitest";
import type { Me } from "../src/api/auth";
import type { Unit } from "../src/api/types";
import type { FollowupReport, PlanVersionSummary } from "../src/api/workflowTypes";
import {
  allowedActions, ancestors, awaitingApproval, holdsRoleOver, mayCreateReport, mayCreateVersion, previousVersion, refusalKey,
  standingOver, validateReturnComment, workflowStateLook,
} from "../src/lib/workflow";

const unit = (id: number, parent_id: number | null): Unit => ({ id, key: `u${id}`, name: `U${id}`, kind: "unit", parent_id, valid_from: null, valid_to: null });
// Region (1) > Psykiatri (2) > Vuxenpsykiatri (3) > Mottagning (5); Region > Nära (4).
const units = [unit(1, null), unit(2, 1), unit(3, 2), unit(4, 1), unit(5, 3)];
const me = (roles: Me["roles"], username = "rita", installation_admin = false): Me =>
  ({ user: { id: 1, username, display_name: username }, roles, installation_admin });
const ORG = 7;
const reporter = me([{ organisation_id: ORG, role: "reporter", unit_id: 3 }], "rita");
const planner = me([{ organisation_id: ORG, role: "planner", unit_id: 2 }], "petra");
const report = (over: Partial<FollowupReport>): FollowupReport => ({
  id: 1, org_id: ORG, unit_id: 3, year: 2025, point: "da04", state: "draft", comment: null, created_by: "rita", created_at: "",
  submitted_by: null, submitted_at: null, decided_by: null, decided_at: null, next_actions: [], ...over,
});

describe("roles over the org tree", () => {
  it("walks from a unit up to the root", () => {
    expect(ancestors(units, 5)).toEqual([5, 3, 2, 1]);
    expect(ancestors(units, 99)).toEqual([99]);
  });
  it("a grant covers its subtree, not the level above nor a sibling, nor another organisation", () => {
    expect(holdsRoleOver(reporter, ORG, "reporter", 3, units)).toBe(true);
    expect(holdsRoleOver(reporter, ORG, "reporter", 5, units)).toBe(true);
    expect(holdsRoleOver(reporter, ORG, "reporter", 2, units)).toBe(false);
    expect(holdsRoleOver(reporter, ORG, "reporter", 4, units)).toBe(false);
    expect(holdsRoleOver(reporter, ORG + 1, "reporter", 3, units)).toBe(false);
    expect(holdsRoleOver(reporter, ORG, "planner", 3, units)).toBe(false);
  });
  it("only an organisation-wide grant covers the organisation as a whole; the administrator holds everything", () => {
    expect(holdsRoleOver(planner, ORG, "planner", null, units)).toBe(false);
    expect(holdsRoleOver(me([{ organisation_id: ORG, role: "planner", unit_id: null }]), ORG, "planner", null, units)).toBe(true);
    expect(holdsRoleOver(me([], "admin", true), ORG, "planner", null, units)).toBe(true);
    expect(holdsRoleOver(null, ORG, "reader", 1, units)).toBe(false);
  });
});

describe("which buttons a person gets", () => {
  it("the reporter of the unit creates, submits, withdraws and reopens, but never decides", () => {
    const who = standingOver(reporter, ORG, 3, "reporter", units);
    expect(who).toEqual({ author: true, approver: false, username: "rita" });
    expect(mayCreateReport(undefined, who)).toBe(true);
    expect(mayCreateReport(report({}), who)).toBe(false);
    expect(allowedActions("draft", null, who)).toEqual(["submit"]);
    expect(allowedActions("submitted", "rita", who)).toEqual(["withdraw"]);
    expect(allowedActions("returned", "rita", who)).toEqual(["reopen"]);
    expect(allowedActions("approved", "rita", who)).toEqual([]);
  });
  it("a planner of the level above approves or returns a submitted report, and nothing else", () => {
    const who = standingOver(planner, ORG, 3, "reporter", units);
    expect(who.approver).toBe(true);
    expect(who.author).toBe(false);
    expect(mayCreateReport(undefined, who)).toBe(false);
    expect(allowedActions("submitted", "rita", who)).toEqual(["approve", "return"]);
    expect(allowedActions("draft", null, who)).toEqual([]);
    // Psykiatri's own report is decided by the level above Psykiatri, not by Psykiatri's planner.
    expect(standingOver(planner, ORG, 2, "reporter", units).approver).toBe(false);
  });
  it("nobody approves their own submission, not even the administrator", () => {
    const admin = standingOver(me([], "admin", true), ORG, 3, "reporter", units);
    expect(allowedActions("submitted", "admin", admin)).toEqual(["withdraw"]);
    expect(allowedActions("submitted", "rita", admin)).toEqual(["withdraw", "approve", "return"]);
  });
  it("lists the submitted reports awaiting this person's decision", () => {
    const reports = [
      report({ id: 1, state: "submitted", submitted_by: "rita" }),
      report({ id: 2, state: "draft" }),
      report({ id: 3, state: "submitted", unit_id: 4, submitted_by: "nils" }),  // Nära: not below Psykiatri
      report({ id: 4, state: "submitted", unit_id: 5, submitted_by: "petra" }),  // her own
    ];
    expect(awaitingApproval(reports, planner, ORG, units).map((r) => r.id)).toEqual([1]);
    expect(awaitingApproval(reports, reporter, ORG, units)).toEqual([]);
    expect(awaitingApproval(reports, null, ORG, units)).toEqual([]);
  });
});

describe("messages", () => {
  it("a return needs a comment that is more than whitespace", () => {
    expect(validateReturnComment("  \n")).toBe("workflow.commentRequired");
    expect(validateReturnComment("Analysen saknar uppdelning på kön.")).toBeNull();
  });
  it("a refusal is introduced by its kind", () => {
    expect(refusalKey(403)).toBe("workflow.refused.forbidden");
    expect(refusalKey(409)).toBe("workflow.refused.conflict");
    expect(refusalKey(422)).toBe("workflow.refused.input");
    expect(refusalKey(500)).toBe("workflow.refused.other");
  });
  it("every state has a text and a symbol, never colour alone", () => {
    for (const s of ["draft", "submitted", "approved", "returned", "archived", null]) {
      const look = workflowStateLook(s);
      expect(look.labelKey).toMatch(/^workflowState\./);
      expect(look.icon.length).toBeGreaterThan(0);
    }
    expect(workflowStateLook("approved").tone).not.toBe(workflowStateLook("returned").tone);
  });
});

describe("plan versions", () => {
  const v = (id: number, number: number, status: PlanVersionSummary["status"], previous: number | null): PlanVersionSummary => ({
    id, key: `p-v${number}`, title: "Plan", status, version: String(number), number, previous_plan_id: previous,
    approved_date: null, submitted_by: null, submitted_at: null, decided_by: null, decided_at: null, comment: null,
  });
  it("only the newest approved version gets a new one, and only while none is in the works", () => {
    expect(mayCreateVersion([v(1, 1, "approved", null)], 1)).toBe(true);
    expect(mayCreateVersion([v(1, 1, "approved", null), v(2, 2, "draft", 1)], 1)).toBe(false);
    expect(mayCreateVersion([v(1, 1, "approved", null), v(2, 2, "returned", 1)], 1)).toBe(false);
    expect(mayCreateVersion([v(1, 1, "archived", null), v(2, 2, "approved", 1)], 1)).toBe(false);
    expect(mayCreateVersion([v(1, 1, "archived", null), v(2, 2, "approved", 1)], 2)).toBe(true);
    expect(mayCreateVersion([v(1, 1, "draft", null)], 1)).toBe(false);
    expect(mayCreateVersion([], 1)).toBe(false);
  });
  it("a version is compared with its predecessor", () => {
    const line = [v(1, 1, "archived", null), v(2, 2, "approved", 1)];
    expect(previousVersion(line, 2)?.id).toBe(1);
    expect(previousVersion(line, 1)).toBeUndefined();
  });
});
