import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { useMe } from "../api/auth";
import { useAssignments, useComments, usePlanTargets, useSaveBatch, type CommentThread } from "../api/authoringHooks";
import { useUnits, type PlanBundle } from "../api/hooks";
import type { Id, Unit } from "../api/types";
import { usePlanComparison, usePlanVersions } from "../api/workflowHooks";
import { CommentsPanel } from "../components/CommentsPanel";
import { Confirmation, FormErrors, useFormFeedback } from "../components/FormFeedback";
import { RecordForm, type RefOptions } from "../components/RecordForm";
import { ErrorState, Loading } from "../components/States";
import { useTitle } from "../components/Title";
import { collections, reorderChanges, type CollectionSpec } from "../lib/authoring";
import { holdsRoleAnywhere, isFrozen } from "../lib/permissions";
import { diffCounts, groupDiff } from "../lib/planDiff";
import { holdsRoleOver } from "../lib/workflow";
import { usePlanPage } from "./usePlanPage";

type Item = Record<string, unknown> & { id: Id; key: string; row_version?: number; position?: number };

const bundleKey: Record<string, keyof PlanBundle | "assignments"> = {
  sections: "sections", goals: "goals", assignments: "assignments", "development-areas": "developmentAreas",
  "success-factors": "successFactors", measures: "measures", activities: "activities",
};

