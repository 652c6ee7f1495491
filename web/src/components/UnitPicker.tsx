import { useTranslation } from "react-i18next";
import type { Unit } from "../api/types";
import { buildUnitTree, flattenTree } from "../lib/orgTree";

// Choosing a unit shows everything for that unit and the units below it. A native
// <select> with indentation: keyboard and screen reader friendly without extra code.
export function UnitPicker({ units, value, onChange, id = "unit-picker", allowAll = true, label, error }: {
  units: Unit[]; value: string; onChange: (value: string) => void; id?: string; allowAll?: boolean; label?: string;
  error?: string;  // an i18n key
}) {
  const { t } = useTranslation();
  const nodes = flattenTree(buildUnitTree(units));
  return (
    <div className={`field field--inline${error ? " field--error" : ""}`}>
      <label htmlFor={id}>{label ?? t("unit.pick")}</label>
      {error && <p className="field__error" id={`${id}-error`}><span aria-hidden="true">⚠ </span>{t(error)}</p>}
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}>
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
