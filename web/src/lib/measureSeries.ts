// A measure's values over time, for the chart and the table beneath it: outcomes by
// period and sex, target values, and the baseline. Periods without a reporting point
// (a target for a year) are placed at the year's annual report.
import type { Outcome, ReportingPoint, Sex, Target } from "../api/types";
import { comparePeriods } from "./format";

export interface Period { year: number; point: ReportingPoint }
export interface SeriesRow {
  period: Period;
  outcome: Partial<Record<Sex, number>>;
  target: Partial<Record<Sex | "all", number>>;
  baseline: Partial<Record<Sex | "all", number>>;
  preliminary: boolean;
}
export interface MeasureSeries {
  rows: SeriesRow[];
  // Baselines without a year cannot be placed in time; they are drawn as a level line.
  undatedBaseline: { value: number; sex: Sex | "all" }[];
  qualitativeTargets: { year: number | null; text: string }[];
  sexes: Sex[];  // which sexes have outcomes or targets, K and M first
}

const periodKey = (p: Period) => `${p.year}:${p.point}`;

export function buildMeasureSeries(targets: Target[], outcomes: Outcome[]): MeasureSeries {
  const rows = new Map<string, SeriesRow>();
  const row = (period: Period): SeriesRow => {
    const key = periodKey(period);
    let r = rows.get(key);
    if (!r) {
      r = { period, outcome: {}, target: {}, baseline: {}, preliminary: false };
      rows.set(key, r);
    }
    return r;
  };
  const sexes = new Set<Sex>();
  for (const o of outcomes) {
    // Breakdowns by age group or municipality are other series, not this one.
    if (o.age_group || o.municipality) continue;
    const sex = o.sex ?? "total";
    const r = row({ year: o.year, point: o.point });
    r.outcome[sex] = o.value;
    if (o.status === "preliminary") r.preliminary = true;
    sexes.add(sex);
  }
  const undatedBaseline: MeasureSeries["undatedBaseline"] = [];
  const qualitativeTargets: MeasureSeries["qualitativeTargets"] = [];
  for (const t of targets) {
    if (t.kind === "baseline") {
      if (t.value === null) continue;
      if (t.year === null) undatedBaseline.push({ value: t.value, sex: t.sex ?? "all" });
      else row({ year: t.year, point: t.point ?? "ar" }).baseline[t.sex ?? "all"] = t.value;
      if (t.sex && t.sex !== "total") sexes.add(t.sex);
      continue;
    }
    if (t.value === null || t.year === null) {
      const text = t.text ?? t.qualitative;
      if (text) qualitativeTargets.push({ year: t.year, text });
      continue;
    }
    row({ year: t.year, point: t.point ?? "ar" }).target[t.sex ?? "all"] = t.value;
    if (t.sex && t.sex !== "total") sexes.add(t.sex);
  }
  const order: Sex[] = ["K", "M", "total"];
  return {
    rows: [...rows.values()].sort((a, b) => comparePeriods(a.period, b.period)),
    undatedBaseline,
    qualitativeTargets,
    sexes: order.filter((s) => sexes.has(s)),
  };
}

// The target that applies to a sex in a row: its own, else the one for everyone.
export function targetFor(row: SeriesRow, sex: Sex): number | undefined {
  return row.target[sex] ?? row.target.total ?? row.target.all;
}

// Gender gap between K and M in a row, as an absolute difference; undefined unless
// both are known.
export function genderGap(row: SeriesRow): number | undefined {
  const k = row.outcome.K;
  const m = row.outcome.M;
  return k === undefined || m === undefined ? undefined : Math.abs(k - m);
}
