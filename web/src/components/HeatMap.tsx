import { useTranslation } from "react-i18next";
import { STEPS, requiresAction, riskValue, type RiskScale } from "../lib/risk";

export interface CellChoice { probability: number; consequence: number; when: "before" | "after" }

// The 4×4 risk matrix as a table: probability rows (most probable on top) by
// consequence columns. Each cell writes its count and its value, so nothing is said by
// colour alone; the colours (blue below the threshold, orange at and above, from the
// colour-blind-safe Okabe–Ito palette) only repeat it. A cell with risks is a button
// that filters the register to that cell: reachable by keyboard.
export function HeatMap({ counts, scale, when, selected, onSelect, highlight }: {
  counts: number[][]; scale: RiskScale; when: "before" | "after";
  selected?: CellChoice | null; onSelect?: (cell: CellChoice) => void;
  highlight?: { probability: number; consequence: number } | null;
}) {
  const { t } = useTranslation();
  const whenText = t(when === "before" ? "risk.heatBefore" : "risk.heatAfter");
  return (
    <table className="heat-map" data-when={when}>
      <caption>{t("risk.heatCaption", { when: whenText.toLowerCase() })}</caption>
      <thead>
        <tr>
          <td className="heat-map__corner">
            <span className="heat-map__axis">{t("risk.probability")} ↓ / {t("risk.consequence")} →</span>
          </td>
          {STEPS.map((c) => (
            <th scope="col" key={c}>{c} {scale.consequenceLabels[c - 1]}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {[...STEPS].reverse().map((p) => (
          <tr key={p}>
            <th scope="row">{p} {scale.probabilityLabels[p - 1]}</th>
            {STEPS.map((c) => {
              const value = riskValue(p, c);
              const action = requiresAction(scale, value);
              const count = counts[p - 1][c - 1];
              const isSelected = selected?.probability === p && selected?.consequence === c && selected?.when === when;
              const isHighlighted = highlight?.probability === p && highlight?.consequence === c;
              // The cell's whole meaning is its text: the place in the matrix (hidden from
              // sight, the headers show it), the count and the value.
              const content = (
                <>
                  <span className="visually-hidden">
                    {t("risk.cellPlace", { p, pl: scale.probabilityLabels[p - 1], c, cl: scale.consequenceLabels[c - 1] })}{" "}
                  </span>
                  <span className="heat-map__count">{t("risk.cellCount", { count })}</span>{" "}
                  <span className="heat-map__value">{action && <span aria-hidden="true">▲ </span>}{t("risk.value")} {value}</span>
                  {action && <span className="visually-hidden">{t("risk.cellAction")}</span>}
                </>
              );
              return (
                <td key={c} className={`heat-map__cell ${action ? "heat-map__cell--action" : "heat-map__cell--ok"}${isSelected || isHighlighted ? " heat-map__cell--selected" : ""}`}
                  data-probability={p} data-consequence={c} data-count={count}>
                  {onSelect && count > 0 ? (
                    <button type="button" aria-pressed={isSelected}
                      onClick={() => onSelect({ probability: p, consequence: c, when })}>{content}</button>
                  ) : (
                    <span className="heat-map__static">{content}</span>
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
