import { useTranslation } from "react-i18next";
import { isUnavailable } from "../api/client";
import { useMe } from "../api/auth";
import type { Id, ReportingPoint, Unit } from "../api/types";
import { useCreateReport, useFollowupReports, useReportAction } from "../api/workflowHooks";
import { allowedActions, mayCreateReport, standingOver } from "../lib/workflow";
import { ErrorState, Loading } from "./States";
import { WhenText, WorkflowBadge, WorkflowControls } from "./WorkflowControls";

// The follow-up report of one unit and reporting period (docs/workflow.md): its state,
// who submitted and decided it, the comment it was returned with, and the buttons the
// signed-in person's roles allow.
export function ReportPanel({ orgKey, orgId, units, unitId, year, point, headingLevel = 2 }: {
  orgKey: string; orgId: Id; units: Unit[]; unitId: Id; year: number; point: ReportingPoint; headingLevel?: 2 | 3;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const reports = useFollowupReports(orgKey, { unit_id: unitId, year, point });
  const create = useCreateReport(orgKey);
  const act = useReportAction(orgKey);
  const unitName = units.find((u) => u.id === unitId)?.name ?? String(unitId);
  const period = `${t(`point.${point}`)} ${year}`;
  const H = `h${headingLevel}` as "h2";
  const headingId = `report-state-${unitId}-${year}-${point}`;

  let body;
  if (reports.isPending) body = <Loading />;
  else if (reports.error) {
    body = isUnavailable(reports.error)
      ? <p className="state state--info">{t("state.unavailable", { what: t("reports.what") })}</p>
      : <ErrorState error={reports.error} />;
  } else {
    const report = reports.data[0];
    const who = standingOver(me.data, orgId, unitId, "reporter", units);
    const actions = report ? allowedActions(report.state, report.submitted_by, who) : [];
    body = (
      <>
        <dl className="facts">
          <div><dt>{t("reports.state")}</dt><dd>{report ? <WorkflowBadge state={report.state} /> : <WorkflowBadge state={null} />}</dd></div>
          {report?.submitted_by && <div><dt>{t("reports.submittedBy")}</dt><dd>{report.submitted_by}, <WhenText iso={report.submitted_at} /></dd></div>}
          {report?.decided_by && <div><dt>{t(report.state === "returned" ? "reports.returnedBy" : "reports.decidedBy")}</dt><dd>{report.decided_by}, <WhenText iso={report.decided_at} /></dd></div>}
        </dl>
        {report?.state === "returned" && report.comment && (
          <div className="workflow-note">
            <strong>{t("reports.returnComment")}</strong>
            <p>{report.comment}</p>
          </div>
        )}
        <p className="muted">{t(`reports.explain.${report?.state ?? "none"}`)}</p>
        {me.data === null && <p className="muted small">{t("reports.signInToAct")}</p>}
        <WorkflowControls
          key={headingId}
          idPrefix={headingId}
          what={t("reports.theReport", { unit: unitName, period })}
          actions={actions}
          extra={mayCreateReport(report, who) ? {
            label: t("reports.create"),
            run: async () => {
              await create.mutateAsync({ unit_id: unitId, year, point });
              return t("reports.created", { unit: unitName, period });
            },
          } : undefined}
          onAction={(action, comment) => act.mutateAsync({ id: report!.id, action, comment })}
        />
      </>
    );
  }
  return (
    <section className="panel" aria-labelledby={headingId}>
      <H id={headingId} className={headingLevel === 3 ? "h3" : undefined}>{t("reports.panelTitle", { unit: unitName, period })}</H>
      {body}
    </section>
  );
}
