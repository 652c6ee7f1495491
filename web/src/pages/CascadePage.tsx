import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import { useUnits } from "../api/hooks";
import { ActivityTree } from "../components/ActivityTree";
import { Markdown } from "../components/Markdown";
import { ErrorState, Loading } from "../components/States";
import { useTitle } from "../components/Title";
import { UnitPicker } from "../components/UnitPicker";
import { buildCascade, countActivities } from "../lib/cascade";
import { unitAndBelow } from "../lib/orgTree";
import { usePlanPage } from "./usePlanPage";

export function CascadePage() {
  const { t } = useTranslation();
  const { plan, orgKey, error, planId } = usePlanPage();
  const units = useUnits(orgKey);
  const [search, setSearch] = useSearchParams();
  const unit = search.get("unit") ?? "";
  useTitle(t("cascade.title"));
  if (error || units.error) return <ErrorState error={error ?? units.error} />;
  if (!plan.data || !units.data) return <Loading />;
  const unitSet = unit ? unitAndBelow(units.data, Number(unit)) : null;
  const cascade = buildCascade(plan.data, unitSet);
  const shown = unitSet ? cascade.filter((c) => c.activities.length > 0) : cascade;
  const unitById = new Map(units.data.map((u) => [u.id, u]));
  const total = shown.reduce((n, c) => n + countActivities(c.activities), 0);
  // Development areas with the missions given to the chosen units (all units if none).
  const missionsByArea = plan.data.developmentAreas
    .map((area) => ({ area, missions: plan.data.missions.filter((m) => m.development_area_id === area.id && (!unitSet || unitSet.has(m.unit_id))) }))
    .filter((x) => x.missions.length > 0);

  return (
    <>
      <p className="eyebrow">{plan.data.plan.title}</p>
      <h1>{t("cascade.title")}</h1>
      <p className="lead">{t("cascade.lead")}</p>
      <div className="toolbar no-print">
        <UnitPicker units={units.data} value={unit} onChange={(v) => setSearch(v ? { unit: v } : {})} />
      </div>
      <p role="status" className="muted">{t("cascade.summary", { goals: shown.length, activities: total })}</p>
      {missionsByArea.length > 0 && (
        <section aria-labelledby="missions-heading">
          <h2 id="missions-heading">{t("cascade.missions")}</h2>
          <p className="muted small">{t("cascade.missionsLead")}</p>
          {missionsByArea.map(({ area, missions }) => (
            <details key={area.id} className="panel">
              <summary><span className="level level--area">{t("cascade.developmentAreas")}</span> <strong>{area.name}</strong>
                <span className="muted small"> · {t("cascade.missionCount", { count: missions.length })}</span></summary>
              {missions.map((m) => (
                <div key={m.id} className="mission">
                  <h3 className="h4">{unitById.get(m.unit_id)?.name ?? ""}</h3>
                  <Markdown text={m.text} headingOffset={3} idPrefix={`mission-${m.id}`} />
                </div>
              ))}
            </details>
          ))}
        </section>
      )}
      <h2 className="visually-hidden">{t("cascade.byGoal")}</h2>
      {shown.length === 0 && <p className="state">{t("cascade.empty")}</p>}
      {shown.map((c) => (
        <section key={c.goal.id} className="panel cascade-goal" aria-labelledby={`goal-${c.goal.id}`}>
          <h2 id={`goal-${c.goal.id}`} className="h3">
            <span className="level level--goal">{t("cascade.goal")}</span>{" "}
            <Link to={`/plans/${planId}/goals/${c.goal.id}`}>{c.goal.text}</Link>
          </h2>
          {c.successFactors.length > 0 && (
            <div>
              <h3 className="h4">{t("cascade.successFactors")}</h3>
              <ul>{c.successFactors.map((s) => <li key={s.id}>{s.name}</li>)}</ul>
            </div>
          )}
          {c.developmentAreas.length > 0 && (
            <p className="small"><strong>{t("cascade.developmentAreas")}:</strong> {c.developmentAreas.map((d) => d.name).join(", ")}</p>
          )}
          {c.activities.length > 0 ? (
            <>
              <h3 className="h4">{t("cascade.activities")} ({countActivities(c.activities)})</h3>
              <ActivityTree nodes={c.activities} planId={planId} units={unitById} />
            </>
          ) : (
            <p className="muted small">{t("cascade.noActivities")}</p>
          )}
          {c.measures.length > 0 && (
            <p className="small">
              <strong>{t("cascade.measures")}:</strong>{" "}
              {c.measures.map((m, i) => (
                <span key={m.id}>{i > 0 && ", "}<Link to={`/plans/${planId}/measures/${m.id}`}>{m.name}</Link></span>
              ))}
            </p>
          )}
        </section>
      ))}
    </>
  );
}
