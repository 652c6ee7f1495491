import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import type { PlanBundle } from "../api/hooks";
import { usePlanComparison, usePlanVersions } from "../api/workflowHooks";
import type { FieldChange, PlanVersionSummary } from "../api/workflowTypes";
import { ErrorState, Loading } from "../components/States";
import { useTitle } from "../components/Title";
import { WorkflowBadge } from "../components/WorkflowControls";
import { diffCounts, groupDiff, valueText, type ChangedEntry, type DiffEntry } from "../lib/planDiff";
import { usePlanPage } from "./usePlanPage";

const versionName = (v: PlanVersionSummary) => v.version ?? String(v.number);

// What each item of this plan is called, per plan-file collection and key: a changed
// item whose name did not change is named from here.
function namesOf(b: PlanBundle | undefined): Record<string, Record<string, string>> {
  if (!b) return {};
  const map = <T extends { key: string }>(xs: T[], name: (x: T) => string) => Object.fromEntries(xs.map((x) => [x.key, name(x)]));
  return {
    sections: map(b.sections, (x) => x.title), perspectives: map(b.perspectives, (x) => x.name), goals: map(b.goals, (x) => x.text),
    development_areas: map(b.developmentAreas, (x) => x.name), missions: map(b.missions, (x) => x.text),
    success_factors: map(b.successFactors, (x) => x.name), activities: map(b.activities, (x) => x.name), measures: map(b.measures, (x) => x.name),
  };
}

