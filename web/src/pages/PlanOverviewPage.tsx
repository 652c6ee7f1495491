import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { useUnits } from "../api/hooks";
import { DocumentLinks } from "../components/DocumentLinks";
import { Markdown } from "../components/Markdown";
import { ErrorState, Loading } from "../components/States";
import { useTitle } from "../components/Title";
import { usePlanPage } from "./usePlanPage";

export function PlanOverviewPage() {
  const { t } = useTranslation();
  const { plan, orgKey, error, planId } = usePlanPage();
  const units = useUnits(orgKey);
  useTitle(plan.data?.plan.title);
  if (error) return <ErrorState error={error} />;
  if (!plan.data) return <Loading />;
  const { plan: p, sections, goals, perspectives, developmentAreas, measures, activities, successFactors } = plan.data;
  const owner = units.data?.find((u) => u.id === p.owner_unit_id);
  const vision = sections.find((s) => /vision/i.test(s.title));
  const byPerspective = perspectives.length > 0
    ? perspectives.map((pe) => ({ perspective: pe, goals: goals.filter((g) => g.perspective_id === pe.id) }))
      .concat([{ perspective: null as never, goals: goals.filter((g) => g.perspective_id === null) }])
      .filter((x) => x.goals.length > 0)
    : [{ perspective: null, goals }];
  const sectionId = (key: string) => `avsnitt-${key}`;

  return (
    <>
      <p className="eyebrow">{owner?.name ?? ""}</p>
      <h1>{p.title}</h1>
      <dl className="facts">
        <div><dt>{t("plan.period")}</dt><dd>{p.first_year}–{p.last_year}</dd></div>
        <div><dt>{t("plan.status")}</dt><dd>{t(`planStatus.${p.status}`)}</dd></div>
        {p.version && <div><dt>{t("plan.version")}</dt><dd>{p.version}</dd></div>}
        {p.responsible && <div><dt>{t("plan.responsible")}</dt><dd>{p.responsible}</dd></div>}
        {p.document_id && <div><dt>{t("plan.documentId")}</dt><dd>{p.document_id}</dd></div>}
      </dl>
      <p className="actions no-print">
        <Link className="button" to={`/plans/${planId}/cascade`}>{t("nav.cascade")}</Link>
        <Link className="button button--secondary" to={`/plans/${planId}/scorecard`}>{t("nav.scorecard")}</Link>
        <Link className="button button--secondary" to={`/plans/${planId}/versions`}>{t("versions.title")}</Link>
        {(p.status === "draft" || p.status === "returned") && (
          <Link className="button button--secondary" to={`/plans/${planId}/edit`}>{t("authoring.edit")}</Link>
        )}
        <button type="button" className="button button--secondary" onClick={() => window.print()}>{t("plan.print")}</button>
      </p>
      {orgKey && <DocumentLinks orgKey={orgKey} planId={planId} />}

      {vision?.body && (
        <section aria-labelledby="vision-heading" className="panel panel--vision">
          <h2 id="vision-heading">{t("plan.vision")}</h2>
          <Markdown text={vision.body} idPrefix="vision" />
        </section>
      )}

      <section aria-labelledby="goals-heading">
        <h2 id="goals-heading">{t("plan.goals")} <span className="count">({goals.length})</span></h2>
        {goals.length === 0 && <p className="state">{t("plan.noGoals")}</p>}
        {byPerspective.map(({ perspective, goals: gs }, i) => (
          <div key={perspective?.id ?? `none-${i}`}>
            {perspective && <h3>{t("plan.perspective")}: {perspective.name}</h3>}
            {!perspective && perspectives.length > 0 && <h3>{t("plan.noPerspective")}</h3>}
            <ol className="goal-list">
              {gs.map((g) => {
                const nActivities = activities.filter((a) => (a.goal_ids ?? []).includes(g.id)).length;
                const nMeasures = measures.filter((m) => m.goal_id === g.id).length;
                const nFactors = successFactors.filter((s) => s.goal_id === g.id).length;
                return (
                  <li key={g.id}>
                    <Link to={`/plans/${planId}/goals/${g.id}`}>{g.text}</Link>
                    {nActivities + nMeasures + nFactors > 0 && (
                      <span className="muted small"> — {[
                        nActivities > 0 ? t("goal.activities", { count: nActivities }) : null,
                        nFactors > 0 ? t("goal.factors", { count: nFactors }) : null,
                        nMeasures > 0 ? t("goal.measures", { count: nMeasures }) : null,
                      ].filter(Boolean).join(", ")}</span>
                    )}
                  </li>
                );
              })}
            </ol>
          </div>
        ))}
      </section>

      {developmentAreas.length > 0 && (
        <section aria-labelledby="areas-heading">
          <h2 id="areas-heading">{t("plan.developmentAreas")} <span className="count">({developmentAreas.length})</span></h2>
          <ul className="card-list card-list--grid">
            {developmentAreas.map((d) => (
              <li key={d.id} className="card">
                <h3 className="card__title">{d.name}</h3>
                {d.priorities && d.priorities.length > 0 && (
                  <>
                    <p className="small strong">{t("plan.priorities")}</p>
                    <ul className="small">{d.priorities.map((x, i) => <li key={i}>{x}</li>)}</ul>
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      {perspectives.length > 0 && (
        <section aria-labelledby="perspectives-heading">
          <h2 id="perspectives-heading">{t("plan.perspectives")}</h2>
          <ul className="chips">{perspectives.map((pe) => <li key={pe.id}>{pe.name}</li>)}</ul>
        </section>
      )}

      {measures.length > 0 && (
        <section aria-labelledby="measures-heading">
          <h2 id="measures-heading">{t("plan.measures")} <span className="count">({measures.length})</span></h2>
          <ul className="columns">
            {measures.map((m) => (
              <li key={m.id}><Link to={`/plans/${planId}/measures/${m.id}`}>{m.name}</Link></li>
            ))}
          </ul>
        </section>
      )}

      {sections.length > 0 && (
        <section aria-labelledby="text-heading" className="plan-text">
          <h2 id="text-heading">{t("plan.text")}</h2>
          <nav aria-label={t("plan.contents")} className="toc">
            <ol>
              {sections.map((s) => (
                <li key={s.id} className={`toc__level-${s.level ?? 1}`}><a href={`#${sectionId(s.key)}`}>{s.title}</a></li>
              ))}
            </ol>
          </nav>
          {sections.map((s) => {
            const level = Math.min(6, (s.level ?? 1) + 2);
            const H = `h${level}` as "h3";
            return (
              <article key={s.id} id={sectionId(s.key)} className="plan-section">
                <H>{s.title}</H>
                {s.body && <Markdown text={s.body} headingOffset={level} idPrefix={sectionId(s.key)} />}
              </article>
            );
          })}
        </section>
      )}
    </>
  );
}
