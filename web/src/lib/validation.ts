// Form validation in the browser, before anything is sent: messages are i18n keys so
// they show in the user's language, one per field. The server validates again.
import type { ActivityStatus, ReportingPoint } from "../api/types";
import { activityStatuses } from "./status";
import { reportingPoints } from "./format";

export type FieldErrors = Record<string, string>;

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
