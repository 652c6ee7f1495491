import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, isUnavailable } from "../api/client";
import { useGoalAssessments, useSaveGoalAssessment } from "../api/hooks";
import type { AssessmentStatus, Goal, ReportingPoint, Unit } from "../api/types";
import { comparePeriods } from "../lib/format";
import { assessmentStatuses, hasErrors, validateAssessment, type AssessmentInput, type FieldErrors } from "../lib/validation";
import { Field } from "./Field";
import { Confirmation, FormActions } from "./FormFeedback";
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
  const [errors, setErrors] = useState<FieldErrors>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [confirmation, setConfirmation] = useState<string | null>(null);
  const summary = useRef<HTMLDivElement>(null);
  const existing = list.data?.find((a) => String(a.unit_id) === input.unit_id && String(a.year) === input.year && a.point === input.point);

  useEffect(() => {
    if (!list.data) return;
    const loaded = { ...input, status: existing?.status ?? "", analysis: existing?.analysis ?? "" };
    setInput(loaded);
    setSaved(loaded);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [input.unit_id, input.year, input.point, list.data]);
  const dirty = saved !== null && (input.status !== saved.status || input.analysis !== saved.analysis);
  useUnsavedChanges(dirty && !save.isPending);

  if (list.isPending) return <Loading />;
  if (list.error) {
    return isUnavailable(list.error)
      ? <p className="state state--info">{t("state.unavailable", { what: t("assessment.what") })}</p>
      : <ErrorState error={list.error} />;
  }
  const change = (field: keyof AssessmentInput, value: string) => {
    const next = { ...input, [field]: value };
    setInput(next);
    setConfirmation(null);
    if (hasErrors(errors)) setErrors(validateAssessment(next, firstYear, lastYear));
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setServerError(null);
    setConfirmation(null);
    const found = validateAssessment(input, firstYear, lastYear);
    setErrors(found);
    if (hasErrors(found)) {
      requestAnimationFrame(() => summary.current?.focus());
      return;
    }
    try {
      await save.mutateAsync({
        id: existing?.id, row_version: existing?.row_version, goal_id: goal.id, unit_id: Number(input.unit_id), year: Number(input.year),
        point: input.point as ReportingPoint, status: input.status as AssessmentStatus, analysis: input.analysis.trim() || null,
      });
      setSaved(input);
      setConfirmation(t("assessment.saved", { point: t(`point.${input.point}`), year: input.year }));
    } catch (err) {
      setServerError(err instanceof ApiError ? err.message : t("error.unknown"));
      requestAnimationFrame(() => summary.current?.focus());
    }
  };
  const years = Array.from({ length: lastYear - firstYear + 1 }, (_, i) => String(firstYear + i));
  const errorList = Object.entries(errors);
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const history = [...(list.data ?? [])].sort((a, b) => -comparePeriods(a, b));

  return (
    <>
      <form onSubmit={submit} noValidate className="form panel no-print" aria-labelledby="assessment-heading">
        <h2 id="assessment-heading">{t("assessment.title")}</h2>
        <div ref={summary} tabIndex={-1}>
          {errorList.length > 0 && (
            <div className="alert alert--error" role="alert">
              <p><strong>{t("form.fixErrors", { count: errorList.length })}</strong></p>
              <ul>{errorList.map(([f, m]) => <li key={f}><a href={`#assessment-${f}`}>{t(`assessment.${f}`)}: {t(m)}</a></li>)}</ul>
            </div>
          )}
          {serverError && <div className="alert alert--error" role="alert"><strong>{t("form.notSaved")}</strong> {serverError}</div>}
        </div>
        <div className="field-row">
          <div className="field">
            <UnitPicker id="assessment-unit_id" units={units} value={input.unit_id} allowAll={false} error={errors.unit_id}
              label={t("assessment.unit_id")} onChange={(v) => change("unit_id", v)} />
          </div>
          <Field id="assessment-year" label={t("assessment.year")} error={errors.year}>
            {(p) => <select {...p} value={input.year} onChange={(e) => change("year", e.target.value)}>
              {years.map((y) => <option key={y} value={y}>{y}</option>)}
            </select>}
          </Field>
          <Field id="assessment-point" label={t("assessment.point")} error={errors.point}>
            {(p) => <select {...p} value={input.point} onChange={(e) => change("point", e.target.value)}>
              {formPoints.map((pt) => <option key={pt} value={pt}>{t(`point.${pt}`)}</option>)}
            </select>}
          </Field>
        </div>
        <fieldset className={`field${errors.status ? " field--error" : ""}`} aria-describedby={errors.status ? "assessment-status-error" : undefined}>
          <legend>{t("assessment.status")} <span className="required">({t("form.required")})</span></legend>
          {errors.status && <p className="field__error" id="assessment-status-error"><span aria-hidden="true">⚠ </span>{t(errors.status)}</p>}
          <div className="radio-group">
            {assessmentStatuses.map((s, i) => (
              <label key={s} className={`radio badge--${tones[s]}`}>
                <input type="radio" name="assessment-status" value={s} id={i === 0 ? "assessment-status" : undefined}
                  checked={input.status === s} onChange={() => change("status", s)} />
                <span aria-hidden="true" className="badge__icon">{icons[s]}</span> {t(`assessmentStatus.${s}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <Field id="assessment-analysis" label={t("assessment.analysis")} hint={t("assessment.analysisHint")} error={errors.analysis}>
          {(p) => <textarea {...p} rows={4} value={input.analysis} onChange={(e) => change("analysis", e.target.value)} />}
        </Field>
        <FormActions busy={save.isPending} dirty={dirty} label={t("assessment.save")} />
        <Confirmation text={confirmation} />
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
