import { describe, expect, it } from "vitest";
import type { CompletenessUnit, Counts } from "../src/api/reportingRoundTypes";
import { PARTS } from "../src/api/reportingRoundTypes";
import { levelOf, missingParts } from "../src/lib/completeness";

const counts = (done: number, required: number): Counts =>
  ({ done, required, percent: required === 0 ? null : Math.floor((done * 100) / required) });

describe("completeness cells", () => {
  it("says nothing to report apart from 0 %", () => {
    expect(levelOf(counts(0, 0))).toBe("none");
    expect(levelOf(counts(0, 5))).toBe("0");
  });
  it("steps with the per cent and is full only when everything is done", () => {
    expect(levelOf(counts(1, 12))).toBe("1");
    expect(levelOf(counts(3, 5))).toBe("2");
    expect(levelOf(counts(4, 5))).toBe("3");
    expect(levelOf(counts(199, 200))).toBe("3");  // 99 %: not the colour of complete
    expect(levelOf(counts(5, 5))).toBe("4");
  });
  it("lists the parts where something is missing, in heat-map order", () => {
    const u = {
      parts: { activities: counts(1, 2), measures: counts(0, 0), assessments: counts(3, 3), report: counts(0, 1) },
    } as unknown as CompletenessUnit;
    expect(missingParts(u, PARTS)).toEqual(["activities", "report"]);
  });
});
