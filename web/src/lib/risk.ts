// The risk matrix in the browser, the same rule as src/domain/risk/matrix.cpp: a risk's
// value is probability × consequence (1–4 each, so 1–16); the plan's matrix says from
// which value action is required and what the steps are called; without one the 2020
// plan's matrix applies (docs/risk.md). Pure, so the heat map re-renders from local
// state at once while the workshop saves.

export const STEPS = [1, 2, 3, 4] as const;

export interface RiskScale {
  probabilityLabels: string[];
  consequenceLabels: string[];
  actionThreshold: number;
  belowLabel: string;
  atOrAboveLabel: string;
}

export interface RiskMatrixRecord {
  probability_labels: string[] | null; consequence_labels: string[] | null; action_threshold: number;
  below_label: string | null; at_or_above_label: string | null;
}

export const defaultScale: RiskScale = {
  probabilityLabels: ["Osannolik", "Mindre sannolik", "Möjlig", "Sannolik"],
  consequenceLabels: ["Försumbar", "Lindrig", "Kännbar", "Allvarlig"],
  actionThreshold: 9,
  belowLabel: "Kräver inte särskild åtgärd",
  atOrAboveLabel: "Kräver åtgärder för att minimera risker",
};

export function scaleFrom(matrix: RiskMatrixRecord | undefined | null): RiskScale {
  if (!matrix) return defaultScale;
  const four = (l: string[] | null, d: string[]) => (l && l.length === 4 ? l : d);
  return {
    probabilityLabels: four(matrix.probability_labels, defaultScale.probabilityLabels),
    consequenceLabels: four(matrix.consequence_labels, defaultScale.consequenceLabels),
    actionThreshold: matrix.action_threshold,
    belowLabel: matrix.below_label || defaultScale.belowLabel,
    atOrAboveLabel: matrix.at_or_above_label || defaultScale.atOrAboveLabel,
  };
}

export interface Assessed {
  probability: number; consequence: number;
  residual_probability: number | null; residual_consequence: number | null;
}

export const riskValue = (probability: number, consequence: number) => probability * consequence;
export const requiresAction = (scale: RiskScale, value: number) => value >= scale.actionThreshold;
export const hasResidual = (r: Assessed) => r.residual_probability !== null && r.residual_consequence !== null;

// The cell a risk stands in before or after actions; after = the residual pair when
// assessed, else where it was (no action has been assessed yet).
export function cellOf(r: Assessed, when: "before" | "after"): { probability: number; consequence: number } {
  if (when === "after" && hasResidual(r)) return { probability: r.residual_probability!, consequence: r.residual_consequence! };
  return { probability: r.probability, consequence: r.consequence };
}

export function residualValue(r: Assessed): number {
  const c = cellOf(r, "after");
  return riskValue(c.probability, c.consequence);
}

// counts[probability - 1][consequence - 1]
export function heatMap(risks: Assessed[], when: "before" | "after"): number[][] {
  const counts = STEPS.map(() => STEPS.map(() => 0));
  for (const r of risks) {
    const c = cellOf(r, when);
    if (c.probability >= 1 && c.probability <= 4 && c.consequence >= 1 && c.consequence <= 4) counts[c.probability - 1][c.consequence - 1] += 1;
  }
  return counts;
}

export function countRequiringAction(risks: Assessed[], scale: RiskScale, when: "before" | "after"): number {
  return risks.filter((r) => {
    const c = cellOf(r, when);
    return requiresAction(scale, riskValue(c.probability, c.consequence));
  }).length;
}