function Fields({ fields, caption }: { fields: FieldChange[]; caption: string }) {
  const { t } = useTranslation();
  // A plan's status reads as on the plan overview ("Fastställd", not "approved").
  const show = (field: string, v: unknown) =>
    field === "status" && typeof v === "string" ? t(`planStatus.${v}`, { defaultValue: v }) : valueText(v);
  return (
    <table className="table diff-fields">
      <caption className="visually-hidden">{caption}</caption>
      <thead><tr><th scope="col">{t("compare.field")}</th><th scope="col">{t("compare.before")}</th><th scope="col">{t("compare.after")}</th></tr></thead>
      <tbody>
        {fields.map((f) => (
          <tr key={f.field}>
            <th scope="row">{t(`compare.fieldName.${f.field}`, { defaultValue: f.field })}</th>
            <td className="wrap"><span className="visually-hidden">{t("compare.before")}: </span><span className="diff-before">{show(f.field, f.before)}</span></td>
            <td className="wrap"><span className="visually-hidden">{t("compare.after")}: </span><span className="diff-after">{show(f.field, f.after)}</span></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function EntryList({ entries, mark, tone, icon }: { entries: DiffEntry[]; mark: string; tone: string; icon: string }) {
  return (
    <ul className="diff-list">
      {entries.map((e) => (
        <li key={e.key}>
          <span className={`badge badge--${tone} diff-mark`}><span className="badge__icon" aria-hidden="true">{icon}</span>{mark}</span>{" "}
          {e.label} <span className="muted small">({e.key})</span>
        </li>
      ))}
    </ul>
  );
}

// What changed from one version of a plan to this one (GET …/plans/{from}/compare?with={this}):
// per kind of item, what was added, removed and changed, with each changed field before and after.
export function PlanComparePage() {
  const { t } = useTranslation();
  const { plan, orgKey, error, planId } = usePlanPage();
  const versions = usePlanVersions(orgKey, planId);
  const [params, setParams] = useSearchParams();
  const self = versions.data?.find((v) => v.id === planId);
  const from = params.get("from") ? Number(params.get("from")) : self?.previous_plan_id ?? undefined;
  const diff = usePlanComparison(orgKey, from, planId);
  const groups = useMemo(() => (diff.data ? groupDiff(diff.data, namesOf(plan.data)) : []), [diff.data, plan.data]);
  useTitle(plan.data ? `${t("compare.title")}: ${plan.data.plan.title}` : t("compare.title"));

  if (error || versions.error) return <ErrorState error={error ?? versions.error} />;
  if (!plan.data || !versions.data) return <Loading />;
  const others = versions.data.filter((v) => v.id !== planId).sort((a, b) => b.number - a.number);
  const fromVersion = versions.data.find((v) => v.id === from);
  const counts = diffCounts(groups);
  const thisName = self ? versionName(self) : plan.data.plan.version ?? "";

  return (
    <>
      <nav aria-label={t("nav.breadcrumbs")} className="breadcrumbs">
        <Link to={`/plans/${planId}`}>{plan.data.plan.title}</Link> › <Link to={`/plans/${planId}/versions`}>{t("versions.title")}</Link>
      </nav>
      <p className="eyebrow">{plan.data.plan.title}</p>
      <h1>{t("compare.heading", { name: thisName })}</h1>
      {others.length === 0 ? <p className="state">{t("compare.noOther")}</p> : (
        <div className="toolbar no-print">
          <div className="field field--inline">
            <label htmlFor="compare-from">{t("compare.with")}</label>
            <select id="compare-from" value={from ?? ""} onChange={(e) => { const n = new URLSearchParams(params); n.set("from", e.target.value); setParams(n); }}>
              {from === undefined && <option value="">{t("compare.choose")}</option>}
              {others.map((v) => <option key={v.id} value={v.id}>{t("versions.versionN", { name: versionName(v) })} ({t(`planStatus.${v.status}`)})</option>)}
            </select>
          </div>
        </div>
      )}
      {fromVersion && self && (
        <p>
          {t("compare.fromTo", { from: versionName(fromVersion), to: thisName })}{" "}
          <WorkflowBadge state={fromVersion.status} kind="plan" /> → <WorkflowBadge state={self.status} kind="plan" />
        </p>
      )}
      {from !== undefined && diff.isPending && <Loading />}
      {diff.error && <ErrorState error={diff.error} />}
      {diff.data && (
        <>
          <p role="status" className="strong">
            {counts.added + counts.removed + counts.changed + diff.data.plan.length === 0
              ? t("compare.same")
              : t("compare.summary", { added: counts.added, removed: counts.removed, changed: counts.changed })}
          </p>
          {diff.data.plan.length > 0 && (
            <section aria-labelledby="compare-plan" className="diff-group">
              <h2 id="compare-plan">{t("compare.planFields")}</h2>
              <Fields fields={diff.data.plan} caption={t("compare.planFields")} />
            </section>
          )}
          {groups.map((g) => {
            const title = t(`compare.collection.${g.collection}`, { defaultValue: g.collection });
            const id = `compare-${g.collection}`;
            return (
              <section key={g.collection} aria-labelledby={id} className="diff-group">
                <h2 id={id}>{title}</h2>
                {g.added.length > 0 && <><h3>{t("compare.added", { count: g.added.length })}</h3>
                  <EntryList entries={g.added} mark={t("compare.markAdded")} tone="good" icon="+" /></>}
                {g.removed.length > 0 && <><h3>{t("compare.removed", { count: g.removed.length })}</h3>
                  <EntryList entries={g.removed} mark={t("compare.markRemoved")} tone="bad" icon="−" /></>}
                {g.changed.length > 0 && <><h3>{t("compare.changed", { count: g.changed.length })}</h3>
                  <ul className="diff-list">
                    {g.changed.map((c: ChangedEntry) => (
                      <li key={c.key}>
                        <span className="badge badge--info diff-mark"><span className="badge__icon" aria-hidden="true">✎</span>{t("compare.markChanged")}</span>{" "}
                        <strong>{c.label}</strong> <span className="muted small">({c.key})</span>
                        <Fields fields={c.fields} caption={t("compare.fieldsOf", { name: c.label })} />
                      </li>
                    ))}
                  </ul></>}
              </section>
            );
          })}
        </>
      )}
    </>
  );
}
