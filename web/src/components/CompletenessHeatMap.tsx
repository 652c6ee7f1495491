import { useTranslation } from "react-i18next";
import type { Completeness, CompletenessUnit, Counts, PartName } from "../api/reportingRoundTypes";
import { levelOf } from "../lib/completeness";

export interface CellChoice { unit: number; part: PartName }

// Units × parts as a table. Each cell writes its value ("3 av 5 (60 %)" or "inget att
// rapportera"); the colour repeats the per cent. A cell where something is missing is a
// button that opens the list of what is missing: reachable by keyboard, its state
// (aria-pressed) announced.
export function CompletenessHeatMap({ data, selected, onSelect }: {
  data: Completeness; selected: CellChoice | null; onSelect: (cell: CellChoice) => void;
}) {
  const { t } = useTranslation();
  const text = (c: Counts) => c.percent === null ? t("round.nothing")
    : t("round.cell", { done: c.done, required: c.required, percent: c.percent });
  const note = (u: CompletenessUnit) => u.membership === "removed" ? t("round.removed", { date: u.valid_to })
    : u.membership === "added" ? t("round.added", { date: u.valid_from }) : null;
  return (
    <div className="table-scroll">
      <table className="completeness-map">
        <caption>{t("round.heatCaption", { point: t(`point.${data.period.point}`), year: data.period.year })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("round.unitColumn")}</th>
            {data.parts.map((p) => <th scope="col" key={p}>{t(`round.part.${p}`)}</th>)}
            <th scope="col">{t("round.part.overall")}</th>
          </tr>
        </thead>
        <tbody>
          {data.units.map((u) => (
            <tr key={u.id} data-unit={u.key}>
              <th scope="row" style={{ paddingLeft: `${0.4 + u.depth * 1}rem` }}>
                {u.name}
                {note(u) && <span className="completeness-map__note"> ({note(u)})</span>}
              </th>
              {data.parts.map((p) => {
                const c = u.parts[p];
                const missing = c.required > c.done;
                const isSelected = selected?.unit === u.id && selected.part === p;
                const value = p === "report" && c.required > 0
                  ? `${t(`round.state.${u.report_state}`)}`
                  : text(c);
                return (
                  <td key={p} className={`completeness-map__cell completeness-map__cell--${levelOf(c)}${isSelected ? " completeness-map__cell--selected" : ""}`}
                    data-part={p} data-percent={c.percent ?? ""}>
                    {missing ? (
                      <button type="button" aria-pressed={isSelected}
                        aria-label={`${u.name}, ${t(`round.part.${p}`)}: ${value}`}
                        onClick={() => onSelect({ unit: u.id, part: p })}>{value}</button>
                    ) : <span>{value}</span>}
                  </td>
                );
              })}
              <td className={`completeness-map__cell completeness-map__cell--${levelOf(u.overall)}`} data-part="overall">
                <span>{text(u.overall)}</span>
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t("round.totals")}</th>
            {data.parts.map((p) => (
              <td key={p} className={`completeness-map__cell completeness-map__cell--${levelOf(data.totals[p])}`}>{text(data.totals[p])}</td>
            ))}
            <td className={`completeness-map__cell completeness-map__cell--${levelOf(data.totals.overall)}`}>{text(data.totals.overall)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
