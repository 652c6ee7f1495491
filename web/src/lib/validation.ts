// Form validation in the browser, before anything is sent: messages are i18n keys so
// they show in the user's language, one per field. The server validates again.
import type { ActivityStatus, ReportingPoint } from "../api/types";
import { activityStatuses } from "./status";
import { reportingPoints } from "./format";

export type FieldErrors = Record<string, string>;

// A field's error with the values its message names; every form shows these
// (components/FormFeedback.tsx). A check that finds only a key gives it without values.
export interface FieldError { key: string; values?: Record<string, string | number> }
export type Errors = Record<string, FieldError>;

export function asErrors(found: Record<string, string | FieldError>): Errors {
  const out: Errors = {};
  for (const [f, e] of Object.entries(found)) {
    if (!e) continue;
    out[f] = typeof e === "string" ? { key: e } : e;
  }
  return out;
}

export interface NewActivityInput { name: string; key: string; owner_unit_id: string; description: string; expected_effect: string; start_date: string; end_date: string }

const keyPattern = /^[a-z0-9][a-z0-9-]*$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

function validDate(text: string): boolean {
  if (!datePattern.test(text)) return false;
  const d = new Date(text + "T00:00:00Z");
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

// Turns a name into a key: lower case, Swedish letters folded (å ä → a, ö → o), words
// joined by hyphens.
export function keyFromName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[åä]/g, "a")
    .replace(/ö/g, "o")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
}

export function validateNewActivity(input: NewActivityInput): FieldErrors {
  const errors: FieldErrors = {};
  if (!input.name.trim()) errors.name = "validation.required";
  else if (input.name.trim().length > 300) errors.name = "validation.tooLong";
  if (!input.key.trim()) errors.key = "validation.required";
  else if (!keyPattern.test(input.key)) errors.key = "validation.key";
  if (!input.owner_unit_id) errors.owner_unit_id = "validation.chooseUnit";
  if (input.start_date && !validDate(input.start_date)) errors.start_date = "validation.date";
  if (input.end_date && !validDate(input.end_date)) errors.end_date = "validation.date";
  if (!errors.start_date && !errors.end_date && input.start_date && input.end_date && input.end_date < input.start_date) {
    errors.end_date = "validation.endBeforeStart";
  }
  return errors;
}

export interface ReportInput { year: string; point: string; status: string; comment: string }

export const maxCommentLength = 4000;

export function validateReport(input: ReportInput, firstYear: number, lastYear: number): FieldErrors {
  const errors: FieldErrors = {};
  const year = Number(input.year);
  if (!Number.isInteger(year) || year < firstYear || year > lastYear) errors.year = "validation.yearInPlan";
  if (!reportingPoints.includes(input.point as ReportingPoint)) errors.point = "validation.choosePoint";
  if (!activityStatuses.includes(input.status as ActivityStatus)) errors.status = "validation.chooseStatus";
  const comment = input.comment.trim();
  if (comment.length > maxCommentLength) errors.comment = "validation.tooLong";
  // Delayed or cancelled work must be explained: that is what the reader needs to know.
  if ((input.status === "delayed" || input.status === "cancelled") && comment.length === 0) {
    errors.comment = "validation.commentRequired";
  }
  return errors;
}

export function hasErrors(errors: FieldErrors): boolean {
  return Object.keys(errors).length > 0;
}

export interface OutcomeInput {
  unit_id: string; year: string; point: string; K: string; M: string; total: string;
  status: string; source: string; note: string;
}
export type OutcomeValues = Partial<Record<"K" | "M" | "total", number>>;

// Outcomes for women, men and/or everyone at one unit and reporting point. At least one
// value; every value typed must be a number (decimal comma allowed).
export function validateOutcome(input: OutcomeInput, points: string[], firstYear: number, lastYear: number,
  parse: (text: string) => number | null): { errors: FieldErrors; values: OutcomeValues } {
  const errors: FieldErrors = {};
  const values: OutcomeValues = {};
  if (!input.unit_id) errors.unit_id = "validation.chooseUnit";
  const year = Number(input.year);
  if (!Number.isInteger(year) || year < firstYear || year > lastYear) errors.year = "validation.yearInPlan";
  if (!points.includes(input.point)) errors.point = "validation.choosePoint";
  for (const sex of ["K", "M", "total"] as const) {
    const text = input[sex].trim();
    if (!text) continue;
    const n = parse(text);
    if (n === null) errors[sex] = "validation.number";
    else values[sex] = n;
  }
  if (!errors.K && !errors.M && !errors.total && Object.keys(values).length === 0) errors.total = "validation.oneValue";
  if (input.status !== "preliminary" && input.status !== "final") errors.status = "validation.chooseStatus";
  return { errors, values };
}

export interface AssessmentInput { unit_id: string; year: string; point: string; status: string; analysis: string }
export const assessmentStatuses = ["met", "partly_met", "not_met", "no_status"] as const;

export function validateAssessment(input: AssessmentInput, firstYear: number, lastYear: number): FieldErrors {
  const errors: FieldErrors = {};
  if (!input.unit_id) errors.unit_id = "validation.chooseUnit";
  const year = Number(input.year);
  if (!Number.isInteger(year) || year < firstYear || year > lastYear) errors.year = "validation.yearInPlan";
  if (!reportingPoints.includes(input.point as ReportingPoint)) errors.point = "validation.choosePoint";
  if (!(assessmentStatuses as readonly string[]).includes(input.status)) errors.status = "validation.chooseAssessment";
  const analysis = input.analysis.trim();
  if (analysis.length > maxCommentLength) errors.analysis = "validation.tooLong";
  // A goal not (fully) met needs the analysis that says why and what is done about it.
  if ((input.status === "not_met" || input.status === "partly_met") && analysis.length === 0) {
    errors.analysis = "validation.analysisRequired";
  }
  return errors;
}
