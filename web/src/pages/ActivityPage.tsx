import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { useActivityReports, useUnits } from "../api/hooks";
import { StatusBadge } from "../components/StatusBadge";
import { comparePeriods } from "../lib/format";
import { ActivityTree } from "../components/ActivityTree";
import { NewActivityForm } from "../components/NewActivityForm";
import { ErrorState, Loading } from "../components/States";
import { useTitle } from "../components/Title";
import { activityAncestors, activityTree, goalsServed } from "../lib/cascade";
import { unitPath } from "../lib/orgTree";
import { usePlanPage } from "./usePlanPage";

// One activity: which goals it serves and the activities above it (up the cascade),
// the activities below it (down), follow-up, and a form for a new activity below it.
export function ActivityPage() {
  const { t } = useTranslation();
  const { plan, orgKey, error, planId, params } = usePlanPage();
  const units = useUnits(orgKey);
  const activityId = Number(params.activityId);
  const reports = useActivityReports(orgKey, activityId);
  const activity = plan.data?.activities.find((a) => a.id === activityId);
  useTitle(activity?.name);
  if (error || units.error) return <ErrorState error={error ?? units.error} />;
  if (!plan.data || !units.data || !orgKey) return <Loading />;
  if (!activity) return <p className="state">{t("activity.notFound")}</p>;
  const all = plan.data.activities;
  const goalIds = goalsServed(activity, all);
  const goals = plan.data.goals.filter((g) => goalIds.includes(g.id));
  const chain = activityAncestors(activity, all).slice(0, -1);
  const children = activityTree(all, all.filter((a) => a.parent_id === activity.id));
  const unitById = new Map(units.data.map((u) => [u.id, u]));
  const ownerPath = activity.owner_unit_id === null ? [] : unitPath(units.data, activity.owner_unit_id);
  const area = plan.data.developmentAreas.find((d) => d.id === activity.development_area_id);
  const latest = [...(reports.data ?? [])].sort((a, b) => -comparePeriods(a, b))[0];

  return (
    <>
      <nav aria-label={t("nav.breadcrumbs")} className="breadcrumbs">
        <Link to={`/plans/${planId}`}>{plan.data.plan.title}</Link> › <Link to={`/plans/${planId}/cascade`}>{t("cascade.title")}</Link>
        {chain.map((a) => <span key={a.id}> › <Link to={`/plans/${planId}/activities/${a.id}`}>{a.name}</Link></span>)}
      </nav>
      <p className="eyebrow">{t(`level.${activity.level}`)} · {t("activity.title")}</p>
      <h1>{activity.name}</h1>
      <dl className="facts">
        <div><dt>{t("activity.owner")}</dt><dd>{ownerPath.map((u) => u.name).join(" › ") || "–"}</dd></div>
        {activity.start_date && <div><dt>{t("newActivity.start_date")}</dt><dd>{activity.start_date}</dd></div>}
        {activity.end_date && <div><dt>{t("newActivity.end_date")}</dt><dd>{activity.end_date}</dd></div>}
        {area && <div><dt>{t("cascade.developmentAreas")}</dt><dd>{area.name}</dd></div>}
        {latest && (
          <div><dt>{t("activity.latest")}</dt><dd><StatusBadge kind="activity" status={latest.status} /> {t(`point.${latest.point}`)} {latest.year}</dd></div>
        )}
        {activity.sdgs && activity.sdgs.length > 0 && <div><dt>{t("activity.sdgs")}</dt><dd>{activity.sdgs.join(", ")}</dd></div>}
      </dl>
      {activity.description && <><h2 className="h3">{t("newActivity.description")}</h2><p>{activity.description}</p></>}
      {activity.expected_effect && <><h2 className="h3">{t("newActivity.expected_effect")}</h2><p>{activity.expected_effect}</p></>}
      <p className="actions">
        <Link className="button" to={`/plans/${planId}/activities/${activity.id}/follow-up`}>{t("followUp.report")}</Link>
      </p>
      <section aria-labelledby="up-heading">
        <h2 id="up-heading">{t("activity.serves")}</h2>
        {goals.length === 0 ? <p className="muted">{t("activity.noGoals")}</p> : (
          <ul>{goals.map((g) => <li key={g.id}><Link to={`/plans/${planId}/goals/${g.id}`}>{g.text}</Link></li>)}</ul>
        )}
      </section>
      <section aria-labelledby="down-heading">
        <h2 id="down-heading">{t("activity.below")}</h2>
        {children.length === 0 ? <p className="muted">{t("activity.noChildren")}</p>
          : <ActivityTree nodes={children} planId={planId} units={unitById} />}
      </section>
      {activity.level !== "unit" && <NewActivityForm parent={activity} units={units.data} orgKey={orgKey} planId={planId} />}
    </>
  );
}
