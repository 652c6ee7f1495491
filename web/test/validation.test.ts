import { describe, expect, it } from "vitest";
import { asErrors, hasErrors, keyFromName, validateNewActivity, validateReport } from "../src/lib/validation";
import { search } from "../src/lib/search";
import { buildMeasureSeries, genderGap, targetFor } from "../src/lib/measureSeries";
import type { Outcome, Target } from "../src/api/types";

const okActivity = { name: "Stegvis vård", key: "stegvis-vard", owner_unit_id: "3", description: "", expected_effect: "", start_date: "", end_date: "" };

describe("new activity validation", () => {
  it("accepts a complete activity", () => {
    expect(validateNewActivity(okActivity)).toEqual({});
  });
  it("names each missing or bad field", () => {
    const errors = validateNewActivity({ ...okActivity, name: "  ", key: "Stegvis Vård", owner_unit_id: "" });
    expect(errors).toEqual({ name: "validation.required", key: "validation.key", owner_unit_id: "validation.chooseUnit" });
  });
  it("rejects impossible dates and an end before the start", () => {
    expect(validateNewActivity({ ...okActivity, start_date: "2025-02-30" }).start_date).toBe("validation.date");
    expect(validateNewActivity({ ...okActivity, start_date: "2025-06-01", end_date: "2025-01-01" }).end_date).toBe("validation.endBeforeStart");
    expect(validateNewActivity({ ...okActivity, start_date: "2025-06-01", end_date: "2025-06-01" })).toEqual({});
  });
  it("makes keys from Swedish names", () => {
    expect(keyFromName("Införande av Stegvis vård")).toBe("inforande-av-stegvis-vard");
    expect(keyFromName("Ökad tillgänglighet – åtgärder!")).toBe("okad-tillganglighet-atgarder");
  });
});

describe("follow-up report validation", () => {
  const ok = { year: "2025", point: "da04", status: "in_progress", comment: "" };
  it("accepts a status without comment when all is well", () => {
    expect(hasErrors(validateReport(ok, 2025, 2027))).toBe(false);
  });
  it("requires a year in the plan, a known point and a status", () => {
    expect(validateReport({ ...ok, year: "2024" }, 2025, 2027).year).toBe("validation.yearInPlan");
    expect(validateReport({ ...ok, point: "q1" }, 2025, 2027).point).toBe("validation.choosePoint");
    expect(validateReport({ ...ok, status: "" }, 2025, 2027).status).toBe("validation.chooseStatus");
  });
  it("requires an explanation when work is delayed or cancelled", () => {
    expect(validateReport({ ...ok, status: "delayed", comment: "   " }, 2025, 2027).comment).toBe("validation.commentRequired");
    expect(validateReport({ ...ok, status: "cancelled", comment: "Ersatt av nytt uppdrag." }, 2025, 2027)).toEqual({});
    expect(validateReport({ ...ok, comment: "x".repeat(4001) }, 2025, 2027).comment).toBe("validation.tooLong");
  });
});

describe("search", () => {
  const data = {
    goals: [{ id: 1, plan_id: 1, key: "g1", text: "God och jämlik hälsa", description: null, perspective_id: null }],
    activities: [{ id: 2, name: "Införande av Stegvis vård", description: "Psykiatrisk öppenvård", key: "psykiatri-05" } as never],
    measures: [{ id: 3, name: "Väntetid till besök", description: null, number: "12", key: "sm-12", source: null } as never],
  };
  it("finds by every word, case-insensitively, with å ä ö", () => {
    expect(search("stegvis VÅRD", data).map((h) => h.id)).toEqual([2]);
    expect(search("jämlik", data).map((h) => `${h.kind}${h.id}`)).toEqual(["goal1"]);
    expect(search("öppenvård", data).map((h) => h.id)).toEqual([2]);
    expect(search("väntetid besök", data).map((h) => h.kind)).toEqual(["measure"]);
    expect(search("stegvis kirurgi", data)).toEqual([]);
    expect(search("   ", data)).toEqual([]);
    // Keys are found but never shown as the text under a hit.
    expect(search("sm-12", data).map((h) => [h.id, h.snippet])).toEqual([[3, null]]);
  });
});

