// The approval workflow as the web client needs it (docs/workflow.md): how each state
// is shown, which buttons a person's roles allow in which state, and how a refused
// action is explained. The server decides; this only avoids offering buttons that
// would certainly be refused, so the rules mirror src/domain/workflow and src/auth.
import type { Me } from "../api/auth";
import type { Id, Unit } from "../api/types";
import type { FollowupReport, PlanVersionSummary, WorkflowAction, WorkflowState } from "../api/workflowTypes";
import type { StatusLook } from "./status";

const stateLooks: Record<WorkflowState, StatusLook> = {
  draft: { labelKey: "workflowState.draft", icon: "✎", tone: "neutral" },
  submitted: { labelKey: "workflowState.submitted", icon: "➜", tone: "info" },
  approved: { labelKey: "workflowState.approved", icon: "✓", tone: "good" },
  returned: { labelKey: "workflowState.returned", icon: "↩", tone: "warn" },
  archived: { labelKey: "workflowState.archived", icon: "▣", tone: "neutral" },
};

export function workflowStateLook(state: string | null | undefined): StatusLook {
  if (!state) return { labelKey: "workflowState.none", icon: "–", tone: "neutral" };
  return stateLooks[state as WorkflowState] ?? { labelKey: "status.unknown", icon: "?", tone: "neutral" };
}

// The state machine's edges: what may follow each state (src/domain/workflow/state_machine.cpp).
const nextActions: Record<WorkflowState, WorkflowAction[]> = {
  draft: ["submit"],
  submitted: ["withdraw", "approve", "return"],
  returned: ["reopen"],
  approved: [],
  archived: [],
};

export const byApprover = (a: WorkflowAction) => a === "approve" || a === "return";

// The units from `unit` up to the root, `unit` first.
export function ancestors(units: Unit[], unit: Id): Id[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const out: Id[] = [];
  let cur: Id | null = unit;
  while (cur !== null && !out.includes(cur)) {
    out.push(cur);
    cur = byId.get(cur)?.parent_id ?? null;
  }
  return out;
}

export function parentOf(units: Unit[], unit: Id): Id | null {
  return units.find((u) => u.id === unit)?.parent_id ?? null;
}

// As auth::holds_role_over: the installation's administrator holds every role; a grant
// without a unit covers the whole organisation; a grant on a unit covers its subtree;
// `unit` null means the organisation as a whole, which only an organisation-wide grant covers.
export function holdsRoleOver(me: Me | null | undefined, orgId: Id, role: string, unit: Id | null, units: Unit[]): boolean {
  if (!me) return false;
  if (me.installation_admin) return true;
  const path = unit === null ? [] : ancestors(units, unit);
  return me.roles.some((g) => g.organisation_id === orgId && g.role === role &&
    (g.unit_id === null || path.includes(g.unit_id)));
}

export interface Standing {
  author: boolean;    // the author's role over the item's unit (reporter for a report, planner for a plan)
  approver: boolean;  // a planner over the level above
  username: string | null;
}

// Who the person is towards an item owned by `unit`.
export function standingOver(me: Me | null | undefined, orgId: Id, unit: Id, authorRole: "reporter" | "planner",
  units: Unit[]): Standing {
  return {
    author: holdsRoleOver(me, orgId, authorRole, unit, units),
    approver: holdsRoleOver(me, orgId, "planner", parentOf(units, unit), units),
    username: me?.user.username ?? null,
  };
}

// The buttons to offer for an item in `state`: allowed by the state, by the person's
// role, and never approving or returning one's own submission.
export function allowedActions(state: WorkflowState, submittedBy: string | null, who: Standing): WorkflowAction[] {
  return nextActions[state].filter((a) => {
    if (byApprover(a)) return who.approver && (submittedBy === null || submittedBy !== who.username);
    return who.author;
  });
}

// Whether "create report" is offered: no report yet, and the reporter role over the unit.
export const mayCreateReport = (existing: FollowupReport | undefined, who: Standing) => existing === undefined && who.author;

// Submitted reports this person may decide on: a planner over the level above, not the submitter.
export function awaitingApproval(reports: FollowupReport[], me: Me | null | undefined, orgId: Id, units: Unit[]): FollowupReport[] {
  return reports.filter((r) => r.state === "submitted" &&
    allowedActions(r.state, r.submitted_by, standingOver(me, orgId, r.unit_id, "reporter", units)).includes("approve"));
}

// A comment is required to return an item; whitespace is not a comment.
export function validateReturnComment(comment: string): string | null {
  return comment.trim() === "" ? "workflow.commentRequired" : null;
}

// How a refused action is introduced: the server's message (in the user's language)
// says what and why; the prefix says what kind of refusal it is.
export function refusalKey(status: number): string {
  switch (status) {
    case 401: return "workflow.refused.signIn";
    case 403: return "workflow.refused.forbidden";
    case 409: return "workflow.refused.conflict";
    case 422: return "workflow.refused.input";
    case 404: return "workflow.refused.notFound";
    default: return "workflow.refused.other";
  }
}

// Plan versions: only the newest approved version gets a new version, and only while no
// newer one is being worked on (draft, submitted or returned).
export function mayCreateVersion(versions: PlanVersionSummary[], planId: Id): boolean {
  const v = versions.find((x) => x.id === planId);
  if (!v || v.status !== "approved") return false;
  const newer = versions.filter((x) => x.number > v.number);
  return newer.every((x) => x.status === "archived" || x.status === "approved") && !newer.some((x) => x.status === "approved");
}

// The version a version is compared with: its predecessor.
export function previousVersion(versions: PlanVersionSummary[], planId: Id): PlanVersionSummary | undefined {
  const v = versions.find((x) => x.id === planId);
  return v?.previous_plan_id == null ? undefined : versions.find((x) => x.id === v.previous_plan_id);
}
