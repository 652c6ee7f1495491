import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useSaveOutcomes } from "../api/hooks";
import type { Measure, Outcome, ReportingPoint, Unit } from "../api/types";
import { parseDecimal } from "../lib/format";
import { validateOutcome, type OutcomeInput } from "../lib/validation";
import { Field } from "./Field";
import { Confirmation, FormActions, FormErrors, useFormFeedback } from "./FormFeedback";
import { UnitPicker } from "./UnitPicker";
import { useUnsavedChanges } from "./useUnsavedChanges";

// Enter outcomes (utfall) for women, men and in total at one unit and reporting point.
export function OutcomeForm({ measure, outcomes, units, orgKey, firstYear, lastYear, defaultUnit }: {
  measure: Measure; outcomes: Outcome[]; units: Unit[]; orgKey: string; firstYear: number; lastYear: number; defaultUnit: number;
}) {
  const { t } = useTranslation();
  // Women and men only where the measure is reported by sex; the server refuses them otherwise.
  const sexes = measure.breakdowns?.includes("sex") ? (["K", "M", "total"] as const) : (["total"] as const);
  const points: ReportingPoint[] = measure.reporting_points && measure.reporting_points.length > 0 ? measure.reporting_points : ["ar"];
  const empty: OutcomeInput = { unit_id: String(defaultUnit), year: String(firstYear), point: points[0], K: "", M: "", total: "", status: "preliminary", source: measure.source ?? "", note: "" };
  const [input, setInput] = useState<OutcomeInput>(empty);
  const fb = useFormFeedback();
  const save = useSaveOutcomes(orgKey, measure.id);
  const dirty = input.K !== "" || input.M !== "" || input.total !== "" || input.note !== "";
  useUnsavedChanges(dirty && !fb.busy);
  const years = Array.from({ length: lastYear - firstYear + 1 }, (_, i) => String(firstYear + i));

  const set = (field: keyof OutcomeInput, value: string) => {
    const next = { ...input, [field]: value };
    setInput(next);
    fb.setConfirmation(null);
    if (fb.hasErrors) fb.setErrors(validateOutcome(next, points, firstYear, lastYear, parseDecimal).errors);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    fb.clear();
    const { errors: found, values } = validateOutcome(input, points, firstYear, lastYear, parseDecimal);
    if (!fb.check(found)) return;
    await fb.run(async () => {
      await save.mutateAsync({
        existing: outcomes, values,
        base: {
          measure_id: measure.id, unit_id: Number(input.unit_id), year: Number(input.year), point: input.point as ReportingPoint,
          status: input.status as Outcome["status"], source: input.source.trim() || null, note: input.note.trim() || null,
        },
      });
      setInput({ ...input, K: "", M: "", total: "", note: "" });
      return t("outcome.saved", { point: t(`point.${input.point}`), year: input.year });
    });
  };

  const labels = Object.fromEntries(["unit_id", "year", "point", "K", "M", "total", "status", "source", "note"].map((f) => [f, t(`outcome.${f}`)]));
  return (
    <form onSubmit={submit} noValidate className="form panel no-print" aria-labelledby="outcome-heading">
      <h2 id="outcome-heading">{t("outcome.title")}</h2>
      <FormErrors fb={fb} prefix="outcome" labels={labels} name={measure.name} />
      <div className="field-row">
        <div className="field">
          <UnitPicker id="outcome-unit_id" units={units} value={input.unit_id} allowAll={false} error={fb.errors.unit_id?.key}
            label={t("outcome.unit_id")} onChange={(v) => set("unit_id", v)} />
        </div>
        <Field id="outcome-year" label={t("outcome.year")} {...fb.field("year")}>
          {(p) => <select {...p} value={input.year} onChange={(e) => set("year", e.target.value)}>
            {years.map((y) => <option key={y} value={y}>{y}</option>)}
          </select>}
        </Field>
        <Field id="outcome-point" label={t("outcome.point")} {...fb.field("point")}>
          {(p) => <select {...p} value={input.point} onChange={(e) => set("point", e.target.value)}>
            {points.map((pt) => <option key={pt} value={pt}>{t(`point.${pt}`)}</option>)}
          </select>}
        </Field>
      </div>
      <div className="field-row">
        {sexes.map((sex) => (
          <Field key={sex} id={`outcome-${sex}`} label={`${t(`outcome.${sex}`)}${measure.unit ? ` (${measure.unit})` : ""}`} {...fb.field(sex)}>
            {(p) => <input {...p} type="text" inputMode="decimal" className="input--number" value={input[sex]} onChange={(e) => set(sex, e.target.value)} />}
          </Field>
        ))}
      </div>
      <div className="field-row">
        <Field id="outcome-status" label={t("outcome.status")} {...fb.field("status")}>
          {(p) => <select {...p} value={input.status} onChange={(e) => set("status", e.target.value)}>
            <option value="preliminary">{t("outcome.preliminary")}</option>
            <option value="final">{t("outcome.final")}</option>
          </select>}
        </Field>
        <Field id="outcome-source" label={t("outcome.source")}>
          {(p) => <input {...p} type="text" value={input.source} onChange={(e) => set("source", e.target.value)} />}
        </Field>
      </div>
      <Field id="outcome-note" label={t("outcome.note")}>
        {(p) => <textarea {...p} rows={2} value={input.note} onChange={(e) => set("note", e.target.value)} />}
      </Field>
      <FormActions busy={fb.busy} dirty={dirty} label={t("outcome.save")} />
      <Confirmation text={fb.confirmation} />
    </form>
  );
}
