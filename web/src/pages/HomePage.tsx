import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { useMe } from "../api/auth";
import { useOrganisation } from "../api/hooks";
import { useTodo } from "../api/reportingRoundHooks";
import { PARTS, type Counts } from "../api/reportingRoundTypes";
import { NotificationsList } from "../components/NotificationsList";
import { ErrorState, Loading } from "../components/States";
import { StatusBadge } from "../components/StatusBadge";
import { useTitle } from "../components/Title";
import { missingParts } from "../lib/completeness";

// The home page after sign-in, "Att göra" (docs/reporting-round.md): by the roles the
// user holds — what their units still miss for the period, the reports waiting for
// their decision, completeness of their area and the economy findings, the region's
// scorecard. The plans stay one link away.
export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const org = useOrganisation();
  const member = !!me.data && (me.data.installation_admin || me.data.roles.some((g) => g.organisation_id === org.data?.id));
  const todo = useTodo(org.data?.key, member);
  useTitle(t("round.homeTitle"));

  const plansLink = <p><Link to="/">{t("round.plansLink")}</Link></p>;
  if (me.isPending || org.isPending) return <Loading />;
  if (!me.data) return <><h1>{t("round.homeTitle")}</h1><p>{t("round.signIn")}</p>{plansLink}</>;
  if (org.error) return <ErrorState error={org.error} />;
  if (!member) return <><h1>{t("round.homeTitle")}</h1>{plansLink}</>;
  if (todo.error) return <ErrorState error={todo.error} />;
  if (!todo.data) return <Loading />;
  const d = todo.data;
  const percent = (c: Counts) => c.percent === null ? t("round.nothing") : t("round.cell", { done: c.done, required: c.required, percent: c.percent });
  const completenessLink = (unit?: string) => {
    const q = new URLSearchParams();
    if (d.period?.id) q.set("period", String(d.period.id));
    if (unit) q.set("unit", unit);
    return `/completeness?${q.toString()}`;
  };

  return (
    <>
      <h1>{t("round.homeTitle")}</h1>
      <p className="lead">{t("round.homeLead")}</p>
      {d.period ? (
        <p>
          <strong>{t("round.period", { point: t(`point.${d.period.point}`), year: d.period.year })}</strong>{" "}
          ({t(d.period.status === "open" ? "round.periodOpen" : "round.periodClosed")}).{" "}
          {d.period.deadline ? t("round.deadline", { date: d.period.deadline }) : t("round.noDeadline")}{" "}
          <Link to={completenessLink()}>{t("round.seeCompleteness")}</Link>
        </p>
      ) : <p>{t("round.noPeriod")}</p>}
      {plansLink}

      {/* In-app notifications: what reminders said to this person (docs/reporting-round.md). */}
      <section className="home-notifications" aria-labelledby="home-notifications-title" data-slot="notifications">
        <h2 id="home-notifications-title">{t("round.notificationsTitle")}</h2>
        <NotificationsList org={org.data?.key} headingLevel={3} />
        <p><Link to="/notifications">{t("round.notificationsLink")}</Link></p>
      </section>

      <div className="home-sections">
        {d.reporter && (
          <section aria-labelledby="home-reporter" data-section="reporter">
            <h2 id="home-reporter">{t("round.reporterTitle")}</h2>
            {d.reporter.units.length === 0 ? <p>{t("round.reporterNone")}</p> : (
              <ul>
                {d.reporter.units.map((u) => (
                  <li key={u.id}>
                    <Link to={completenessLink(u.key)}>{u.name}</Link>: {percent(u.overall)}.{" "}
                    {t("round.missingIn", { parts: missingParts(u, PARTS).map((p) => t(`round.part.${p}`).toLowerCase()).join(", ") })}
                    {d.period?.deadline && <> — {t("round.deadline", { date: d.period.deadline })}</>}
                  </li>
                ))}
              </ul>
            )}
            {d.reporter.total > d.reporter.units.length && <p className="muted">{t("round.reporterMore", { shown: d.reporter.units.length, total: d.reporter.total })}</p>}
          </section>
        )}
        {d.approver && (
          <section aria-labelledby="home-approver" data-section="approver">
            <h2 id="home-approver">{t("round.approverTitle")}</h2>
            {d.approver.reports.length === 0 ? <p>{t("round.approverNone")}</p> : (
              <ul>
                {d.approver.reports.map((r) => (
                  <li key={r.id}>
                    <strong>{r.unit.name}</strong>, {t(`point.${r.point}`)} {r.year}
                    {r.submitted_by && <> — {t("round.submittedBy", { who: r.submitted_by })}</>}
                  </li>
                ))}
              </ul>
            )}
          </section>
        )}
        {d.controller && (
          <section aria-labelledby="home-controller" data-section="controller">
            <h2 id="home-controller">{t("round.controllerTitle")}</h2>
            {d.controller.subtrees.length === 0 && d.period === null && <p>{t("round.noPeriod")}</p>}
            <ul>
              {d.controller.subtrees.map((s) => s.unit && (
                <li key={s.unit.id}>
                  <Link to={completenessLink(s.unit.key)}>{s.unit.name}</Link>: {percent(s.totals.overall)}.{" "}
                  {t("round.unitsComplete", { complete: s.totals.units_complete, owing: s.totals.units_owing, nothing: s.totals.units_nothing_to_report })}
                </li>
              ))}
            </ul>
            <h3>{t("round.findingsTitle")}</h3>
            {d.controller.findings.length === 0 ? <p>{t("round.findingsNone")}</p> : (
              <ul>
                {d.controller.findings.slice(0, 8).map((f, i) => <li key={i}><span className="muted">{f.plan}:</span> {f.message}</li>)}
              </ul>
            )}
            {d.controller.findings.length > 8 && <p className="muted">{t("round.findingsMore", { count: d.controller.findings.length - 8 })}</p>}
          </section>
        )}
        {d.scorecard && (
          <section aria-labelledby="home-scorecard" data-section="scorecard">
            <h2 id="home-scorecard">{t("round.scorecardTitle")}</h2>
            <p>{d.scorecard.unit.name}, {t(`point.${d.scorecard.point}`)} {d.scorecard.year}</p>
            <ul>
              {d.scorecard.goals.map((g, i) => (
                <li key={g.id ?? `none-${i}`}>{g.title} <StatusBadge kind="score" status={g.status} /></li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </>
  );
}
