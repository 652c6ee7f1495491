import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { useMe } from "../api/auth";
import { useUnits } from "../api/hooks";
import type { PlanVersionSummary } from "../api/workflowTypes";
import { useNewPlanVersion, usePlanAction, usePlanVersions } from "../api/workflowHooks";
import { FormErrors, useFormFeedback } from "../components/FormFeedback";
import { ErrorState, Loading } from "../components/States";
import { useTitle } from "../components/Title";
import { PlanWorkflowControls } from "../components/UnresolvedComments";
import { WhenText, WorkflowBadge } from "../components/WorkflowControls";
import { allowedActions, holdsRoleOver, mayCreateVersion, standingOver } from "../lib/workflow";
import { usePlanPage } from "./usePlanPage";

const versionName = (v: PlanVersionSummary) => v.version ?? String(v.number);

// The versions of a plan (docs/workflow.md): each with its status and dates, a new
// version of the newest approved one, the decision on the version being worked on, and
// what changed from one version to the next.
export function PlanVersionsPage() {
  const { t } = useTranslation();
  const { plan, org, orgKey, error, planId } = usePlanPage();
  const units = useUnits(orgKey);
  const versions = usePlanVersions(orgKey, planId);
  const me = useMe();
  const create = useNewPlanVersion(orgKey);
  const act = usePlanAction(orgKey);
  const [created, setCreated] = useState<{ id: number; name: string } | null>(null);
  const fb = useFormFeedback({ refusal: "notDone" });
  const [decidedId, setDecidedId] = useState<number | null>(null);  // keeps the panel (and its confirmation) after approval
  useTitle(plan.data ? `${t("versions.title")}: ${plan.data.plan.title}` : t("versions.title"));

  if (error || units.error || versions.error) return <ErrorState error={error ?? units.error ?? versions.error} />;
  if (!plan.data || !units.data || !versions.data || !org.data) return <Loading />;
  const owner = plan.data.plan.owner_unit_id;
  const items = [...versions.data].sort((a, b) => b.number - a.number);  // newest first
  const planner = holdsRoleOver(me.data, org.data.id, "planner", owner, units.data);
  const who = standingOver(me.data, org.data.id, owner, "planner", units.data);
  const isOpen = (v: PlanVersionSummary) => v.status === "draft" || v.status === "submitted" || v.status === "returned";
  const inWork = items.find(isOpen) ?? items.find((v) => v.id === decidedId);

  const newVersion = async (from: PlanVersionSummary) => {
    setCreated(null);
    await fb.run(async () => {
      const answer = await create.mutateAsync(from.id);
      setCreated({ id: answer.plan.id, name: answer.plan.version ?? answer.plan.key });
    });
  };

  return (
    <>
      <nav aria-label={t("nav.breadcrumbs")} className="breadcrumbs">
        <Link to={`/plans/${planId}`}>{plan.data.plan.title}</Link>
      </nav>
      <p className="eyebrow">{plan.data.plan.title}</p>
      <h1>{t("versions.title")}</h1>
      <p className="lead">{t("versions.lead")}</p>
      <FormErrors fb={fb} prefix="versions" labels={{}} />
      <div role="status" aria-live="polite">
        {created && (
          <div className="alert alert--success">
            <span aria-hidden="true">✓ </span>{t("versions.created", { name: created.name })}{" "}
            <Link to={`/plans/${created.id}`}>{t("versions.openNew", { name: created.name })}</Link>
          </div>
        )}
      </div>
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="versions-caption">
        <table className="table">
          <caption id="versions-caption">{t("versions.caption", { count: items.length })}</caption>
          <thead><tr>
            <th scope="col">{t("versions.version")}</th><th scope="col">{t("versions.key")}</th>
            <th scope="col">{t("plan.status")}</th><th scope="col">{t("versions.submitted")}</th>
            <th scope="col">{t("versions.decided")}</th><th scope="col">{t("versions.actions")}</th>
          </tr></thead>
          <tbody>
            {items.map((v) => (
              <tr key={v.id} aria-current={v.id === planId ? "page" : undefined}>
                <th scope="row"><Link to={`/plans/${v.id}`}>{t("versions.versionN", { name: versionName(v) })}</Link>
                  {v.id === planId && <span className="muted small"> ({t("versions.thisOne")})</span>}</th>
                <td>{v.key}</td>
                <td><WorkflowBadge state={v.status} kind="plan" /></td>
                <td><WhenText iso={v.submitted_at} /></td>
                <td>{v.approved_date && v.status !== "returned" ? <WhenText iso={v.approved_date} /> : <WhenText iso={v.decided_at} />}</td>
                <td>
                  <div className="form-actions workflow-actions">
                    {v.previous_plan_id !== null && (
                      <Link to={`/plans/${v.id}/compare?from=${v.previous_plan_id}`}>
                        {t("versions.compare", { name: versionName(v) })}
                      </Link>
                    )}
                    {planner && mayCreateVersion(versions.data, v.id) && (
                      <button type="button" className="button" disabled={create.isPending} onClick={() => newVersion(v)}
                        aria-label={t("versions.newFrom", { name: versionName(v) })}>
                        {t("versions.new")}
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {inWork && (
        <section className="panel" aria-labelledby="decision-heading">
          <h2 id="decision-heading">{t("versions.decision", { name: versionName(inWork) })}</h2>
          <p><WorkflowBadge state={inWork.status} kind="plan" /> {isOpen(inWork) && t(`versions.explain.${inWork.status}`)}</p>
          {inWork.status === "returned" && inWork.comment && (
            <div className="workflow-note"><strong>{t("reports.returnComment")}</strong><p>{inWork.comment}</p></div>
          )}
          {(inWork.status === "draft" || inWork.status === "returned") && (
            <p><Link className="button button--secondary" to={`/plans/${inWork.id}/edit`}>{t("authoring.edit")}</Link></p>
          )}
          <PlanWorkflowControls
            org={orgKey}
            planId={inWork.id}
            key={inWork.id}
            idPrefix={`version-${inWork.id}`}
            what={t("versions.theVersion", { name: versionName(inWork) })}
            actions={allowedActions(inWork.status, inWork.submitted_by, who)}
            onAction={async (action, comment) => {
              setDecidedId(inWork.id);
              return act.mutateAsync({ id: inWork.id, action, comment });
            }}
          />
          {inWork.previous_plan_id !== null && (
            <p><Link to={`/plans/${inWork.id}/compare?from=${inWork.previous_plan_id}`}>{t("versions.compare", { name: versionName(inWork) })}</Link></p>
          )}
        </section>
      )}
    </>
  );
}