// Writing a draft plan (docs/authoring.md): every part of it, item by item, each save
// one transaction; items reordered; the review's comments on each item; and what has
// changed since the approved version it was made from.
export function PlanEditPage() {
  const { t } = useTranslation();
  const { plan, orgKey, org, planId, error } = usePlanPage();
  const me = useMe();
  const units = useUnits(orgKey);
  const assignments = useAssignments(orgKey, planId);
  const comments = useComments(orgKey, planId);
  const measureIds = useMemo(() => (plan.data?.measures ?? []).map((m) => m.id), [plan.data]);
  const targets = usePlanTargets(orgKey, measureIds);
  const save = useSaveBatch(orgKey, planId);
  const [editing, setEditing] = useState<{ collection: string; id: Id | null; preset?: Record<string, unknown> } | null>(null);
  const [commenting, setCommenting] = useState<{ entity: string; id: Id; name: string } | null>(null);
  const feedback = useFormFeedback();
  useTitle(plan.data ? `${t("authoring.title")}: ${plan.data.plan.title}` : t("authoring.title"));

  if (error || units.error || assignments.error) return <ErrorState error={error ?? units.error ?? assignments.error} />;
  if (!plan.data || !units.data || !assignments.data || !org.data) return <Loading />;
  const p = plan.data;
  const orgId = org.data.id;
  // An administrator over the plan's unit may delete any comment of the review.
  const planAdmin = holdsRoleOver(me.data, orgId, "administrator", p.plan.owner_unit_id, units.data);
  const mayWrite = holdsRoleAnywhere(me.data, orgId, "planner") || holdsRoleAnywhere(me.data, orgId, "administrator");
  const items = (collection: string): Item[] => {
    const k = bundleKey[collection];
    return (k === "assignments" ? assignments.data : (p[k] as unknown as Item[])) as Item[];
  };
  const refs: RefOptions = {
    units: units.data.map((u: Unit) => ({ id: u.id, label: u.name })),
    goals: p.goals.map((g) => ({ id: g.id, label: g.text })),
    perspectives: p.perspectives.map((x) => ({ id: x.id, label: x.name })),
    developmentAreas: p.developmentAreas.map((x) => ({ id: x.id, label: x.name })),
    successFactors: p.successFactors.map((x) => ({ id: x.id, label: x.name })),
    activities: p.activities.map((x) => ({ id: x.id, label: `${x.name} (${t(`level.${x.level}`)})` })),
  };
  const threads: CommentThread[] = comments.data?.items ?? [];
  const openOn = (entity: string, id: Id) => threads.filter((th) => th.entity === entity && th.item_id === id && !th.resolved).length;
  const vision = p.sections.find((s) => /vision/i.test(s.title));

  const header = (
    <>
      <nav aria-label={t("nav.breadcrumbs")} className="breadcrumbs">
        <Link to={`/plans/${planId}`}>{p.plan.title}</Link> › <Link to={`/plans/${planId}/versions`}>{t("versions.title")}</Link>
      </nav>
      <p className="eyebrow">{p.plan.title}</p>
      <h1>{t("authoring.title")}</h1>
    </>
  );
  if (isFrozen(p.plan)) {
    return (
      <>
        {header}
        <p className="alert alert--info">{t("authoring.frozen", { status: t(`planStatus.${p.plan.status}`).toLowerCase() })}{" "}
          <Link to={`/plans/${planId}/versions`}>{t("authoring.toVersions")}</Link></p>
      </>
    );
  }
  // Members read the draft and comment on it (the review); planners also write it.
  const member = !!me.data && (me.data.installation_admin || me.data.roles.some((r) => r.organisation_id === orgId));
  if (!member) return <>{header}<p className="state">{t("authoring.noRole")}</p></>;

  const move = (spec: CollectionSpec, list: Item[], index: number, step: -1 | 1) => feedback.run(async () => {
    await save.mutateAsync(reorderChanges(spec.collection, list, index, step));
    return t("authoring.moved", { name: String(list[index][spec.nameField]) });
  });

  return (
    <>
      {header}
      <p className="lead">{t("authoring.lead")}</p>
      <PlanChanges org={orgKey} planId={planId} bundle={p} />
      <p role="status">{t("comments.openCount", { count: comments.data?.open ?? 0 })}</p>
      <FormErrors fb={feedback} prefix="edit" labels={{}} />
      <Confirmation text={feedback.confirmation} />
      <section className="panel panel--vision" aria-labelledby="edit-vision-heading">
        <h2 id="edit-vision-heading">{t("authoring.vision")}</h2>
        {vision ? (
          <>
            <p>{vision.body}</p>
            <button type="button" className="button button--secondary" onClick={() => setEditing({ collection: "sections", id: vision.id })}>
              {t("authoring.editNamed", { name: vision.title })}
            </button>
          </>
        ) : (
          <button type="button" className="button button--secondary"
            onClick={() => setEditing({ collection: "sections", id: null, preset: { title: t("authoring.vision"), level: 1 } })}>
            {t("authoring.addVision")}
          </button>
        )}
      </section>
      {collections.map((spec) => {
        const list = items(spec.collection);
        const headingId = `edit-${spec.collection}-list`;
        const what = t(`authoring.one.${spec.collection}`);
        const form = editing?.collection === spec.collection && (
          <RecordForm key={`${editing.id ?? "new"}`} spec={spec} record={editing.id === null ? null : list.find((x) => x.id === editing.id) ?? null}
            preset={editing.preset ?? null} planId={planId} firstYear={p.plan.first_year} lastYear={p.plan.last_year}
            taken={list.map((x) => x.key)} refs={refs} units={units.data}
            targets={spec.collection === "measures" && editing.id !== null ? (targets.data ?? []).filter((x) => x.measure_id === editing.id) : []}
            save={(changes) => save.mutateAsync(changes)}
            onDone={(message) => { setEditing(null); feedback.clear(); feedback.setConfirmation(message); }}
            onCancel={() => setEditing(null)} />
        );
        return (
          <section key={spec.collection} aria-labelledby={headingId} className="edit-collection">
            <h2 id={headingId}>{t(`authoring.collection.${spec.collection}`)}</h2>
            {list.length === 0 ? <p className="muted">{t("authoring.empty")}</p> : (
              <ol className="edit-list">
                {list.map((item, i) => {
                  const name = String(item[spec.nameField] ?? item.key);
                  const open = openOn(spec.entity, item.id);
                  return (
                    <li key={item.id}>
                      <span className="edit-list__name">{name}</span>
                      {spec.collection === "activities" && <span className="muted small"> ({t(`level.${String(item.level)}`)}
                        {item.owner_unit_id ? `, ${units.data.find((u) => u.id === item.owner_unit_id)?.name ?? ""}` : ""})</span>}
                      <span className="edit-list__actions">
                        {mayWrite && <>
                          <button type="button" className="button button--small button--secondary" onClick={() => { setEditing({ collection: spec.collection, id: item.id }); setCommenting(null); }}
                            aria-label={t("authoring.editNamed", { name })}>{t("authoring.editItem")}</button>
                          <button type="button" className="button button--small button--secondary" disabled={i === 0 || save.isPending}
                            aria-label={t("authoring.upNamed", { name })} onClick={() => move(spec, list, i, -1)}>↑</button>
                          <button type="button" className="button button--small button--secondary" disabled={i === list.length - 1 || save.isPending}
                            aria-label={t("authoring.downNamed", { name })} onClick={() => move(spec, list, i, 1)}>↓</button>
                        </>}
                        {/* The accessible name starts with the visible text (WCAG 2.5.3) and names the item. */}
                        <button type="button" className="button button--small"
                          aria-label={`${t("authoring.commentsCount", { count: open })}: ${name}`}
                          aria-expanded={commenting?.entity === spec.entity && commenting.id === item.id}
                          onClick={() => setCommenting({ entity: spec.entity, id: item.id, name })}>
                          {t("authoring.commentsCount", { count: open })}
                        </button>
                      </span>
                      {commenting?.entity === spec.entity && commenting.id === item.id && orgKey && (
                        <CommentsPanel org={orgKey} planId={planId} entity={spec.entity} itemId={item.id} name={name}
                          me={me.data?.user.username ?? null} mayDeleteAny={planAdmin}
                          threads={threads} onClose={() => setCommenting(null)} />
                      )}
                      {editing?.collection === spec.collection && editing.id === item.id && form}
                    </li>
                  );
                })}
              </ol>
            )}
            {editing?.collection === spec.collection && editing.id === null && form}
            {mayWrite && <button type="button" className="button button--secondary" onClick={() => { setEditing({ collection: spec.collection, id: null }); setCommenting(null); }}>
              {t("authoring.add", { what })}
            </button>}
          </section>
        );
      })}
      {/* The economy tables are written in their own tables (the same draft, the same versions and
          conflicts); from here they are one link away, each part named. */}
      <section className="panel" aria-labelledby="edit-economy-heading">
        <h2 id="edit-economy-heading">{t("authoring.economy")}</h2>
        <p>{t("authoring.economyLead")}</p>
        <ul>
          <li><Link to={`/plans/${planId}/economy`}>{t("authoring.economyFrames")}</Link></li>
          <li><Link to={`/plans/${planId}/economy/requests`}>{t("authoring.economyRequests")}</Link></li>
          <li><Link to={`/plans/${planId}/economy/property`}>{t("authoring.economyProperty")}</Link></li>
        </ul>
      </section>
    </>
  );
}

