import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { useUnits } from "../api/hooks";
import { ActivityTree } from "../components/ActivityTree";
import { GoalAssessmentForm } from "../components/GoalAssessmentForm";
import { Markdown } from "../components/Markdown";
import { ErrorState, Loading } from "../components/States";
import { useTitle } from "../components/Title";
import { buildCascade, countActivities } from "../lib/cascade";
import { usePlanPage } from "./usePlanPage";

// "What contributes to this goal?": success factors, activities down the cascade,
// measures and directed assignments.
export function GoalPage() {
  const { t } = useTranslation();
  const { plan, orgKey, error, planId, params } = usePlanPage();
  const units = useUnits(orgKey);
  const goalId = Number(params.goalId);
  const goal = plan.data?.goals.find((g) => g.id === goalId);
  useTitle(goal ? t("goal.title") : undefined);
  if (error || units.error) return <ErrorState error={error ?? units.error} />;
  if (!plan.data || !units.data) return <Loading />;
  if (!goal) return <p className="state">{t("goal.notFound")}</p>;
  const cascade = buildCascade(plan.data).find((c) => c.goal.id === goalId)!;
  const unitById = new Map(units.data.map((u) => [u.id, u]));
  const perspective = plan.data.perspectives.find((p) => p.id === goal.perspective_id);

  return (
    <>
      <nav aria-label={t("nav.breadcrumbs")} className="breadcrumbs">
        <Link to={`/plans/${planId}`}>{plan.data.plan.title}</Link> › <Link to={`/plans/${planId}/cascade`}>{t("cascade.title")}</Link>
      </nav>
      <p className="eyebrow">{t("goal.title")}{perspective ? ` · ${perspective.name}` : ""}</p>
      <h1>{goal.text}</h1>
      {goal.description && <Markdown text={goal.description} />}
      <h2>{t("goal.contributes")}</h2>
      {cascade.successFactors.length > 0 && (
        <section aria-labelledby="sf-heading">
          <h3 id="sf-heading">{t("cascade.successFactors")}</h3>
          <ul>{cascade.successFactors.map((s) => <li key={s.id}>{s.name}</li>)}</ul>
        </section>
      )}
      <section aria-labelledby="act-heading">
        <h3 id="act-heading">{t("cascade.activities")} ({countActivities(cascade.activities)})</h3>
        {cascade.activities.length === 0 ? <p className="muted">{t("cascade.noActivities")}</p>
          : <ActivityTree nodes={cascade.activities} planId={planId} units={unitById} />}
      </section>
      <section aria-labelledby="m-heading">
        <h3 id="m-heading">{t("cascade.measures")} ({cascade.measures.length})</h3>
        {cascade.measures.length === 0 ? <p className="muted">{t("goal.noMeasures")}</p> : (
          <ul>{cascade.measures.map((m) => <li key={m.id}><Link to={`/plans/${planId}/measures/${m.id}`}>{m.name}</Link></li>)}</ul>
        )}
      </section>
      {orgKey && (
        <GoalAssessmentForm goal={goal} units={units.data} orgKey={orgKey} firstYear={plan.data.plan.first_year}
          lastYear={plan.data.plan.last_year} defaultUnit={plan.data.plan.owner_unit_id} />
      )}
    </>
  );
}
