import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { EconomyAccess, EconomyWriter } from "../api/economyEdit";
import type { PlanEconomy } from "../api/economyHooks";
import type { DelegationRule, EconomyTable, InvestmentRequest } from "../api/economyTypes";
import type { Plan } from "../api/types";
import { decidingRule } from "../lib/economy";
import { maxDecimals, parseAmount } from "../lib/money";
import { Field } from "./Field";
import { Confirmation, FormActions, FormErrors, useFormFeedback, type Errors } from "./FormFeedback";
import { useAmount } from "./EconomyParts";

export const requestFrameTypes = ["it", "mt", "vehicle", "other_equipment", "art"] as const;
export const requestStatuses = ["requested", "approved", "rejected", "deferred"] as const;
const statusIcon: Record<InvestmentRequest["status"], string> = { requested: "…", approved: "✓", rejected: "✕", deferred: "→" };
const statusTone: Record<InvestmentRequest["status"], string> = { requested: "neutral", approved: "good", rejected: "bad", deferred: "warn" };

// A request's status as text with a symbol: never colour alone.
export function RequestStatus({ status }: { status: InvestmentRequest["status"] }) {
  const { t } = useTranslation();
  return <span className={`badge badge--${statusTone[status]}`}><span className="badge__icon" aria-hidden="true">{statusIcon[status]}</span>{t(`economy.requestStatus.${status}`)}</span>;
}

// Who decides a request of this frame type and amount under the delegation order.
export function DecidingLevel({ request, rules, table }: {
  request: { frame_type: string; amount: number }; rules: DelegationRule[]; table: Pick<EconomyTable, "amount_unit" | "decimals">;
}) {
  const { t } = useTranslation();
  const amount = useAmount();
  const rule = decidingRule(request, rules);
  return rule
    ? <>{t("economyEdit.decidedByRule", { level: rule.decided_by, limit: amount(rule.over_amount, table), unit: table.amount_unit })}</>
    : <>{t("economyEdit.belowLimitLong")}</>;
}

interface Input { key: string; division: string; area: string; unit_id: string; name: string; frame_type: string; amount: string; status: string }

const keyPattern = /^[a-z0-9][a-z0-9._-]*$/;

