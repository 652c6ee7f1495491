import { useTranslation } from "react-i18next";
import { useControlFollowUp, useRisks } from "../api/riskHooks";
import { ScrollTable } from "../components/EconomyParts";
import { ExampleNote, RiskHeader } from "../components/RiskParts";
import { ErrorState, Loading, Unavailable } from "../components/States";
import { useTitle } from "../components/Title";
import { comparePeriods } from "../lib/format";
import { resultText, useControlYear } from "./InternalControlPage";
import { usePlanPage } from "./usePlanPage";

// The year's internal control report for the board: what was checked, the deviations,
// the actions taken on them and where they stand; printable.
export function InternalControlReportPage() {
  const { t } = useTranslation();
  const { plan, orgKey, error, planId } = usePlanPage();
  const data = useRisks(orgKey, planId);
  const years = [...new Set((data.data?.controlPlans ?? []).map((p) => p.year))].sort();
  const { year, choose } = useControlYear(years);
  const followUp = useControlFollowUp(orgKey, year);
  useTitle(t("control.reportTitlePage", { year: year ?? "" }));

  if (error) return <ErrorState error={error} />;
  if (data.error) return <Unavailable error={data.error} what={t("control.title")} />;
  if (!plan.data || !data.data || !orgKey) return <Loading />;
  if (followUp.error) return <ErrorState error={followUp.error} />;
  const planIds = new Set(data.data.controlPlans.filter((p) => p.year === year).map((p) => p.id));
  const points = data.data.controlPoints.filter((p) => planIds.has(p.internal_control_plan_id));
  const pointIds = new Set(points.map((p) => p.id));
  const results = (followUp.data?.results ?? []).filter((r) => pointIds.has(r.control_point_id)).sort(comparePeriods);
  const actions = followUp.data?.actions ?? [];
  const done = results.filter((r) => r.performed === "done");
  const deviations = results.filter((r) => r.outcome === "deviation");
  const openActions = actions.filter((a) => a.action_status !== "closed");

  return (
    <>
      <RiskHeader planTitle={plan.data.plan.title} title={t("control.reportTitlePage", { year: year ?? "" })} orgKey={orgKey} planId={planId} />
      <p>{t("control.reportLead")}</p>
      {years.length === 0 ? <p className="state">{t("control.none")}</p> : (
        <>
          <div className="toolbar no-print">
            <div className="field field--inline">
              <label htmlFor="report-year">{t("control.year")}</label>
              <select id="report-year" value={year} onChange={(e) => choose(Number(e.target.value))}>
                {years.map((y) => <option key={y} value={y}>{y}</option>)}
              </select>
            </div>
          </div>
          <ExampleNote origins={points.map((p) => p.origin)} />
          <dl className="summary-counts">
            <div><dt>{t("control.checked")}</dt><dd>{done.length}</dd></div>
            <div><dt>{t("control.notDone")}</dt><dd>{results.length - done.length}</dd></div>
            <div><dt>{t("control.deviations")}</dt><dd>{deviations.length}</dd></div>
            <div><dt>{t("control.openActions")}</dt><dd>{openActions.length}</dd></div>
          </dl>
          <ScrollTable label={t("control.reportTitlePage", { year })}>
            <table className="table table--compact">
              <thead>
                <tr>
                  <th scope="col">{t("control.process")}</th><th scope="col">{t("control.step")}</th>
                  <th scope="col">{t("control.point")}</th><th scope="col">{t("control.results")}</th>
                  <th scope="col">{t("control.comment")}</th><th scope="col">{t("control.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {points.map((p) => {
                  const own = results.filter((r) => r.control_point_id === p.id);
                  if (own.length === 0) {
                    return (
                      <tr key={p.id}><td>{p.process}</td><th scope="row">{p.control_step}</th><td>—</td><td>{t("control.notReported")}</td><td /><td /></tr>
                    );
                  }
                  return own.map((r) => {
                    const acts = actions.filter((a) => a.control_result_id === r.id);
                    return (
                      <tr key={r.id}>
                        <td>{p.process}</td><th scope="row">{p.control_step}</th>
                        <td>{t(`pointShort.${r.point}`)} {r.year}</td>
                        <td className={r.outcome === "deviation" ? "text-bad" : undefined}>{resultText(t, r)}</td>
                        <td>{r.comment}</td>
                        <td>
                          {acts.length === 0 ? t("control.noActions") : (
                            <ul className="plain">
                              {acts.map((a) => (
                                <li key={a.id}>{a.description} — {a.responsible}{a.due_date ? `, ${t("control.due").toLowerCase()} ${a.due_date}` : ""}: <strong>{t(`control.actionStatus.${a.action_status}`)}</strong></li>
                              ))}
                            </ul>
                          )}
                        </td>
                      </tr>
                    );
                  });
                })}
              </tbody>
            </table>
          </ScrollTable>
        </>
      )}
    </>
  );
}