// What this draft changes in the approved version it was made from (the plan compare).
function PlanChanges({ org, planId, bundle }: { org: string | undefined; planId: Id; bundle: PlanBundle }) {
  const { t } = useTranslation();
  const versions = usePlanVersions(org, planId);
  const self = versions.data?.find((v) => v.id === planId);
  const from = self?.previous_plan_id ?? undefined;
  const previous = versions.data?.find((v) => v.id === from);
  const diff = usePlanComparison(org, from, planId);
  const groups = useMemo(() => (diff.data ? groupDiff(diff.data, {
    sections: Object.fromEntries(bundle.sections.map((x) => [x.key, x.title])),
    goals: Object.fromEntries(bundle.goals.map((x) => [x.key, x.text])),
    development_areas: Object.fromEntries(bundle.developmentAreas.map((x) => [x.key, x.name])),
    measures: Object.fromEntries(bundle.measures.map((x) => [x.key, x.name])),
    activities: Object.fromEntries(bundle.activities.map((x) => [x.key, x.name])),
  }) : []), [diff.data, bundle]);
  if (!versions.data) return null;
  const counts = diffCounts(groups);
  return (
    <section className="panel" aria-labelledby="edit-changes-heading">
      <h2 id="edit-changes-heading">{t("authoring.changes")}</h2>
      {from === undefined ? <p>{t("authoring.noPrevious")}</p> : !diff.data ? <Loading /> : (
        <>
          <p>{counts.added + counts.removed + counts.changed === 0 ? t("authoring.changesNone")
            : t("authoring.changesSummary", { ...counts, from: previous?.version ?? previous?.number ?? "" })}</p>
          {groups.length > 0 && (
            <ul>
              {groups.flatMap((g) => [
                ...g.added.map((e) => <li key={`a-${g.collection}-${e.key}`}>{t("compare.markAdded")}: {e.label}</li>),
                ...g.removed.map((e) => <li key={`r-${g.collection}-${e.key}`}>{t("compare.markRemoved")}: {e.label}</li>),
                ...g.changed.map((e) => <li key={`c-${g.collection}-${e.key}`}>{t("compare.markChanged")}: {e.label}</li>),
              ])}
            </ul>
          )}
          <p><Link to={`/plans/${planId}/compare`}>{t("authoring.changesFull")}</Link></p>
        </>
      )}
    </section>
  );
}