// A new investment request (Bilaga 5): id, division, area, name, frame type, the
// requested amount in the table's unit, status; the deciding level shown as typed.
export function InvestmentRequestForm({ table, data, plan, access, writer, onDirty }: {
  table: EconomyTable; data: PlanEconomy; plan: Plan; access: EconomyAccess; writer: EconomyWriter; onDirty: (dirty: boolean) => void;
}) {
  const { t } = useTranslation();
  const amount = useAmount();
  const requests = data.investmentRequests.filter((r) => r.table_id === table.id);
  const nextKey = () => {
    const numbers = data.investmentRequests.map((r) => Number(r.key)).filter(Number.isInteger);
    return numbers.length ? String(Math.max(...numbers) + 1) : "1";
  };
  const empty = (): Input => ({ key: nextKey(), division: "", area: "", unit_id: "", name: "", frame_type: "", amount: "", status: "requested" });
  const [input, setInput] = useState<Input>(empty);
  const fb = useFormFeedback();
  const busy = fb.busy;
  const dirty = input.division !== "" || input.area !== "" || input.name !== "" || input.frame_type !== "" || input.amount !== "";
  useEffect(() => onDirty(dirty && !busy), [dirty, busy, onDirty]);
  const divisions = [...new Set(requests.map((r) => r.division))].sort((a, b) => a.localeCompare(b, "sv"));
  const areas = [...new Set(requests.filter((r) => !input.division || r.division === input.division).map((r) => r.area).filter((a): a is string => !!a))].sort((a, b) => a.localeCompare(b, "sv"));
  const labels = {
    key: t("economy.id"), division: t("economy.division"), area: t("economy.area"), unit_id: t("economy.unit"), name: t("economy.name"),
    frame_type: t("economy.frameType"), amount: `${t("economyEdit.requestedAmount")} (${table.amount_unit})`, status: t("economy.status"),
  };

  const validate = (v: Input) => {
    const found: Errors = {};
    const key = v.key.trim();
    if (!key) found.key = { key: "validation.required" };
    else if (!keyPattern.test(key) || key.length > 100) found.key = { key: "economyEdit.badId" };
    else if (data.investmentRequests.some((r) => r.key === key)) found.key = { key: "economyEdit.idTaken", values: { id: key } };
    if (!v.division.trim()) found.division = { key: "validation.required" };
    if (!v.name.trim()) found.name = { key: "validation.required" };
    else if (v.name.trim().length > 300) found.name = { key: "validation.tooLong" };
    if (!(requestFrameTypes as readonly string[]).includes(v.frame_type)) found.frame_type = { key: "economyEdit.chooseFrameType" };
    const p = parseAmount(v.amount, table.amount_unit);
    if (!p.ok) found.amount = { key: p.error, values: p.values };
    else if (p.kronor <= 0) found.amount = { key: "economyEdit.positiveAmount" };
    if (!(requestStatuses as readonly string[]).includes(v.status)) found.status = { key: "validation.chooseStatus" };
    const unitId = v.unit_id ? Number(v.unit_id) : null;
    if (!access.mayChange({ unit_id: unitId })) found.unit_id = { key: "economyEdit.notYourUnit" };
    return { errors: found, kronor: p.ok ? p.kronor : null };
  };

  const set = (field: keyof Input, value: string) => {
    const next = { ...input, [field]: value };
    // A division already in the table brings its unit along.
    if (field === "division" && !input.unit_id) {
      const known = requests.find((r) => r.division === value && r.unit_id !== null);
      if (known) next.unit_id = String(known.unit_id);
    }
    setInput(next);
    fb.setConfirmation(null);
    if (fb.hasErrors) fb.setErrors(validate(next).errors);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    fb.clear();
    const { errors: found, kronor } = validate(input);
    if (!fb.check(found) || kronor === null) return;
    await fb.run(async () => {
      const saved = await writer.create<InvestmentRequest>("investment-requests", {
        plan_id: plan.id, table_id: table.id, key: input.key.trim(), division: input.division.trim(), area: input.area.trim() || null,
        unit_id: input.unit_id ? Number(input.unit_id) : null, name: input.name.trim(), frame_type: input.frame_type, amount: kronor, status: input.status,
      });
      await writer.refresh();
      const rule = decidingRule(saved, data.delegationRules);
      setInput({ ...empty(), key: String(Number(saved.key) + 1 || "") });
      return t("economyEdit.requestSaved", {
        id: saved.key, name: saved.name, amount: amount(saved.amount, table), unit: table.amount_unit,
        status: t(`economy.requestStatus.${saved.status}`), level: rule ? rule.decided_by : t("economy.belowLimit"),
      });
    });
  };

  const parsed = parseAmount(input.amount, table.amount_unit);
  return (
    <details className="panel no-print editor">
      <summary>{t("economyEdit.newRequest")}</summary>
      <form onSubmit={submit} noValidate className="form" aria-labelledby="request-form-heading">
        <h2 id="request-form-heading" className="h3">{t("economyEdit.newRequestTitle", { title: table.title })}</h2>
        <FormErrors fb={fb} prefix="request" labels={labels} />
        <div className="field-row">
          <Field id="request-key" label={labels.key} required hint={t("economyEdit.idHint")} {...fb.field("key")}>
            {(p) => <input {...p} type="text" className="input--number" value={input.key} onChange={(e) => set("key", e.target.value)} />}
          </Field>
          <Field id="request-division" label={labels.division} required {...fb.field("division")}>
            {(p) => <><input {...p} type="text" list="request-divisions" value={input.division} onChange={(e) => set("division", e.target.value)} />
              <datalist id="request-divisions">{divisions.map((d) => <option key={d} value={d} />)}</datalist></>}
          </Field>
          <Field id="request-area" label={labels.area} {...fb.field("area")}>
            {(p) => <><input {...p} type="text" list="request-areas" value={input.area} onChange={(e) => set("area", e.target.value)} />
              <datalist id="request-areas">{areas.map((a) => <option key={a} value={a} />)}</datalist></>}
          </Field>
          <Field id="request-unit_id" label={labels.unit_id} hint={t("economyEdit.requestUnitHint")} {...fb.field("unit_id")}>
            {(p) => <select {...p} value={input.unit_id} onChange={(e) => set("unit_id", e.target.value)}>
              <option value="">{t("economyEdit.noUnit")}</option>
              {access.controllerUnits.map((u) => <option key={u.id} value={String(u.id)}>{u.name}</option>)}
            </select>}
          </Field>
        </div>
        <Field id="request-name" label={labels.name} required {...fb.field("name")}>
          {(p) => <input {...p} type="text" value={input.name} onChange={(e) => set("name", e.target.value)} />}
        </Field>
        <div className="field-row">
          <Field id="request-frame_type" label={labels.frame_type} required {...fb.field("frame_type")}>
            {(p) => <select {...p} value={input.frame_type} onChange={(e) => set("frame_type", e.target.value)}>
              <option value="">{t("economyEdit.chooseFrameTypeOption")}</option>
              {requestFrameTypes.map((f) => <option key={f} value={f}>{t(`economy.frameTypeName.${f}`)}</option>)}
            </select>}
          </Field>
          <Field id="request-amount" label={labels.amount} required
            hint={t("economyEdit.amountHint", { unit: table.amount_unit, max: maxDecimals[table.amount_unit] })} {...fb.field("amount")}>
            {(p) => <input {...p} type="text" inputMode="decimal" className="input--number" value={input.amount} onChange={(e) => set("amount", e.target.value)} />}
          </Field>
          <Field id="request-status" label={labels.status} {...fb.field("status")}>
            {(p) => <select {...p} value={input.status} onChange={(e) => set("status", e.target.value)}>
              {requestStatuses.map((s) => <option key={s} value={s}>{t(`economy.requestStatus.${s}`)}</option>)}
            </select>}
          </Field>
        </div>
        <p className="deciding" aria-live="polite">
          <strong>{t("economy.decidedBy")}:</strong>{" "}
          {parsed.ok && input.frame_type
            ? <DecidingLevel request={{ frame_type: input.frame_type, amount: parsed.kronor }} rules={data.delegationRules} table={table} />
            : t("economyEdit.decidedByPending")}
        </p>
        <FormActions busy={busy} dirty={dirty} label={t("economyEdit.saveRequest")} />
        <Confirmation text={fb.confirmation} />
      </form>
    </details>
  );
}

