import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../api/auth";
import { useOrganisation, useUnits } from "../api/hooks";
import { usePatchRisk, useRisks } from "../api/riskHooks";
import type { Risk } from "../api/riskTypes";
import { FormErrors, useFormFeedback } from "../components/FormFeedback";
import { HeatMap } from "../components/HeatMap";
import { ExampleNote, ExampleTag, RiskHeader } from "../components/RiskParts";
import { ErrorState, Loading, Unavailable } from "../components/States";
import { useTitle } from "../components/Title";
import { holdsRole } from "../lib/permissions";
import { STEPS, heatMap, requiresAction, riskValue, scaleFrom } from "../lib/risk";
import { usePlanPage } from "./usePlanPage";

type Pair = Pick<Risk, "probability" | "consequence" | "residual_probability" | "residual_consequence">;

// The board's risk assessment meeting: one risk at a time, probability and consequence
// set together. The matrix re-renders at once from what is set here (local state laid
// over the server's risks) and each choice is saved; the page polls so that the other
// participants' settings arrive within seconds.
export function RiskWorkshopPage() {
  const { t } = useTranslation();
  const { plan, orgKey, error, planId } = usePlanPage();
  const data = useRisks(orgKey, planId, 3000);
  const units = useUnits(orgKey);
  const org = useOrganisation();
  const me = useMe();
  const patch = usePatchRisk(orgKey, planId);
  const versions = useRef<Record<number, number>>({});
  const saving = useRef<Promise<void>>(Promise.resolve());
  // A refusal is shown as every form shows one; the choice goes back to what the server holds.
  const fb = useFormFeedback();
  const [index, setIndex] = useState(0);
  const [local, setLocal] = useState<Record<number, Pair>>({});
  const [status, setStatus] = useState<string | null>(null);
  useTitle(t("risk.workshop"));
  const risks = data.data?.risks ?? [];
  // What the server holds wins once it has caught up with what was set here.
  useEffect(() => {
    setLocal((l) => {
      const next = { ...l };
      for (const r of risks) {
        const mine = next[r.id];
        if (mine && mine.probability === r.probability && mine.consequence === r.consequence &&
          mine.residual_probability === r.residual_probability && mine.residual_consequence === r.residual_consequence) delete next[r.id];
      }
      return next;
    });
  }, [data.data]); // eslint-disable-line react-hooks/exhaustive-deps

  if (error) return <ErrorState error={error} />;
  if (data.error) return <Unavailable error={data.error} what={t("risk.title")} />;
  if (!plan.data || !data.data || !orgKey) return <Loading />;
  const scale = scaleFrom(data.data.matrices[0]);
  const shown = risks.map((r) => ({ ...r, ...(local[r.id] ?? {}) }));
  if (shown.length === 0) {
    return (<><RiskHeader planTitle={plan.data.plan.title} title={t("risk.workshop")} orgKey={orgKey} planId={planId} /><p className="state">{t("risk.none")}</p></>);
  }
  const at = Math.min(index, shown.length - 1);
  const risk = shown[at];
  const unit = risk.owner_unit_id ?? plan.data.plan.owner_unit_id;
  const mayEdit = !!me.data && !!org.data && (holdsRole(me.data, org.data.id, "planner", unit, units.data ?? []) ||
    holdsRole(me.data, org.data.id, "board_planner", unit, units.data ?? []));
  const value = riskValue(risk.probability, risk.consequence);

  const set = (change: Partial<Pair>) => {
    const next: Pair = {
      probability: risk.probability, consequence: risk.consequence,
      residual_probability: risk.residual_probability, residual_consequence: risk.residual_consequence, ...change,
    };
    // A residual pair is saved whole: the missing half starts where the risk stands.
    if (change.residual_probability !== undefined && change.residual_probability !== null && next.residual_consequence === null) next.residual_consequence = next.consequence;
    if (change.residual_consequence !== undefined && change.residual_consequence !== null && next.residual_probability === null) next.residual_probability = next.probability;
    setLocal((l) => ({ ...l, [risk.id]: next }));
    fb.clear();
    setStatus(t("risk.saving"));
    // Saves go one after another, each with the version the previous one left, so that
    // quick choices are not refused as each other's conflicts.
    const id = risk.id;
    saving.current = saving.current.then(async () => {
      try {
        const version = Math.max(versions.current[id] ?? 0, risk.row_version ?? 0) || undefined;
        const saved = await patch.mutateAsync({ id, change: next, version });
        if (saved.row_version !== undefined) versions.current[id] = saved.row_version;
        setStatus(t("risk.saved", { title: saved.title, value: riskValue(saved.probability, saved.consequence) }));
      } catch (e) {
        setStatus(null);
        fb.fail(e);
        setLocal((l) => { const { [id]: _dropped, ...rest } = l; return rest; });
      }
    });
  };

  const scaleGroup = (name: keyof Pair, legend: string, labels: string[], current: number | null, allowNone: boolean) => (
    <fieldset className="scale-choice" disabled={!mayEdit}>
      <legend>{legend}</legend>
      {allowNone && (
        <label><input type="radio" name={name} checked={current === null} onChange={() => set({ residual_probability: null, residual_consequence: null })} /> {t("risk.clearResidual")}</label>
      )}
      {STEPS.map((s) => (
        <label key={s}>
          <input type="radio" name={name} value={s} checked={current === s} onChange={() => set({ [name]: s } as Partial<Pair>)} /> {s} {labels[s - 1]}
        </label>
      ))}
    </fieldset>
  );

  return (
    <>
      <RiskHeader planTitle={plan.data.plan.title} title={t("risk.workshop")} orgKey={orgKey} planId={planId} />
      <p>{t("risk.workshopLead")}</p>
      <ExampleNote origins={risks.map((r) => r.origin)} />
      {!me.data && <p className="state state--info">{t("risk.signIn")}</p>}
      {me.data && !mayEdit && <p className="state state--info">{t("risk.readOnly")}</p>}
      <div className="workshop">
        <section className="workshop__risk" aria-labelledby="workshop-risk">
          <p className="eyebrow">{t("risk.of", { n: at + 1, total: shown.length })}</p>
          <h2 id="workshop-risk">{risk.title} <ExampleTag origin={risk.origin} /></h2>
          {risk.description && <p>{risk.description}</p>}
          {risk.cause && <p><strong>{t("risk.cause")}:</strong> {risk.cause}</p>}
          <p className="strong" data-testid="workshop-value">
            {t("risk.value")}: {risk.probability} × {risk.consequence} = {value} — {requiresAction(scale, value) ? scale.atOrAboveLabel : scale.belowLabel}
          </p>
          {scaleGroup("probability", t("risk.probability"), scale.probabilityLabels, risk.probability, false)}
          {scaleGroup("consequence", t("risk.consequence"), scale.consequenceLabels, risk.consequence, false)}
          {scaleGroup("residual_probability", `${t("risk.residual")}: ${t("risk.probability").toLowerCase()}`, scale.probabilityLabels, risk.residual_probability, true)}
          {scaleGroup("residual_consequence", `${t("risk.residual")}: ${t("risk.consequence").toLowerCase()}`, scale.consequenceLabels, risk.residual_consequence, false)}
          <p role="status" className="confirmation">{status}</p>
          <FormErrors fb={fb} prefix="workshop" labels={{}} name={risk.title} />
          <p className="actions">
            <button type="button" className="button button--secondary" disabled={at === 0} onClick={() => setIndex(at - 1)}>← {t("risk.previous")}</button>
            <button type="button" className="button" disabled={at === shown.length - 1} onClick={() => setIndex(at + 1)}>{t("risk.next")} →</button>
          </p>
        </section>
        <section aria-labelledby="workshop-matrix">
          <h2 id="workshop-matrix">{t("risk.heatBefore")}</h2>
          <HeatMap counts={heatMap(shown, "before")} scale={scale} when="before" highlight={{ probability: risk.probability, consequence: risk.consequence }} />
          <h2>{t("risk.heatAfter")}</h2>
          <HeatMap counts={heatMap(shown, "after")} scale={scale} when="after" />
        </section>
      </div>
    </>
  );
}
