// The risk and internal control records of the REST API (docs/risk.md). Only the
// fields the client reads are listed.
import type { Id, ReportingPoint } from "./types";
import type { RiskMatrixRecord } from "../lib/risk";

export type Origin = "own" | "example";

export interface RiskMatrix extends RiskMatrixRecord { id: Id; plan_id: Id; key: string; title: string; origin: Origin; note: string | null }

export interface Risk {
  id: Id; row_version?: number; plan_id: Id; key: string; title: string; description: string | null; cause: string | null;
  goal_id: Id | null; success_factor_id: Id | null; development_area_id: Id | null; activity_id: Id | null;
  process: string | null; category: string | null; owner_unit_id: Id | null;
  probability: number; consequence: number; assessed_date: string | null; assessed_by: string | null;
  residual_probability: number | null; residual_consequence: number | null; origin: Origin;
}

export interface RiskAction {
  id: Id; plan_id: Id; key: string; risk_id: Id; kind: "activity" | "assignment" | "control_point";
  activity_id: Id | null; assignment_id: Id | null; control_point_id: Id | null; description: string | null;
}

export interface InternalControlPlan {
  id: Id; plan_id: Id; key: string; year: number; title: string; owner_unit_id: Id | null;
  decided_date: string | null; decided_by: string | null; origin: Origin; note: string | null;
}

export interface ControlPoint {
  id: Id; row_version?: number; plan_id: Id; key: string; internal_control_plan_id: Id; process: string; risk_id: Id | null;
  control_step: string; method: string | null; frequency: string | null; unit_id: Id | null;
  performer: string | null; performer_user: string | null; reporting_points: ReportingPoint[] | null;
  report_to: string | null; origin: Origin;
}

export interface ControlResult {
  id: Id; row_version?: number; control_point_id: Id; year: number; point: ReportingPoint; performed: "done" | "not_done";
  outcome: "no_deviation" | "deviation" | null; comment: string | null; reported_by: string | null;
}

export interface DeviationAction {
  id: Id; control_result_id: Id; description: string; responsible: string; owner_unit_id: Id | null;
  due_date: string | null; action_status: "open" | "in_progress" | "closed"; closed_date: string | null; comment: string | null;
}

export interface Assignment { id: Id; plan_id: Id; key: string; title: string }
