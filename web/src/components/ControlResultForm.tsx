import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useReportControl } from "../api/riskHooks";
import type { ControlPoint, ControlResult } from "../api/riskTypes";
import type { ReportingPoint } from "../api/types";
import { ChoiceGroup, Field } from "./Field";
import { FormActions, FormErrors, useFormFeedback, type Errors } from "./FormFeedback";

// Reporting a control point's result for one reporting point of the year: done or not,
// deviation or not, a comment, and for a deviation the action taken (owner and date),
// which is then followed until closed. A result that exists is changed (after the period
// has closed that is a correction, kept with its trace: docs/risk.md).
export function ControlResultForm({ orgKey, point, year, results, username, onDone, onCancel, onDirty }: {
  orgKey: string; point: ControlPoint; year: number; results: ControlResult[]; username: string;
  onDone: (text: string) => void; onCancel: () => void; onDirty: (dirty: boolean) => void;
}) {
  const { t } = useTranslation();
  const save = useReportControl(orgKey, year);
  const points = (point.reporting_points && point.reporting_points.length > 0 ? point.reporting_points : ["da04", "da08", "ar"]) as ReportingPoint[];
  const [when, setWhen] = useState<ReportingPoint | "">(points.length === 1 ? points[0] : "");
  const existing = results.find((r) => r.control_point_id === point.id && r.point === when);
  const [performed, setPerformed] = useState<"" | "done" | "not_done">("");
  const [outcome, setOutcome] = useState<"" | "no_deviation" | "deviation">("");
  const [comment, setComment] = useState("");
  const [action, setAction] = useState("");
  const [responsible, setResponsible] = useState("");
  const [due, setDue] = useState("");
  const fb = useFormFeedback();
  const prefix = `cr-${point.id}`;
  // Choosing a reporting point that has a result shows what it holds.
  useEffect(() => {
    setPerformed(existing?.performed ?? "");
    setOutcome(existing?.outcome ?? "");
    setComment(existing?.comment ?? "");
  }, [existing?.id]); // eslint-disable-line react-hooks/exhaustive-deps
  const dirty = performed !== (existing?.performed ?? "") || comment !== (existing?.comment ?? "") || action !== "";
  useEffect(() => onDirty(dirty), [dirty, onDirty]);
  // Closed (saved or cancelled): nothing of it is left unsaved.
  useEffect(() => () => onDirty(false), [onDirty]);

  const labels = {
    point: t("control.point"), performed: t("control.performed.done"), outcome: t("control.outcome.deviation"),
    action: t("control.deviationAction"), responsible: t("control.responsible"),
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: Errors = {};
    if (!when) found.point = { key: "control.choosePoint" };
    if (!performed) found.performed = { key: "control.choosePerformed" };
    if (performed === "done" && !outcome) found.outcome = { key: "control.chooseOutcome" };
    if (performed === "done" && outcome === "deviation") {
      if (!action.trim()) found.action = { key: "control.needAction" };
      if (!responsible.trim()) found.responsible = { key: "control.needResponsible" };
    }
    fb.clear();
    if (!fb.check(found)) return;
    const deviation = performed === "done" && outcome === "deviation" && action.trim()
      ? { description: action.trim(), responsible: responsible.trim(), due_date: due || null } : undefined;
    void fb.run(async () => {
      const saved = await save.mutateAsync({
        existing,
        result: {
          control_point_id: point.id, year, point: when as ReportingPoint, performed: performed as "done" | "not_done",
          outcome: performed === "done" ? (outcome as "no_deviation" | "deviation") : null, comment: comment.trim() || null, reported_by: username,
        },
        deviation,
      });
      onDone(t("control.saved", {
        step: point.control_step, point: t(`pointShort.${saved.point}`), year: saved.year,
        performed: t(`control.performed.${saved.performed}`).toLowerCase(),
        outcome: saved.outcome ? `, ${t(`control.outcome.${saved.outcome}`).toLowerCase()}` : "",
      }));
    });
  };

  return (
    <form className="form form--panel" onSubmit={submit} noValidate aria-labelledby={`${prefix}-title`}>
      <h3 id={`${prefix}-title`}>{t("control.reportTitle", { step: point.control_step })}</h3>
      <FormErrors fb={fb} prefix={prefix} labels={labels} />
      <Field id={`${prefix}-point`} label={t("control.point")} required {...fb.field("point")}>
        {(p) => (
          <select {...p} value={when} onChange={(e) => setWhen(e.target.value as ReportingPoint)}>
            <option value="">{t("control.choosePoint")}</option>
            {points.map((x) => <option key={x} value={x}>{t(`pointShort.${x}`)} {year}</option>)}
          </select>
        )}
      </Field>
      {existing && <p className="state state--info">{t("control.exists")}</p>}
      <ChoiceGroup id={`${prefix}-performed`} legend={t("control.results")} required {...fb.field("performed")}>
        {(["done", "not_done"] as const).map((v) => (
          <label key={v}><input type="radio" name={`${prefix}-performed`} checked={performed === v} onChange={() => setPerformed(v)} /> {t(`control.performed.${v}`)}</label>
        ))}
      </ChoiceGroup>
      {performed === "done" && (
        <ChoiceGroup id={`${prefix}-outcome`} legend={`${t("control.outcome.deviation")}?`} required {...fb.field("outcome")}>
          {(["no_deviation", "deviation"] as const).map((v) => (
            <label key={v}><input type="radio" name={`${prefix}-outcome`} checked={outcome === v} onChange={() => setOutcome(v)} /> {t(`control.outcome.${v}`)}</label>
          ))}
        </ChoiceGroup>
      )}
      <Field id={`${prefix}-comment`} label={t("control.comment")}>
        {(p) => <textarea {...p} rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />}
      </Field>
      {performed === "done" && outcome === "deviation" && (
        <>
          <Field id={`${prefix}-action`} label={t("control.deviationAction")} hint={t("control.deviationActionHint")} required {...fb.field("action")}>
            {(p) => <textarea {...p} rows={2} value={action} onChange={(e) => setAction(e.target.value)} />}
          </Field>
          <Field id={`${prefix}-responsible`} label={t("control.responsible")} required {...fb.field("responsible")}>
            {(p) => <input {...p} value={responsible} onChange={(e) => setResponsible(e.target.value)} />}
          </Field>
          <Field id={`${prefix}-due`} label={t("control.due")}>
            {(p) => <input {...p} type="date" value={due} onChange={(e) => setDue(e.target.value)} />}
          </Field>
        </>
      )}
      <FormActions busy={fb.busy} dirty={dirty} label={t("control.save")}>
        <button type="button" className="button button--secondary" onClick={onCancel}>{t("control.cancel")}</button>
      </FormActions>
    </form>
  );
}
