import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { isUnavailable } from "../api/client";
import { useActivityReports, useSaveActivityReport, useUnits } from "../api/hooks";
import { useFollowupReports } from "../api/workflowHooks";
import type { ActivityReport, ActivityStatus, ReportingPoint } from "../api/types";
import { ChoiceGroup, Field } from "../components/Field";
import { Confirmation, FormActions, FormErrors, useFormFeedback } from "../components/FormFeedback";
import { ReportPanel } from "../components/ReportPanel";
import { StatusBadge } from "../components/StatusBadge";
import { ErrorState, Loading } from "../components/States";
import { useTitle } from "../components/Title";
import { useUnsavedChanges } from "../components/useUnsavedChanges";
import { comparePeriods } from "../lib/format";
import { activityStatusLook, activityStatuses } from "../lib/status";
import { maxCommentLength, validateReport, type ReportInput } from "../lib/validation";
import { usePlanPage } from "./usePlanPage";

const formPoints: ReportingPoint[] = ["da04", "da08", "ar"];

function currentYear(first: number, last: number): number {
  const y = new Date().getFullYear();
  return Math.min(last, Math.max(first, y));
}

// Status and comment for an activity at one reporting point (issue 4's activity_report).
export function FollowUpPage() {
  const { t } = useTranslation();
  const { plan, org, orgKey, error, planId, params } = usePlanPage();
  const units = useUnits(orgKey);
  const activityId = Number(params.activityId);
  const reports = useActivityReports(orgKey, activityId);
  const save = useSaveActivityReport(orgKey);
  const activity = plan.data?.activities.find((a) => a.id === activityId);
  useTitle(activity ? `${t("followUp.title")}: ${activity.name}` : t("followUp.title"));

  const [input, setInput] = useState<ReportInput>({ year: "", point: "da04", status: "", comment: "" });
  // The unit's follow-up report of the period: submitted or approved, the follow-up is locked.
  const unitReport = useFollowupReports(orgKey, { unit_id: activity?.owner_unit_id ?? undefined, year: Number(input.year),
    point: input.point as ReportingPoint }, !!activity?.owner_unit_id && !!input.year);
  const lockedBy = unitReport.data?.[0]?.state === "submitted" || unitReport.data?.[0]?.state === "approved" ? unitReport.data[0].state : null;
  const [saved, setSaved] = useState<ReportInput | null>(null);
  const fb = useFormFeedback();

  const existing = (year: string, point: string): ActivityReport | undefined =>
    reports.data?.find((r) => String(r.year) === year && r.point === point);

  // Start on this year's first reporting point, with what has been reported there.
  useEffect(() => {
    if (!plan.data || input.year) return;
    const year = String(currentYear(plan.data.plan.first_year, plan.data.plan.last_year));
    setInput((i) => ({ ...i, year }));
  }, [plan.data, input.year]);
  useEffect(() => {
    if (!input.year || !reports.data) return;
    const r = existing(input.year, input.point);
    const loaded = { year: input.year, point: input.point, status: r?.status ?? "", comment: r?.comment ?? "" };
    setInput(loaded);
    setSaved(loaded);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [input.year, input.point, reports.data]);

  const dirty = saved !== null && (input.status !== saved.status || input.comment !== saved.comment);
  useUnsavedChanges(dirty && !fb.busy);

  if (error) return <ErrorState error={error} />;
  if (!plan.data) return <Loading />;
  if (!activity) return <p className="state">{t("activity.notFound")}</p>;
  const { first_year, last_year } = plan.data.plan;
  const unavailable = reports.error && isUnavailable(reports.error);

  const change = (field: keyof ReportInput, value: string) => {
    if ((field === "year" || field === "point") && dirty && !window.confirm(t("form.unsavedConfirm"))) return;
    const next = { ...input, [field]: value };
    setInput(next);
    fb.setConfirmation(null);
    if (fb.hasErrors) fb.setErrors(validateReport(next, first_year, last_year));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    fb.clear();
    if (!fb.check(validateReport(input, first_year, last_year))) return;
    await fb.run(async () => {
      const r = existing(input.year, input.point);
      await save.mutateAsync({
        id: r?.id, row_version: r?.row_version, activity_id: activityId, year: Number(input.year), point: input.point as ReportingPoint,
        status: input.status as ActivityStatus, comment: input.comment.trim() || null,
      });
      setSaved({ ...input, comment: input.comment });
      return t("followUp.saved", { point: t(`point.${input.point}`), year: input.year });
    });
  };

  const history = [...(reports.data ?? [])].sort((a, b) => -comparePeriods(a, b));
  const years = Array.from({ length: last_year - first_year + 1 }, (_, i) => String(first_year + i));
  const labels = Object.fromEntries(["year", "point", "status", "comment"].map((f) => [f, t(`followUp.${f}`)]));

  return (
    <>
      <nav aria-label={t("nav.breadcrumbs")} className="breadcrumbs">
        <Link to={`/plans/${planId}`}>{plan.data.plan.title}</Link> › <Link to={`/plans/${planId}/activities/${activity.id}`}>{activity.name}</Link>
      </nav>
      <p className="eyebrow">{t("followUp.title")}</p>
      <h1>{activity.name}</h1>
      {reports.isPending && <Loading />}
      {unavailable && <p className="state state--info">{t("state.unavailable", { what: t("followUp.what") })}</p>}
      {reports.error && !unavailable && <ErrorState error={reports.error} />}
      {reports.data && (
        <form onSubmit={submit} noValidate className="form panel" aria-labelledby="report-heading">
          <h2 id="report-heading">{t("followUp.formTitle")}</h2>
          <FormErrors fb={fb} prefix="report" labels={labels} name={activity.name} />
          <div className="field-row">
            <Field id="report-year" label={t("followUp.year")} {...fb.field("year")} required>
              {(p) => <select {...p} value={input.year} onChange={(e) => change("year", e.target.value)}>
                {years.map((y) => <option key={y} value={y}>{y}</option>)}
              </select>}
            </Field>
            <Field id="report-point" label={t("followUp.point")} {...fb.field("point")} required>
              {(p) => <select {...p} value={input.point} onChange={(e) => change("point", e.target.value)}>
                {formPoints.map((pt) => <option key={pt} value={pt}>{t(`point.${pt}`)}</option>)}
              </select>}
            </Field>
          </div>
          <ChoiceGroup id="report-status" legend={t("followUp.status")} required {...fb.field("status")}>
            <div className="radio-group">
              {activityStatuses.map((s) => {
                const look = activityStatusLook(s);
                return (
                  <label key={s} className={`radio badge--${look.tone}`}>
                    <input type="radio" name="status" value={s}
                      checked={input.status === s} onChange={() => change("status", s)} />
                    <span aria-hidden="true" className="badge__icon">{look.icon}</span> {t(look.labelKey)}
                  </label>
                );
              })}
            </div>
          </ChoiceGroup>
          <Field id="report-comment" label={t("followUp.comment")} hint={t("followUp.commentHint", { max: maxCommentLength })} {...fb.field("comment")}>
            {(p) => <textarea {...p} rows={5} value={input.comment} onChange={(e) => change("comment", e.target.value)} />}
          </Field>
          {lockedBy && (
            <p className="state state--info" id="report-locked">
              <span aria-hidden="true">🔒 </span>{t(`reports.locked.${lockedBy}`)}
            </p>
          )}
          <FormActions busy={fb.busy} dirty={dirty} label={t("followUp.save")} disabled={lockedBy !== null}
            describedBy={lockedBy ? "report-locked" : undefined} />
          <Confirmation text={fb.confirmation} />
        </form>
      )}
      {/* The unit's follow-up report of the period: while it is submitted or approved the form above is locked. */}
      {reports.data && orgKey && org.data && units.data && activity.owner_unit_id !== null && input.year && (
        <ReportPanel key={`${activity.owner_unit_id}-${input.year}-${input.point}`} orgKey={orgKey} orgId={org.data.id}
          units={units.data} unitId={activity.owner_unit_id} year={Number(input.year)} point={input.point as ReportingPoint} />
      )}
      {reports.data && (
        <section aria-labelledby="history-heading">
          <h2 id="history-heading">{t("followUp.history")}</h2>
          {history.length === 0 ? <p className="muted">{t("followUp.noHistory")}</p> : (
            <table className="table">
              <thead><tr><th scope="col">{t("followUp.period")}</th><th scope="col">{t("followUp.status")}</th><th scope="col">{t("followUp.comment")}</th></tr></thead>
              <tbody>
                {history.map((r) => (
                  <tr key={r.id}>
                    <td>{t(`point.${r.point}`)} {r.year}</td>
                    <td><StatusBadge kind="activity" status={r.status} /></td>
                    <td>{r.comment ?? "–"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </>
  );
}
