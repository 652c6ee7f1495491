// The approval workflow's records (docs/workflow.md): follow-up reports, plan versions
// and the comparison of two plans, as the API returns them.
import type { Id, Plan, ReportingPoint } from "./types";

export type WorkflowState = "draft" | "submitted" | "approved" | "returned" | "archived";
export type WorkflowAction = "submit" | "withdraw" | "approve" | "return" | "reopen";

export interface FollowupReport {
  id: Id; row_version?: number; org_id: Id; unit_id: Id; year: number; point: ReportingPoint; state: Exclude<WorkflowState, "archived">;
  comment: string | null; created_by: string; created_at: string;
  submitted_by: string | null; submitted_at: string | null; decided_by: string | null; decided_at: string | null;
  next_actions: WorkflowAction[];
}

// One entry of GET …/plans/{id}/versions (oldest first).
export interface PlanVersionSummary {
  id: Id; row_version?: number; key: string; title: string; status: Plan["status"]; version: string | null; number: number;
  previous_plan_id: Id | null; approved_date: string | null;
  submitted_by: string | null; submitted_at: string | null; decided_by: string | null; decided_at: string | null;
  comment: string | null;  // the latest return comment
}

export interface PlanVersionRecord {
  plan_id: Id; number: number; previous_plan_id: Id | null; comment: string | null;
  submitted_by: string | null; submitted_at: string | null; decided_by: string | null; decided_at: string | null;
}

export interface FieldChange { field: string; before: unknown; after: unknown }
export interface DiffItem { key: string; item: Record<string, unknown> }
export interface ChangedItem { key: string; fields: FieldChange[] }
export interface CollectionDiff { added: DiffItem[]; removed: DiffItem[]; changed: ChangedItem[] }
export interface PlanDiff {
  plan: FieldChange[];
  collections: Record<string, CollectionDiff>;
  summary: { added: number; removed: number; changed: number };
  from: PlanVersionSummary; to: PlanVersionSummary;
}
