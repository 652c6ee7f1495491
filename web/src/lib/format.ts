// Formatting of numbers, reporting points and periods, the Swedish way by default.
import type { ReportingPoint } from "../api/types";

export const reportingPoints: ReportingPoint[] = ["da04", "da08", "ar", "t1", "t2", "t3", "every_4_years"];

// The order of reporting points within a year: DÅ 04 (april), DÅ 08 (august), the
// annual report last; tertials in their calendar order between them.
const pointOrder: Record<ReportingPoint, number> = { t1: 1, da04: 2, t2: 3, da08: 4, t3: 5, ar: 6, every_4_years: 7 };

export function comparePeriods(a: { year: number; point: ReportingPoint }, b: { year: number; point: ReportingPoint }): number {
  return a.year - b.year || pointOrder[a.point] - pointOrder[b.point];
}

const locales: Record<string, string> = { sv: "sv-SE", en: "en-GB" };

export function formatNumber(value: number | null | undefined, language = "sv", maximumFractionDigits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  return new Intl.NumberFormat(locales[language] ?? "sv-SE", { maximumFractionDigits }).format(value);
}

// "85 %" with the unit separated as Swedish typography wants; units other than % follow
// after a space too.
export function formatValue(value: number | null | undefined, unit: string | null | undefined, language = "sv"): string {
  const number = formatNumber(value, language);
  if (number === "–" || !unit) return number;
  return `${number}\u00a0${unit}`;
}

// Parses a number typed by a person: Swedish decimal comma or point, spaces as
// thousands separators. Returns null for anything that is not a whole finite number.
export function parseDecimal(text: string): number | null {
  const cleaned = text.trim().replace(/[\s\u00a0]/g, "").replace(",", ".");
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return null;
  const n = Number(cleaned);
  return Number.isFinite(n) ? n : null;
}

export function periodLabelKey(point: ReportingPoint): string {
  return `point.${point}`;
}
