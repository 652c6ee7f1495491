import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import { isUnavailable } from "../api/client";
import { useScorecard, useUnits } from "../api/hooks";
import type { ReportingPoint, ScorecardCounts } from "../api/types";
import { ErrorState, Loading } from "../components/States";
import { StatusBadge } from "../components/StatusBadge";
import { useTitle } from "../components/Title";
import { UnitPicker } from "../components/UnitPicker";
import { formatValue } from "../lib/format";
import { scorecardStatuses, scorecardStatusLook } from "../lib/status";
import { usePlanPage } from "./usePlanPage";

const points: ReportingPoint[] = ["da04", "da08", "ar"];

function Counts({ counts }: { counts: ScorecardCounts }) {
  const { t } = useTranslation();
  return (
    <ul className="counts">
      {scorecardStatuses.map((s) => {
        const look = scorecardStatusLook(s);
        return (
          <li key={s} className={`badge badge--${look.tone}`}>
            <span aria-hidden="true" className="badge__icon">{look.icon}</span>{t(look.labelKey)}: <strong>{counts[s] ?? 0}</strong>
          </li>
        );
      })}
    </ul>
  );
}

// The scorecard for a unit and reporting point (issue 4's /scorecard). Goals first with
// their status and counts; each opens (native <details>) to its measures and activities.
export function ScorecardPage() {
  const { t, i18n } = useTranslation();
  const { plan, orgKey, error, planId } = usePlanPage();
  const units = useUnits(orgKey);
  const [params, setParams] = useSearchParams();
  const first = plan.data?.plan.first_year ?? 0;
  const last = plan.data?.plan.last_year ?? 0;
  const unit = params.get("unit") ?? (plan.data ? String(plan.data.plan.owner_unit_id) : "");
  const year = Number(params.get("year") ?? Math.min(last, Math.max(first, new Date().getFullYear())));
  const point = (params.get("point") ?? "da04") as ReportingPoint;
  const card = useScorecard(orgKey, unit, year, point);
  useTitle(t("scorecard.title"));
  if (error || units.error) return <ErrorState error={error ?? units.error} />;
  if (!plan.data || !units.data) return <Loading />;
  const set = (k: string, v: string) => { const next = new URLSearchParams(params); next.set(k, v); setParams(next); };
  const years = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const unitName = units.data.find((u) => String(u.id) === unit)?.name ?? "";

  return (
    <>
      <p className="eyebrow">{plan.data.plan.title}</p>
      <h1>{t("scorecard.title")}</h1>
      <div className="toolbar no-print">
        <UnitPicker units={units.data} value={unit} allowAll={false} onChange={(v) => set("unit", v)} />
        <div className="field field--inline">
          <label htmlFor="sc-year">{t("followUp.year")}</label>
          <select id="sc-year" value={year} onChange={(e) => set("year", e.target.value)}>
            {years.map((y) => <option key={y} value={y}>{y}</option>)}
          </select>
        </div>
        <div className="field field--inline">
          <label htmlFor="sc-point">{t("followUp.point")}</label>
          <select id="sc-point" value={point} onChange={(e) => set("point", e.target.value)}>
            {points.map((p) => <option key={p} value={p}>{t(`point.${p}`)}</option>)}
          </select>
        </div>
      </div>
      <h2 className="h3">{unitName} · {t(`point.${point}`)} {year}</h2>
      {card.isPending && unit && <Loading />}
      {card.error && (isUnavailable(card.error)
        ? <p className="state state--info">{t("state.unavailable", { what: t("scorecard.what") })}</p>
        : <ErrorState error={card.error} />)}
      {card.data && (
        <>
          <section aria-labelledby="sc-summary"><h2 id="sc-summary" className="visually-hidden">{t("scorecard.summary")}</h2><Counts counts={card.data.counts} /></section>
          {card.data.goals.length === 0 && <p className="state">{t("scorecard.noGoals")}</p>}
          {card.data.goals.map((g) => (
            <details key={g.id ?? `none-${g.key}`} className="panel scorecard-goal">
              <summary>
                <StatusBadge kind="score" status={g.status} /> <span className="scorecard-goal__title">{g.title}</span>
                <span className="muted small"> · {t("scorecard.goalCounts", { measures: g.measures.length, activities: g.activities.length })}</span>
              </summary>
              {g.id !== null && <p><Link to={`/plans/${planId}/goals/${g.id}`}>{t("scorecard.openGoal")}</Link></p>}
              {g.measures.length > 0 && (
                <div className="table-wrap" tabIndex={0} role="region" aria-label={t("cascade.measures")}>
                  <table className="table">
                    <thead><tr>
                      <th scope="col">{t("cascade.measures")}</th><th scope="col">{t("followUp.status")}</th>
                      <th scope="col">{t("measure.value")}</th><th scope="col">{t("measure.target")}</th>
                      <th scope="col">{t("sex.K")}</th><th scope="col">{t("sex.M")}</th><th scope="col">{t("measure.gap")}</th>
                    </tr></thead>
                    <tbody>
                      {g.measures.map((m) => (
                        <tr key={m.id}>
                          <th scope="row"><Link to={`/plans/${planId}/measures/${m.id}`}>{m.name}</Link></th>
                          <td><StatusBadge kind="score" status={m.status} /></td>
                          <td>{formatValue(m.value, m.unit, i18n.language)}</td>
                          <td>{formatValue(m.target, m.unit, i18n.language)}</td>
                          <td>{formatValue(m.values_by_sex?.K ?? null, m.unit, i18n.language)}</td>
                          <td>{formatValue(m.values_by_sex?.M ?? null, m.unit, i18n.language)}</td>
                          <td>{m.gender_gap?.flag
                            ? <span className="badge badge--warn"><span aria-hidden="true" className="badge__icon">⚥</span>{t(m.gender_gap.grows ? "scorecard.gapGrows" : "scorecard.gap")}</span>
                            : "–"}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              {g.activities.length > 0 && (
                <ul className="activity-status-list">
                  {g.activities.map((a) => (
                    <li key={a.id}>
                      <StatusBadge kind="activity" status={a.status} />{" "}
                      <Link to={`/plans/${planId}/activities/${a.id}/follow-up`}>{a.name}</Link>
                      {a.comment && <p className="muted small">{a.comment}</p>}
                    </li>
                  ))}
                </ul>
              )}
            </details>
          ))}
        </>
      )}
    </>
  );
}
