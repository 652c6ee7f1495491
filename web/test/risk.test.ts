import { describe, expect, it } from "vitest";
import { cellOf, countRequiringAction, defaultScale, heatMap, requiresAction, residualValue, riskValue, scaleFrom } from "../src/lib/risk";

const r = (p: number, c: number, rp: number | null = null, rc: number | null = null) =>
  ({ probability: p, consequence: c, residual_probability: rp, residual_consequence: rc });

describe("risk matrix", () => {
  it("values are probability times consequence; the 2020 plan requires action from 9", () => {
    expect(riskValue(4, 4)).toBe(16);
    expect(requiresAction(defaultScale, 8)).toBe(false);
    expect(requiresAction(defaultScale, 9)).toBe(true);
    expect(defaultScale.probabilityLabels[0]).toBe("Osannolik");
  });
  it("takes threshold and labels from the plan's matrix, four labels or the default", () => {
    const s = scaleFrom({ probability_labels: ["a", "b", "c", "d"], consequence_labels: ["x"], action_threshold: 6, below_label: null, at_or_above_label: "Åtgärda" });
    expect(s.actionThreshold).toBe(6);
    expect(s.probabilityLabels[3]).toBe("d");
    expect(s.consequenceLabels[3]).toBe("Allvarlig");
    expect(s.atOrAboveLabel).toBe("Åtgärda");
    expect(requiresAction(s, 6)).toBe(true);
  });
  it("counts each cell before and after actions; without a residual pair a risk stays", () => {
    const risks = [r(4, 3, 2, 2), r(4, 3), r(1, 1)];
    const before = heatMap(risks, "before");
    const after = heatMap(risks, "after");
    expect(before[3][2]).toBe(2);
    expect(after[3][2]).toBe(1);
    expect(after[1][1]).toBe(1);
    expect(before.flat().reduce((a, b) => a + b, 0)).toBe(3);
    expect(countRequiringAction(risks, defaultScale, "before")).toBe(2);
    expect(countRequiringAction(risks, defaultScale, "after")).toBe(1);
    expect(residualValue(r(4, 3, 2, 2))).toBe(4);
    expect(cellOf(r(4, 3, 2, null), "after")).toEqual({ probability: 4, consequence: 3 });
  });
});