describe("measure series", () => {
  const target = (over: Partial<Target>): Target => ({ id: 0, measure_id: 1, kind: "target", year: null, point: null, sex: null, value: null, qualitative: null, text: null, ...over });
  const outcome = (over: Partial<Outcome>): Outcome => ({ id: 0, measure_id: 1, unit_id: 1, year: 2020, point: "ar", sex: "total", value: 0, status: "final", source: null, note: null, ...over });
  it("puts outcomes, targets and baselines on one time line, sorted", () => {
    const s = buildMeasureSeries(
      [target({ year: 2022, value: 90 }), target({ kind: "baseline", year: 2018, point: "t1", sex: "K", value: 60 }),
        target({ kind: "baseline", value: 55 }), target({ year: 2020, qualitative: "increase" })],
      [outcome({ year: 2020, sex: "K", value: 70 }), outcome({ year: 2020, sex: "M", value: 64, status: "preliminary" })],
    );
    expect(s.rows.map((r) => `${r.period.year}${r.period.point}`)).toEqual(["2018t1", "2020ar", "2022ar"]);
    expect(s.rows[0].baseline.K).toBe(60);
    expect(s.rows[1].outcome).toEqual({ K: 70, M: 64 });
    expect(s.rows[1].preliminary).toBe(true);
    expect(targetFor(s.rows[2], "K")).toBe(90);
    expect(genderGap(s.rows[1])).toBe(6);
    expect(genderGap(s.rows[2])).toBeUndefined();
    expect(s.undatedBaseline).toEqual([{ value: 55, sex: "all" }]);
    expect(s.qualitativeTargets).toEqual([{ year: 2020, text: "increase" }]);
    expect(s.sexes).toEqual(["K", "M"]);
  });
  it("counts an outcome without sex as the total and leaves age and municipality breakdowns out", () => {
    const s = buildMeasureSeries([], [outcome({ sex: null, value: 5 }), outcome({ sex: "K", value: 9, municipality: "Luleå" })]);
    expect(s.rows.map((r) => r.outcome)).toEqual([{ total: 5 }]);
  });
  it("shows nothing when there is nothing: no invented values", () => {
    const s = buildMeasureSeries([], []);
    expect(s.rows).toEqual([]);
    expect(s.sexes).toEqual([]);
  });
});

describe("outcome and goal assessment validation", () => {
  const parse = (s: string) => (/^-?\d+([.,]\d+)?$/.test(s) ? Number(s.replace(",", ".")) : null);
  const base = { unit_id: "2", year: "2020", point: "ar", K: "", M: "", total: "", status: "preliminary", source: "", note: "" };
  it("takes K and M values with decimal commas", async () => {
    const { validateOutcome } = await import("../src/lib/validation");
    const r = validateOutcome({ ...base, K: "81,5", M: "77" }, ["ar"], 2020, 2022, parse);
    expect(r.errors).toEqual({});
    expect(r.values).toEqual({ K: 81.5, M: 77 });
  });
  it("requires at least one value, and numbers only", async () => {
    const { validateOutcome } = await import("../src/lib/validation");
    expect(validateOutcome(base, ["ar"], 2020, 2022, parse).errors).toEqual({ total: "validation.oneValue" });
    expect(validateOutcome({ ...base, K: "åttio" }, ["ar"], 2020, 2022, parse).errors).toEqual({ K: "validation.number" });
    expect(validateOutcome({ ...base, total: "5", point: "da04", year: "2019" }, ["ar"], 2020, 2022, parse).errors)
      .toEqual({ point: "validation.choosePoint", year: "validation.yearInPlan" });
  });
  it("asks for an analysis when a goal is not fully met", async () => {
    const { validateAssessment } = await import("../src/lib/validation");
    const a = { unit_id: "2", year: "2025", point: "da04", status: "not_met", analysis: "" };
    expect(validateAssessment(a, 2025, 2027)).toEqual({ analysis: "validation.analysisRequired" });
    expect(validateAssessment({ ...a, status: "met" }, 2025, 2027)).toEqual({});
    expect(validateAssessment({ ...a, status: "" }, 2025, 2027).status).toBe("validation.chooseAssessment");
  });
});

describe("field errors as every form shows them", () => {
  it("takes a check's bare keys and keyed errors with values alike, and drops empty entries", () => {
    expect(asErrors({ name: "validation.required", amount: { key: "money.decimals", values: { max: 3 } } }))
      .toEqual({ name: { key: "validation.required" }, amount: { key: "money.decimals", values: { max: 3 } } });
    expect(asErrors({ name: "" } as Record<string, string>)).toEqual({});
  });
});
