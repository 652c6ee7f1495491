import { useTranslation } from "react-i18next";
import type { Unit } from "../api/types";
import { buildUnitTree, flattenTree } from "../lib/orgTree";

// Choosing a unit shows everything for that unit and the units below it. A native
// <select> with indentation: keyboard and screen reader friendly without extra code.
export function UnitPicker({ units, value, onChange, id = "unit-picker", allowAll = true, label }: {
  units: Unit[]; value: string; onChange: (value: string) => void; id?: string; allowAll?: boolean; label?: string;
}) {
  const { t } = useTranslation();
  const nodes = flattenTree(buildUnitTree(units));
  return (
    <div className="field field--inline">
      <label htmlFor={id}>{label ?? t("unit.pick")}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {allowAll && <option value="">{t("unit.all")}</option>}
        {!allowAll && <option value="">{t("unit.choose")}</option>}
        {nodes.map((n) => (
          <option key={n.unit.id} value={String(n.unit.id)}>
            {"\u00a0\u00a0".repeat(n.depth) + n.unit.name}
          </option>
        ))}
      </select>
    </div>
  );
}
