import { describe, expect, it } from "vitest";
import type { Outcome } from "../src/api/types";
import { outcomeBatch, type OutcomeBase } from "../src/lib/outcomeBatch";

const base: OutcomeBase = { measure_id: 5, unit_id: 9, year: 2020, point: "da04", status: "preliminary", source: null, note: null };
const stored = (over: Partial<Outcome>): Outcome => ({ id: 1, ...base, sex: "K", value: 1, ...over });

describe("the outcomes of one form as one batch", () => {
  it("creates what is new and replaces, by id, what is stored for the same unit, period and sex", () => {
    const existing = [
      stored({ id: 11, sex: "K" }),
      stored({ id: 12, sex: "M", unit_id: 10 }),          // another unit
      stored({ id: 13, sex: null }),                      // no sex: the total
      stored({ id: 14, sex: "M", age_group: "65+" }),     // a breakdown, not this value
    ];
    const { outcomes } = outcomeBatch(existing, base, { K: 81.5, M: 70, total: 75 });
    expect(outcomes).toEqual([
      { id: 11, ...base, sex: "K", value: 81.5 },
      { ...base, sex: "M", value: 70 },
      { id: 13, ...base, sex: "total", value: 75 },
    ]);
  });
  it("sends only the values given", () => {
    expect(outcomeBatch([], base, { M: 3 }).outcomes).toEqual([{ ...base, sex: "M", value: 3 }]);
  });
});
