// The records the REST API returns (see /api/v1/openapi.json). Only the fields the
// client reads are listed.
export type Id = number;

export interface Organisation { id: Id; row_version?: number; key: string; name: string; kind: string }
export interface Unit {
  id: Id; row_version?: number; key: string; name: string; kind: string; parent_id: Id | null;
  valid_from: string | null; valid_to: string | null;
}
export interface Plan {
  id: Id; row_version?: number; key: string; title: string; owner_unit_id: Id; first_year: number; last_year: number;
  status: "draft" | "submitted" | "returned" | "approved" | "archived"; version: string | null; document_id: string | null;
  approved_date: string | null; responsible: string | null; prepared_by: string | null;
}
export interface Section { id: Id; row_version?: number; plan_id: Id; key: string; title: string; level: number | null; body: string | null }
export interface Perspective { id: Id; row_version?: number; plan_id: Id; key: string; name: string; description: string | null }
export interface Goal {
  id: Id; row_version?: number; plan_id: Id; key: string; text: string; description: string | null; perspective_id: Id | null;
}
export interface DevelopmentArea {
  id: Id; row_version?: number; plan_id: Id; key: string; name: string; description: string | null;
  priorities: string[] | null; desired_effects: string[] | null;
}
export interface Mission { id: Id; row_version?: number; plan_id: Id; key: string; development_area_id: Id; unit_id: Id; text: string }
export interface SuccessFactor {
  id: Id; row_version?: number; plan_id: Id; key: string; name: string; description: string | null;
  goal_id: Id | null; perspective_id: Id | null;
}
export type ActivityLevel = "board" | "division" | "area" | "unit";
export interface Activity {
  id: Id; row_version?: number; plan_id: Id; key: string; name: string; description: string | null; expected_effect: string | null;
  level: ActivityLevel; owner_unit_id: Id | null; goal_ids: Id[] | null; development_area_id: Id | null;
  parent_id: Id | null; start_date: string | null; end_date: string | null; sdgs: number[] | null;
}
export type ReportingPoint = "da04" | "da08" | "ar" | "t1" | "t2" | "t3" | "every_4_years";
export interface Measure {
  id: Id; row_version?: number; plan_id: Id; key: string; kind: "steering" | "control"; number: string | null; name: string;
  description: string | null; unit: string | null; direction: "increase" | "decrease" | "maintain" | "none" | null;
  source: string | null; reporting_points: ReportingPoint[] | null; breakdowns: string[] | null;
  footnotes: string[] | null; goal_id: Id | null; success_factor_id: Id | null; development_area_id: Id | null;
}
export type Sex = "K" | "M" | "total";
export interface Target {
  id: Id; row_version?: number; measure_id: Id; kind: "baseline" | "target"; year: number | null; point: ReportingPoint | null;
  sex: Sex | null; value: number | null; qualitative: string | null; text: string | null;
}

// The follow-up capability (issue 4), built in parallel; these follow its agreed contract.
export type ActivityStatus = "not_started" | "in_progress" | "done" | "delayed" | "cancelled";
export interface ActivityReport {
  id: Id; row_version?: number; activity_id: Id; year: number; point: ReportingPoint; status: ActivityStatus; comment: string | null;
}
export interface Outcome {
  id: Id; row_version?: number; measure_id: Id; unit_id: Id | null; year: number; point: ReportingPoint; sex: Sex | null; value: number;
  age_group?: string | null; municipality?: string | null;
  status: "preliminary" | "final"; source: string | null; note: string | null;
}
export type AssessmentStatus = "met" | "partly_met" | "not_met" | "no_status";
export interface GoalAssessment {
  id: Id; row_version?: number; goal_id: Id; unit_id: Id; year: number; point: ReportingPoint; status: AssessmentStatus; analysis: string | null;
}
export type ScorecardStatus = "met" | "improving" | "not_met" | "no_data" | "info_only";
export type ScorecardCounts = Record<ScorecardStatus, number>;
export interface ScorecardMeasure {
  id: Id; row_version?: number; key: string; name: string; unit: string | null; direction: string | null; status: ScorecardStatus;
  value: number | null; target: number | null; values_by_sex: Partial<Record<Sex, number | null>> | null;
  gender_gap: { flag: boolean; grows: boolean } | null;
}
export interface ScorecardActivity {
  id: Id; row_version?: number; key: string; name: string; owner_unit_id: Id | null; status: ActivityStatus | null; comment: string | null;
}
export interface ScorecardGoal {
  // Activities that serve no goal come as a goal without id.
  id: Id | null; key: string; title: string; status: ScorecardStatus | string; counts: ScorecardCounts;
  measures: ScorecardMeasure[]; activities: ScorecardActivity[];
}
export interface Scorecard {
  unit: { id: Id; row_version?: number; key: string; name: string } | Id; year: number; point: ReportingPoint; counts: ScorecardCounts;
  goals: ScorecardGoal[];
}

export interface ListPage<T> { items: T[]; total: number }
