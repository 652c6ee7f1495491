import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import { isUnavailable } from "../api/client";
import { useOutcomes, useTargets, useUnits } from "../api/hooks";
import { OutcomeForm } from "../components/OutcomeForm";
import { UnitPicker } from "../components/UnitPicker";
import { ErrorState, Loading } from "../components/States";
import { TrendChart } from "../components/TrendChart";
import { useTitle } from "../components/Title";
import { formatValue } from "../lib/format";
import { buildMeasureSeries, genderGap } from "../lib/measureSeries";
import { usePlanPage } from "./usePlanPage";

export function MeasurePage() {
  const { t, i18n } = useTranslation();
  const { plan, orgKey, error, planId, params } = usePlanPage();
  const measureId = Number(params.measureId);
  const targets = useTargets(orgKey, measureId);
  const outcomes = useOutcomes(orgKey, measureId);
  const units = useUnits(orgKey);
  const [search, setSearch] = useSearchParams();
  const measure = plan.data?.measures.find((m) => m.id === measureId);
  useTitle(measure?.name);
  if (error || targets.error || units.error) return <ErrorState error={error ?? targets.error ?? units.error} />;
  if (!plan.data || !targets.data || outcomes.isPending || !units.data || !orgKey) return <Loading />;
  // Outcomes are per unit: the plan owner's by default, any other on request.
  const owner = plan.data.plan.owner_unit_id;
  const unitId = Number(search.get("unit") ?? owner);
  const unitOutcomes = (outcomes.data ?? []).filter((o) => o.unit_id === unitId || (o.unit_id === null && unitId === owner));
  if (!measure) return <p className="state">{t("measure.notFound")}</p>;
  const outcomesUnavailable = !!outcomes.error && isUnavailable(outcomes.error);
  const series = buildMeasureSeries(targets.data, unitOutcomes);
  const goal = plan.data.goals.find((g) => g.id === measure.goal_id);
  const factor = plan.data.successFactors.find((s) => s.id === measure.success_factor_id);
  const lang = i18n.language;
  const v = (n: number | undefined) => formatValue(n, measure.unit, lang);
  const outcomeOf = (sex: string) => `${t("measure.value")} ${t(`sex.${sex}`).toLocaleLowerCase(lang)}`;
  const hasNumbers = series.rows.length > 0 || series.undatedBaseline.length > 0;
  // "85 %" for everyone, or "Kvinnor 80 %, Män 90 %" when split by sex.
  const bySex = (values: Partial<Record<string, number>>) => {
    const all = values.total ?? values.all;
    const split = values.K !== undefined || values.M !== undefined;
    const parts = [all !== undefined ? (split ? `${t("sex.total")} ${v(all)}` : v(all)) : null,
      values.K !== undefined ? `${t("sex.K")} ${v(values.K)}` : null,
      values.M !== undefined ? `${t("sex.M")} ${v(values.M)}` : null].filter(Boolean);
    return parts.length > 0 ? parts.join(", ") : "–";
  };
  const showSexes = series.sexes.includes("K") || series.sexes.includes("M");

  return (
    <>
      <nav aria-label={t("nav.breadcrumbs")} className="breadcrumbs">
        <Link to={`/plans/${planId}`}>{plan.data.plan.title}</Link>
        {goal && <> › <Link to={`/plans/${planId}/goals/${goal.id}`}>{t("goal.title")}</Link></>}
      </nav>
      <p className="eyebrow">{t(`measureKind.${measure.kind}`)}{measure.number ? ` ${measure.number}` : ""}</p>
      <h1>{measure.name}</h1>
      <dl className="facts">
        {measure.direction && <div><dt>{t("measure.direction")}</dt><dd>{t(`direction.${measure.direction}`)}</dd></div>}
        {measure.unit && <div><dt>{t("measure.unit")}</dt><dd>{measure.unit}</dd></div>}
        {measure.source && <div><dt>{t("measure.source")}</dt><dd>{measure.source}</dd></div>}
        {measure.reporting_points && measure.reporting_points.length > 0 && (
          <div><dt>{t("measure.points")}</dt><dd>{measure.reporting_points.map((p) => t(`point.${p}`)).join(", ")}</dd></div>
        )}
        {goal && <div><dt>{t("goal.title")}</dt><dd><Link to={`/plans/${planId}/goals/${goal.id}`}>{goal.text}</Link></dd></div>}
        {factor && <div><dt>{t("cascade.successFactor")}</dt><dd>{factor.name}</dd></div>}
      </dl>
      {measure.description && <p>{measure.description}</p>}
      <p className="no-print"><Link to={`/plans/${planId}/measures/${measureId}/kolada`}>{t("kolada.toComparison")}</Link></p>
      {outcomesUnavailable && <p className="state state--info">{t("state.unavailable", { what: t("measure.outcomesWhat") })}</p>}
      {outcomes.error && !outcomesUnavailable && <ErrorState error={outcomes.error} />}
      <section aria-labelledby="trend-heading">
        <h2 id="trend-heading">{t("measure.trend")}</h2>
        {outcomes.data && (
          <div className="toolbar no-print">
            <UnitPicker id="measure-unit" units={units.data} value={String(unitId)} allowAll={false} label={t("measure.outcomesFor")}
              onChange={(v) => setSearch(v ? { unit: v } : {})} />
          </div>
        )}
        {!hasNumbers ? <p className="state">{t("measure.noNumbers")}</p> : (
          <>
            <TrendChart series={series} label={t("measure.chartLabel", { name: measure.name })} />
            <div className="table-wrap" tabIndex={0} role="region" aria-label={t("measure.tableLabel")}>
              <table className="table">
                <caption>{t("measure.tableCaption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("measure.period")}</th>
                    {showSexes && <><th scope="col">{outcomeOf("K")}</th><th scope="col">{outcomeOf("M")}</th></>}
                    <th scope="col">{outcomeOf("total")}</th>
                    <th scope="col">{t("measure.target")}</th>
                    <th scope="col">{t("measure.baseline")}</th>
                    {showSexes && <th scope="col">{t("measure.gap")}</th>}
                  </tr>
                </thead>
                <tbody>
                  {series.rows.map((r) => {
                    return (
                      <tr key={`${r.period.year}-${r.period.point}`}>
                        <th scope="row">{t(`point.${r.period.point}`)} {r.period.year}{r.preliminary ? ` (${t("measure.preliminary")})` : ""}</th>
                        {showSexes && <><td>{v(r.outcome.K)}</td><td>{v(r.outcome.M)}</td></>}
                        <td>{v(r.outcome.total)}</td>
                        <td>{bySex(r.target)}</td>
                        <td>{bySex(r.baseline)}</td>
                        {showSexes && <td>{v(genderGap(r))}</td>}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </>
        )}
        {series.undatedBaseline.length > 0 && (
          <p className="small">{t("measure.undatedBaseline")}: {series.undatedBaseline.map((b) => (b.sex === "all" ? "" : t(`sex.${b.sex}`) + " ") + v(b.value)).join(", ")}</p>
        )}
        {series.qualitativeTargets.length > 0 && (
          <>
            <h3>{t("measure.qualitative")}</h3>
            <ul>{series.qualitativeTargets.map((q, i) => <li key={i}>{q.year ?? ""} {t(`qualitative.${q.text}`, { defaultValue: q.text })}</li>)}</ul>
          </>
        )}
        {measure.footnotes && measure.footnotes.length > 0 && (
          <ul className="footnotes small">{measure.footnotes.map((f, i) => <li key={i}>{f}</li>)}</ul>
        )}
      </section>
      {outcomes.data && (
        <OutcomeForm key={unitId} measure={measure} outcomes={outcomes.data} units={units.data} orgKey={orgKey}
          firstYear={plan.data.plan.first_year} lastYear={plan.data.plan.last_year} defaultUnit={unitId} />
      )}
    </>
  );
}
