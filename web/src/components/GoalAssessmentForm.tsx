import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { isUnavailable } from "../api/client";
import { useGoalAssessments, useSaveGoalAssessment } from "../api/hooks";
import type { AssessmentStatus, Goal, ReportingPoint, Unit } from "../api/types";
import { comparePeriods } from "../lib/format";
import { assessmentStatuses, validateAssessment, type AssessmentInput } from "../lib/validation";
import { ChoiceGroup, Field } from "./Field";
import { Confirmation, FormActions, FormErrors, useFormFeedback } from "./FormFeedback";
import { ErrorState, Loading } from "./States";
import { UnitPicker } from "./UnitPicker";
import { useUnsavedChanges } from "./useUnsavedChanges";

const formPoints: ReportingPoint[] = ["da04", "da08", "ar"];
const icons: Record<AssessmentStatus, string> = { met: "✓", partly_met: "◐", not_met: "✕", no_status: "?" };
const tones: Record<AssessmentStatus, string> = { met: "good", partly_met: "warn", not_met: "bad", no_status: "neutral" };

// A unit's assessment of how far a strategic goal is met at a reporting point.
export function GoalAssessmentForm({ goal, units, orgKey, firstYear, lastYear, defaultUnit }: {
  goal: Goal; units: Unit[]; orgKey: string; firstYear: number; lastYear: number; defaultUnit: number;
}) {
  const { t } = useTranslation();
  const list = useGoalAssessments(orgKey, goal.id);
  const save = useSaveGoalAssessment(orgKey);
  const start = String(Math.min(lastYear, Math.max(firstYear, new Date().getFullYear())));
  const [input, setInput] = useState<AssessmentInput>({ unit_id: String(defaultUnit), year: start, point: "da04", status: "", analysis: "" });
  const [saved, setSaved] = useState<AssessmentInput | null>(null);
  const fb = useFormFeedback();
  const existing = list.data?.find((a) => String(a.unit_id) === input.unit_id && String(a.year) === input.year && a.point === input.point);

  useEffect(() => {
    if (!list.data) return;
    const loaded = { ...input, status: existing?.status ?? "", analysis: existing?.analysis ?? "" };
    setInput(loaded);
    setSaved(loaded);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [input.unit_id, input.year, input.point, list.data]);
  const dirty = saved !== null && (input.status !== saved.status || input.analysis !== saved.analysis);
  useUnsavedChanges(dirty && !fb.busy);

  if (list.isPending) return <Loading />;
  if (list.error) {
    return isUnavailable(list.error)
      ? <p className="state state--info">{t("state.unavailable", { what: t("assessment.what") })}</p>
      : <ErrorState error={list.error} />;
  }
  const change = (field: keyof AssessmentInput, value: string) => {
    const next = { ...input, [field]: value };
    setInput(next);
    fb.setConfirmation(null);
    if (fb.hasErrors) fb.setErrors(validateAssessment(next, firstYear, lastYear));
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    fb.clear();
    if (!fb.check(validateAssessment(input, firstYear, lastYear))) return;
    await fb.run(async () => {
      await save.mutateAsync({
        id: existing?.id, row_version: existing?.row_version, goal_id: goal.id, unit_id: Number(input.unit_id), year: Number(input.year),
        point: input.point as ReportingPoint, status: input.status as AssessmentStatus, analysis: input.analysis.trim() || null,
      });
      setSaved(input);
      return t("assessment.saved", { point: t(`point.${input.point}`), year: input.year });
    });
  };
  const years = Array.from({ length: lastYear - firstYear + 1 }, (_, i) => String(firstYear + i));
  const labels = Object.fromEntries(["unit_id", "year", "point", "status", "analysis"].map((f) => [f, t(`assessment.${f}`)]));
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const history = [...(list.data ?? [])].sort((a, b) => -comparePeriods(a, b));

  return (
    <>
      <form onSubmit={submit} noValidate className="form panel no-print" aria-labelledby="assessment-heading">
        <h2 id="assessment-heading">{t("assessment.title")}</h2>
        <FormErrors fb={fb} prefix="assessment" labels={labels} name={goal.text} />
        <div className="field-row">
          <div className="field">
            <UnitPicker id="assessment-unit_id" units={units} value={input.unit_id} allowAll={false} error={fb.errors.unit_id?.key}
              label={t("assessment.unit_id")} onChange={(v) => change("unit_id", v)} />
          </div>
          <Field id="assessment-year" label={t("assessment.year")} {...fb.field("year")}>
            {(p) => <select {...p} value={input.year} onChange={(e) => change("year", e.target.value)}>
              {years.map((y) => <option key={y} value={y}>{y}</option>)}
            </select>}
          </Field>
          <Field id="assessment-point" label={t("assessment.point")} {...fb.field("point")}>
            {(p) => <select {...p} value={input.point} onChange={(e) => change("point", e.target.value)}>
              {formPoints.map((pt) => <option key={pt} value={pt}>{t(`point.${pt}`)}</option>)}
            </select>}
          </Field>
        </div>
        <ChoiceGroup id="assessment-status" legend={t("assessment.status")} required {...fb.field("status")}>
          <div className="radio-group">
            {assessmentStatuses.map((s) => (
              <label key={s} className={`radio badge--${tones[s]}`}>
                <input type="radio" name="assessment-status" value={s}
                  checked={input.status === s} onChange={() => change("status", s)} />
                <span aria-hidden="true" className="badge__icon">{icons[s]}</span> {t(`assessmentStatus.${s}`)}
              </label>
            ))}
          </div>
        </ChoiceGroup>
        <Field id="assessment-analysis" label={t("assessment.analysis")} hint={t("assessment.analysisHint")} {...fb.field("analysis")}>
          {(p) => <textarea {...p} rows={4} value={input.analysis} onChange={(e) => change("analysis", e.target.value)} />}
        </Field>
        <FormActions busy={fb.busy} dirty={dirty} label={t("assessment.save")} />
        <Confirmation text={fb.confirmation} />
      </form>
      <h3>{t("assessment.history")}</h3>
      {history.length === 0 ? <p className="muted">{t("assessment.none")}</p> : (
        <table className="table">
          <thead><tr><th scope="col">{t("followUp.period")}</th><th scope="col">{t("assessment.unit_id")}</th><th scope="col">{t("assessment.status")}</th><th scope="col">{t("assessment.analysis")}</th></tr></thead>
          <tbody>
            {history.map((a) => (
              <tr key={a.id}>
                <td>{t(`point.${a.point}`)} {a.year}</td>
                <td>{unitName.get(a.unit_id) ?? a.unit_id}</td>
                <td><span className={`badge badge--${tones[a.status]}`}><span aria-hidden="true" className="badge__icon">{icons[a.status]}</span>{t(`assessmentStatus.${a.status}`)}</span></td>
                <td>{a.analysis ?? "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
