import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { useMe } from "../api/auth";
import { ApiError } from "../api/client";
import { useOrganisation, useUnits } from "../api/hooks";
import { completenessUrl, useCompleteness, usePeriodAction, useReportingPeriods } from "../api/reportingRoundHooks";
import type { PartName, Unsubmitted } from "../api/reportingRoundTypes";
import { CompletenessHeatMap, type CellChoice } from "../components/CompletenessHeatMap";
import { ErrorState, Loading } from "../components/States";
import { useTitle } from "../components/Title";
import { UnitPicker } from "../components/UnitPicker";

// Completeness of a reporting period (docs/reporting-round.md): the heat map of units ×
// parts for a unit's subtree, drill-down to what is missing, downloads, and — for those
// who may — opening and closing the period.
export function CompletenessPage() {
  const { t } = useTranslation();
  const org = useOrganisation();
  const orgKey = org.data?.key;
  const me = useMe();
  const units = useUnits(orgKey);
  const periods = useReportingPeriods(orgKey);
  const [params, setParams] = useSearchParams();
  const [selected, setSelected] = useState<CellChoice | null>(null);
  const action = usePeriodAction(orgKey);
  const [message, setMessage] = useState<string | null>(null);
  useTitle(t("round.completenessTitle"));

  const sorted = [...(periods.data ?? [])].sort((a, b) => b.year - a.year || b.id - a.id);
  const asked = params.get("period");
  const byPoint = sorted.find((p) => String(p.year) === params.get("year") && p.point === params.get("point"));
  const period = sorted.find((p) => String(p.id) === asked) ?? byPoint ?? sorted.find((p) => p.status === "open") ?? sorted[0];
  const unit = params.get("unit") ?? "";
  const data = useCompleteness(orgKey, period?.id, unit, !!me.data);

  if (me.isSuccess && !me.data) return <><h1>{t("round.completenessTitle")}</h1><p>{t("round.signIn")}</p></>;
  if (org.error || units.error || periods.error) return <ErrorState error={org.error ?? units.error ?? periods.error} />;
  if (!orgKey || !units.data || !periods.data) return <Loading />;
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v); else next.delete(k);
    setParams(next);
    setSelected(null);
  };
  // Who may open and close: a planner or administrator over the whole organisation.
  const roles = me.data?.roles.filter((g) => g.organisation_id === org.data?.id && g.unit_id === null).map((g) => g.role) ?? [];
  const manager = !!me.data && (me.data.installation_admin || roles.includes("planner") || roles.includes("administrator"));
  const admin = !!me.data && (me.data.installation_admin || roles.includes("administrator"));
  const refused = action.error instanceof ApiError && action.error.details?.code === "unsubmitted_reports"
    ? (action.error.details.reports as Unsubmitted[]) : null;
  const run = (what: "open" | "close", force = false) => {
    if (!period) return;
    setMessage(null);
    action.mutate({ period: period.id, action: what, force }, {
      onSuccess: (answer) => setMessage(what === "open"
        ? t("round.opened") + (Object.keys((answer.carried as object) ?? {}).length ? " " + t("round.carriedNote") : "")
        : t("round.closed")),
    });
  };

  const chosenUnit = selected && data.data?.units.find((u) => u.id === selected.unit);
  const chosen = chosenUnit && selected ? chosenUnit.parts[selected.part] : null;
  const partLabel = (p: PartName) => t(`round.part.${p}`);

  return (
    <>
      <h1>{t("round.completenessTitle")}</h1>
      <p className="lead">{t("round.completenessLead")}</p>
      {sorted.length === 0 ? <p>{t("round.noPeriod")}</p> : (
        <div className="toolbar no-print">
          <div className="field field--inline">
            <label htmlFor="completeness-period">{t("round.periodPick")}</label>
            <select id="completeness-period" value={period?.id ?? ""} onChange={(e) => set("period", e.target.value)}>
              {sorted.map((p) => (
                <option key={p.id} value={p.id}>
                  {t(`point.${p.point}`)} {p.year} ({t(p.status === "open" ? "round.periodOpen" : "round.periodClosed")})
                </option>
              ))}
            </select>
          </div>
          <UnitPicker id="completeness-unit" units={units.data} value={unit} allowAll label={t("round.unitPick")} onChange={(v) => set("unit", v)} />
        </div>
      )}
      {period && (
        <p>
          {t("round.period", { point: t(`point.${period.point}`), year: period.year })} ({t(period.status === "open" ? "round.periodOpen" : "round.periodClosed")}).{" "}
          {period.deadline ? t("round.deadline", { date: period.deadline }) : t("round.noDeadline")}
        </p>
      )}
      {period && manager && (
        <div className="period-actions no-print">
          {period.status === "closed"
            ? <button type="button" onClick={() => run("open")} disabled={action.isPending}>{t("round.openPeriod")}</button>
            : <button type="button" onClick={() => run("close")} disabled={action.isPending}>{t("round.closePeriod")}</button>}
          {period.status === "open" && refused && admin && (
            <button type="button" onClick={() => run("close", true)} disabled={action.isPending}>{t("round.forceClose")}</button>
          )}
        </div>
      )}
      <div aria-live="polite">
        {message && <p className="alert alert--success">{message}</p>}
        {action.error && (
          <div className="alert alert--error" role="alert">
            <p>{refused ? t("round.closeRefused", { count: refused.length }) : action.error.message}</p>
            {refused && (
              <ul>
                {refused.map((r) => <li key={r.unit_id}>{r.name} ({t(`round.state.${r.state}`)})</li>)}
              </ul>
            )}
          </div>
        )}
      </div>
      {data.error ? <ErrorState error={data.error} /> : !data.data ? (period ? <Loading /> : null) : (
        <>
          <p>{t("round.unitsComplete", { complete: data.data.totals.units_complete, owing: data.data.totals.units_owing, nothing: data.data.totals.units_nothing_to_report })}</p>
          <p className="hint">{t("round.legend")}</p>
          {chosenUnit && chosen && selected && (
            <section className="completeness-missing" aria-labelledby="missing-title">
              <h2 id="missing-title" tabIndex={-1} ref={(el) => el?.focus()}>
                {t("round.missingTitle", { unit: chosenUnit.name, part: partLabel(selected.part) })}
              </h2>
              {(chosen.missing ?? []).length === 0 ? <p>{t("round.missingNone")}</p> : (
                <ul>
                  {(chosen.missing ?? []).map((m, i) => (
                    <li key={`${m.id}-${i}`}>
                      {selected.part === "report" ? t("round.reportMissing", { state: t(`round.state.${m.state ?? "none"}`) }) : (
                        <>
                          {m.name}{m.key ? <span className="muted"> ({m.key})</span> : null}
                          {m.missing_sexes && m.missing_sexes.length > 0 && (
                            <> — {t("round.sexes", { sexes: m.missing_sexes.map((s) => t(`round.sex.${s}`)).join(", ") })}</>
                          )}
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              )}
              <button type="button" className="link" onClick={() => setSelected(null)}>{t("round.closeDetails")}</button>
            </section>
          )}
          <CompletenessHeatMap data={data.data} selected={selected} onSelect={setSelected} />
          {period && (
            <p className="no-print">
              {t("round.download")}:{" "}
              <a href={completenessUrl(orgKey, period.id, unit, "xlsx")} download>{t("round.xlsx")}</a>{" · "}
              <a href={completenessUrl(orgKey, period.id, unit, "csv")} download>{t("round.csv")}</a>
            </p>
          )}
        </>
      )}
    </>
  );
}