// Deciding a request: its new status, with who decides it under the delegation order.
export function RequestDecision({ request, data, table, writer, onDone, onCancel, onDirty }: {
  request: InvestmentRequest; data: PlanEconomy; table: Pick<EconomyTable, "amount_unit" | "decimals">; writer: EconomyWriter;
  onDone: (text: string) => void; onCancel: () => void; onDirty: (dirty: boolean) => void;
}) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<InvestmentRequest["status"]>(request.status);
  const fb = useFormFeedback();
  const busy = fb.busy;
  const legend = useRef<HTMLLegendElement>(null);
  useEffect(() => { legend.current?.focus(); }, []);
  useEffect(() => onDirty(status !== request.status && !busy), [status, request.status, busy, onDirty]);
  useEffect(() => () => onDirty(false), [onDirty]);
  const rule = decidingRule(request, data.delegationRules);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const saved = await fb.run(async () => {
      await writer.patch("investment-requests", request.id, { status }, request.row_version);
      await writer.refresh();
    });
    if (!saved) return;
    onDirty(false);
    onDone(t("economyEdit.requestDecided", {
      id: request.key, name: request.name, status: t(`economy.requestStatus.${status}`), level: rule ? rule.decided_by : t("economy.belowLimit"),
    }));
  };
  return (
    <form onSubmit={submit} noValidate className="decision">
      <FormErrors fb={fb} prefix={`decision-${request.id}`} labels={{}} name={request.name} />
      <fieldset>
        <legend ref={legend} tabIndex={-1}>{t("economyEdit.decideTitle", { id: request.key, name: request.name })}</legend>
        <p className="small"><strong>{t("economy.decidedBy")}:</strong> <DecidingLevel request={request} rules={data.delegationRules} table={table} /></p>
        <div className="radio-row">
          {requestStatuses.map((s) => (
            <label key={s} className="radio">
              <input type="radio" name={`decision-${request.id}`} value={s} checked={status === s} onChange={() => setStatus(s)} />{" "}
              <RequestStatus status={s} />
            </label>
          ))}
        </div>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button button--small" disabled={busy || status === request.status}>{busy ? t("form.saving") : t("economyEdit.saveDecision")}</button>
        <button type="button" className="button button--small button--secondary" onClick={onCancel}>{t("economyEdit.cancel")}</button>
      </div>
    </form>
  );
}
