// The economy records the REST API returns (docs/plan-format.md, "Economy"): every
// amount in whole kronor; references as ids.
import type { Id } from "./types";

export type EconomyTableKind =
  | "net_cost_frame" | "frame_change" | "result" | "budget_follow_up" | "investment_frame" | "investment_request" | "property_investment";

export interface EconomyTable {
  id: Id; row_version?: number; plan_id: Id; key: string; title: string; kind: EconomyTableKind; year: number | null;
  amount_unit: "kr" | "tkr" | "mnkr"; decimals: number; sign_convention: "cost_negative" | "frame_positive" | null;
  category: "wage_price_index" | "increase" | "reduction" | "reallocation" | null; claim: "sums_to_zero" | null; note: string | null;
}
export interface CostFrameLine {
  id: Id; row_version?: number; table_id: Id; key: string; label: string; unit_id: Id | null; row_group: string | null; part_of_id: Id | null;
  opening: number | null; wage_price_index: number | null; increase: number | null; reduction: number | null;
  reallocation: number | null; stated_closing: number | null;
}
export interface FrameChangeLine {
  id: Id; row_version?: number; table_id: Id; key: string; description: string; column_label: string; unit_id: Id | null; frame_line_id: Id | null; amount: number;
}
export interface ResultLine {
  id: Id; row_version?: number; table_id: Id; key: string; label: string; kind: "result" | "target" | "reduction_done" | "reduction_needed" | "other";
  year: number | null; amount: number;
}
export interface BudgetFollowUp {
  id: Id; row_version?: number; table_id: Id; key: string; unit_id: Id; year: number | null; point: string; budget: number;
  outcome: number | null; forecast: number | null; comment: string | null;
  // Computed by the server (domain/computed_fields.cpp): kronor, and per cent to one decimal.
  outcome_deviation?: number | null; forecast_deviation?: number | null;
  outcome_deviation_percent?: number | null; forecast_deviation_percent?: number | null;
}
export interface InvestmentFrameLine {
  id: Id; row_version?: number; table_id: Id; key: string; decision_level: string; unit_id: Id | null; row_group: string | null; frame_type: string; amount: number;
}
export interface InvestmentRequest {
  id: Id; row_version?: number; table_id: Id; key: string; division: string; area: string | null; unit_id: Id | null; name: string;
  frame_type: "it" | "mt" | "vehicle" | "other_equipment" | "art"; amount: number; status: "requested" | "approved" | "rejected" | "deferred";
}
export interface PropertyInvestment {
  id: Id; row_version?: number; table_id: Id; key: string; district: string | null; unit_id: Id | null; kind: "new" | "reinvestment"; name: string; amount: number;
}
export interface DelegationRule {
  id: Id; row_version?: number; key: string; frame_types: string[] | null; over_amount: number; decided_by: string; decided_by_unit_id: Id | null; source: string | null;
}
export interface EconomyTotal {
  id: Id; row_version?: number; table_id: Id; key: string; label: string; scope: "table" | "group" | "row"; row_group: string | null;
  row_label: string | null; column_label: string | null; amount: number;
}
export interface EconomyFinding {
  rule: string; severity: "error" | "warning" | "info"; plan: string; place: string; item: string; message: string;
}
