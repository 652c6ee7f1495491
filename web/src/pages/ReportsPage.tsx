import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import { useMe } from "../api/auth";
import { useUnits } from "../api/hooks";
import type { ReportingPoint } from "../api/types";
import { useFollowupReports } from "../api/workflowHooks";
import { DocumentLinks } from "../components/DocumentLinks";
import { ReportPanel } from "../components/ReportPanel";
import { ErrorState, Loading, Unavailable } from "../components/States";
import { useTitle } from "../components/Title";
import { UnitPicker } from "../components/UnitPicker";
import { WhenText, WorkflowBadge } from "../components/WorkflowControls";
import { awaitingApproval } from "../lib/workflow";
import { usePlanPage } from "./usePlanPage";

const points: ReportingPoint[] = ["da04", "da08", "ar"];

// Follow-up reports (docs/workflow.md): the report of a chosen unit and reporting point
// with the actions the user may take, the reports waiting for the user's decision, and
// every report of the period.
export function ReportsPage() {
  const { t } = useTranslation();
  const { plan, org, orgKey, error, planId } = usePlanPage();
  const units = useUnits(orgKey);
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const first = plan.data?.plan.first_year ?? 0;
  const last = plan.data?.plan.last_year ?? 0;
  // Start at the person's own unit: where they report, else where they plan.
  const grantOf = (role: string) => me.data?.roles.find((g) => g.role === role && g.unit_id !== null)?.unit_id;
  const ownGrant = grantOf("reporter") ?? grantOf("planner");
  const unit = params.get("unit") ?? (ownGrant ? String(ownGrant) : plan.data ? String(plan.data.plan.owner_unit_id) : "");
  const year = Number(params.get("year") ?? Math.min(last, Math.max(first, new Date().getFullYear())));
  const point = (params.get("point") ?? "da04") as ReportingPoint;
  const signedIn = !!me.data;
  const submitted = useFollowupReports(orgKey, { state: "submitted" }, signedIn);
  const period = useFollowupReports(orgKey, { year, point }, !!plan.data);
  useTitle(t("reports.title"));

  if (error || units.error) return <ErrorState error={error ?? units.error} />;
  if (!plan.data || !units.data || !org.data) return <Loading />;
  const set = (k: string, v: string) => { const next = new URLSearchParams(params); next.set(k, v); setParams(next); };
  const years = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const unitName = (id: number) => units.data.find((u) => u.id === id)?.name ?? String(id);
  const waiting = submitted.data ? awaitingApproval(submitted.data, me.data, org.data.id, units.data) : [];
  const open = (u: number, y: number, p: string) => `?${new URLSearchParams({ unit: String(u), year: String(y), point: p }).toString()}`;

  return (
    <>
      <p className="eyebrow">{plan.data.plan.title}</p>
      <h1>{t("reports.title")}</h1>
      <p className="lead">{t("reports.lead")}</p>
      {signedIn && <p className="no-print"><Link to={`/completeness?${new URLSearchParams({ year: String(year), point }).toString()}`}>{t("round.completenessNav")}</Link></p>}
      <div className="toolbar no-print">
        <UnitPicker id="report-unit" units={units.data} value={unit} allowAll={false} label={t("reports.unit")} onChange={(v) => set("unit", v)} />
        <div className="field field--inline">
          <label htmlFor="report-year-pick">{t("followUp.year")}</label>
          <select id="report-year-pick" value={year} onChange={(e) => set("year", e.target.value)}>
            {years.map((y) => <option key={y} value={y}>{y}</option>)}
          </select>
        </div>
        <div className="field field--inline">
          <label htmlFor="report-point-pick">{t("followUp.point")}</label>
          <select id="report-point-pick" value={point} onChange={(e) => set("point", e.target.value)}>
            {points.map((p) => <option key={p} value={p}>{t(`point.${p}`)}</option>)}
          </select>
        </div>
      </div>
      {unit !== "" && orgKey && (
        <ReportPanel key={`${unit}-${year}-${point}`} orgKey={orgKey} orgId={org.data.id} units={units.data}
          unitId={Number(unit)} year={year} point={point} />
      )}
      {unit !== "" && orgKey && signedIn && (
        <DocumentLinks orgKey={orgKey} planId={planId} followup={{ unitId: Number(unit), year, point }} />
      )}

      {signedIn && (
        <section aria-labelledby="waiting-heading">
          <h2 id="waiting-heading">{t("reports.waiting")} <span className="count">({waiting.length})</span></h2>
          {submitted.isPending && <Loading />}
          {submitted.error && <Unavailable error={submitted.error} what={t("reports.what")} />}
          {submitted.data && waiting.length === 0 && <p className="muted">{t("reports.noneWaiting")}</p>}
          {waiting.length > 0 && (
            <ul className="card-list">
              {waiting.map((r) => (
                <li key={r.id} className="card">
                  <Link to={open(r.unit_id, r.year, r.point)}>
                    {t("reports.panelTitle", { unit: unitName(r.unit_id), period: `${t(`point.${r.point}`)} ${r.year}` })}
                  </Link>
                  <p className="muted small">{t("reports.submittedByAt", { who: r.submitted_by ?? "–" })} <WhenText iso={r.submitted_at} /></p>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      <section aria-labelledby="period-heading">
        <h2 id="period-heading">{t("reports.ofPeriod", { period: `${t(`point.${point}`)} ${year}` })}</h2>
        {period.isPending && <Loading />}
        {period.error && <Unavailable error={period.error} what={t("reports.what")} />}
        {period.data && period.data.length === 0 && <p className="muted">{t("reports.noneInPeriod")}</p>}
        {period.data && period.data.length > 0 && (
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="period-heading">
            <table className="table">
              <thead><tr>
                <th scope="col">{t("reports.unit")}</th><th scope="col">{t("reports.state")}</th>
                <th scope="col">{t("reports.submittedBy")}</th><th scope="col">{t("reports.decidedBy")}</th>
                <th scope="col">{t("reports.returnComment")}</th>
              </tr></thead>
              <tbody>
                {[...period.data].sort((a, b) => unitName(a.unit_id).localeCompare(unitName(b.unit_id), "sv")).map((r) => (
                  <tr key={r.id}>
                    <th scope="row"><Link to={open(r.unit_id, r.year, r.point)}>{unitName(r.unit_id)}</Link></th>
                    <td><WorkflowBadge state={r.state} /></td>
                    <td>{r.submitted_by ?? "–"}</td>
                    <td>{r.decided_by ?? "–"}</td>
                    <td className="wrap">{r.state === "returned" ? r.comment ?? "–" : "–"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
