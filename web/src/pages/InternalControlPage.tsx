import { Fragment, useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { useMe } from "../api/auth";
import { useOrganisation, useUnits } from "../api/hooks";
import { useControlFollowUp, useRisks } from "../api/riskHooks";
import type { ControlPoint, ControlResult } from "../api/riskTypes";
import { ControlResultForm } from "../components/ControlResultForm";
import { ScrollTable } from "../components/EconomyParts";
import { Confirmation, useDirtyForms } from "../components/FormFeedback";
import { ExampleNote, ExampleTag, RiskHeader } from "../components/RiskParts";
import { ErrorState, Loading, Unavailable } from "../components/States";
import { useTitle } from "../components/Title";
import { useUnsavedChanges } from "../components/useUnsavedChanges";
import { holdsRole } from "../lib/permissions";
import { usePlanPage } from "./usePlanPage";

// The year's chosen internal control plan (?year=), or the latest.
export function useControlYear(years: number[]) {
  const [search, setSearch] = useSearchParams();
  const asked = Number(search.get("year"));
  const year = years.includes(asked) ? asked : years[years.length - 1];
  const choose = (y: number) => { const next = new URLSearchParams(search); next.set("year", String(y)); setSearch(next, { replace: true }); };
  return { year, choose };
}

export function resultText(t: (k: string) => string, r: ControlResult | undefined): string {
  if (!r) return t("control.notReported");
  return t(`control.performed.${r.performed}`) + (r.outcome ? `, ${t(`control.outcome.${r.outcome}`).toLowerCase()}` : "");
}

// The internal control plan as a table: each control point with what it checks, how,
// how often, by whom and to whom, and its results per reporting point of the year; the
// person named as reporting it (or a reporter of its unit) reports a result here.
export function InternalControlPage() {
  const { t } = useTranslation();
  const { plan, orgKey, error, planId } = usePlanPage();
  const data = useRisks(orgKey, planId);
  const units = useUnits(orgKey);
  const org = useOrganisation();
  const me = useMe();
  const years = [...new Set((data.data?.controlPlans ?? []).map((p) => p.year))].sort();
  const { year, choose } = useControlYear(years);
  const followUp = useControlFollowUp(orgKey, year);
  const [open, setOpen] = useState<number | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const forms = useDirtyForms();
  useUnsavedChanges(forms.any);
  const setFormDirty = useCallback((d: boolean) => forms.setDirty("result", d), [forms.setDirty]);
  useTitle(t("control.title"));

  if (error) return <ErrorState error={error} />;
  if (data.error) return <Unavailable error={data.error} what={t("control.title")} />;
  if (!plan.data || !data.data || !orgKey) return <Loading />;
  const controlPlans = data.data.controlPlans.filter((p) => p.year === year);
  const planIds = new Set(controlPlans.map((p) => p.id));
  const points = data.data.controlPoints.filter((p) => planIds.has(p.internal_control_plan_id));
  const results = followUp.data?.results ?? [];
  const unitName = (id: number | null) => (units.data ?? []).find((u) => u.id === id)?.name ?? "";
  const riskTitle = (id: number | null) => data.data!.risks.find((r) => r.id === id)?.title ?? "";
  const mayReport = (p: ControlPoint) => {
    if (!me.data || !org.data) return false;
    if (p.performer_user && p.performer_user === me.data.user.username) return true;
    const unit = p.unit_id ?? plan.data!.plan.owner_unit_id;
    return ["reporter", "planner"].some((role) => holdsRole(me.data, org.data!.id, role, unit, units.data ?? []));
  };
  const close = (id: number) => { setOpen(null); requestAnimationFrame(() => document.getElementById(`report-${id}`)?.focus()); };

  return (
    <>
      <RiskHeader planTitle={plan.data.plan.title} title={t("control.title")} orgKey={orgKey} planId={planId} />
      <p>{t("control.lead")}</p>
      {years.length === 0 ? <p className="state">{t("control.none")}</p> : (
        <>
          <div className="toolbar no-print">
            <div className="field field--inline">
              <label htmlFor="control-year">{t("control.year")}</label>
              <select id="control-year" value={year} onChange={(e) => choose(Number(e.target.value))}>
                {years.map((y) => <option key={y} value={y}>{y}</option>)}
              </select>
            </div>
          </div>
          {controlPlans.map((cp) => <h2 key={cp.id}>{cp.title} <ExampleTag origin={cp.origin} /></h2>)}
          <ExampleNote origins={[...controlPlans.map((p) => p.origin), ...points.map((p) => p.origin)]} />
          <Confirmation text={done} />
          {followUp.error && <ErrorState error={followUp.error} />}
          <ScrollTable label={t("control.title")}>
            <table className="table table--compact control-plan">
              <thead>
                <tr>
                  <th scope="col">{t("control.process")}</th><th scope="col">{t("control.step")}</th><th scope="col">{t("control.risk")}</th>
                  <th scope="col">{t("control.method")}</th><th scope="col">{t("control.frequency")}</th><th scope="col">{t("control.unit")}</th>
                  <th scope="col">{t("control.performer")}</th><th scope="col">{t("control.reportTo")}</th><th scope="col">{t("control.results")}</th>
                  <th scope="col"><span className="visually-hidden">{t("control.report")}</span></th>
                </tr>
              </thead>
              <tbody>
                {points.map((p) => (
                  <Fragment key={p.id}>
                    <tr>
                      <td>{p.process}</td>
                      <th scope="row">{p.control_step}</th>
                      <td>{riskTitle(p.risk_id)}</td>
                      <td>{p.method}</td><td>{p.frequency}</td><td>{unitName(p.unit_id)}</td><td>{p.performer}</td><td>{p.report_to}</td>
                      <td>
                        <ul className="plain">
                          {(p.reporting_points ?? []).map((pt) => (
                            <li key={pt}>{t(`pointShort.${pt}`)}: {resultText(t, results.find((r) => r.control_point_id === p.id && r.point === pt))}</li>
                          ))}
                        </ul>
                      </td>
                      <td className="no-print">
                        {mayReport(p) && open !== p.id && (
                          <button type="button" id={`report-${p.id}`} className="button button--small button--secondary"
                            aria-label={`${t("control.report")}: ${p.control_step}`} onClick={() => { setDone(null); setOpen(p.id); }}>
                            {t("control.report")}
                          </button>
                        )}
                      </td>
                    </tr>
                    {open === p.id && me.data && (
                      <tr className="row--editor">
                        <td colSpan={10}>
                          <ControlResultForm orgKey={orgKey} point={p} year={year} results={results} username={me.data.user.username}
                            onDirty={setFormDirty} onCancel={() => close(p.id)} onDone={(text) => { close(p.id); setDone(text); }} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        </>
      )}
    </>
  );
}
