// The reporting round's answers (docs/reporting-round.md, the OpenAPI schemas
// Completeness and Todo).
import type { Id } from "./types";

export type PartName = "activities" | "measures" | "assessments" | "report";
export const PARTS: PartName[] = ["activities", "measures", "assessments", "report"];
export type ReportState = "none" | "draft" | "submitted" | "approved" | "returned";

export interface Counts { required: number; done: number; percent: number | null; by_status?: Record<string, number> }
export interface MissingItem { id: Id | null; key?: string; name?: string; missing_sexes?: string[]; state?: string }
export interface PartCounts extends Counts { missing?: MissingItem[] }

export interface CompletenessUnit {
  id: Id; key: string; name: string; kind: string; parent_id: Id | null; depth: number;
  membership: "whole" | "added" | "removed"; valid_from: string | null; valid_to: string | null;
  nothing_to_report: boolean; complete: boolean; report_state: ReportState; report_id: Id | null;
  overall: Counts; parts: Record<PartName, PartCounts>;
}

export interface PeriodInfo { id: Id | null; year: number; point: string; status: string | null; deadline: string | null; starts?: string; ends?: string }

export interface Completeness {
  period: PeriodInfo;
  unit: { id: Id; key: string; name: string } | null;
  parts: PartName[];
  totals: Record<PartName | "overall", Counts> & { units: number; units_owing: number; units_complete: number; units_nothing_to_report: number };
  units: CompletenessUnit[];
}

export interface Finding { plan: string; rule: string; severity: string; item: string; message: string }

export interface Todo {
  user: { username: string; display_name: string };
  roles: string[];
  period: PeriodInfo | null;
  reporter: { units: CompletenessUnit[]; total: number } | null;
  approver: { reports: { id: Id; unit: { id: Id; key: string; name: string }; year: number; point: string; submitted_by: string | null; submitted_at: string | null }[]; total: number } | null;
  controller: { subtrees: { unit: { id: Id; key: string; name: string } | null; totals: Completeness["totals"] }[]; findings: Finding[] } | null;
  scorecard: { unit: { id: Id; key: string; name: string }; year: number; point: string; counts: Record<string, number>;
    goals: { id: Id | null; key: string | null; title: string; status: string; counts: Record<string, number> }[] } | null;
}

export interface Unsubmitted { unit_id: Id; key: string; name: string; state: string; report_id: Id | null }
