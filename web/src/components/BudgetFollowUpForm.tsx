import { forwardRef, useEffect, useImperativeHandle, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { EconomyAccess, EconomyWriter } from "../api/economyEdit";
import type { PlanEconomy } from "../api/economyHooks";
import type { BudgetFollowUp, EconomyTable } from "../api/economyTypes";
import type { Plan } from "../api/types";
import type { AmountUnit } from "../lib/economy";
import { amountInput, deviation, maxDecimals, parseAmount } from "../lib/money";
import { Field } from "./Field";
import { Confirmation, FormActions, FormErrors, useFormFeedback, type Errors } from "./FormFeedback";
import { useAmount } from "./EconomyParts";
import { UnitPicker } from "./UnitPicker";

export const budgetPoints = ["da04", "da08", "ar", "t1", "t2", "t3"] as const;

interface Input { unit_id: string; year: string; point: string; budget: string; outcome: string; forecast: string; comment: string }

// A new budget follow-up table is published in tkr, as the plans' own tables of the kind are.
const newTableUnit: AmountUnit = "tkr";

export interface BudgetFollowUpFormHandle { edit: (line: BudgetFollowUp) => void }

// Budget follow-up per unit and reporting point: budget, outcome and forecast, the
// deviation in kronor and per cent shown as typed. Open in an approved plan (reported
// every point, like outcomes). A line for the same table, unit, year and point is
// updated, not doubled; the plan's first budget follow-up makes its table.
export const BudgetFollowUpForm = forwardRef<BudgetFollowUpFormHandle, {
  data: PlanEconomy; plan: Plan; access: EconomyAccess; writer: EconomyWriter; onDirty: (dirty: boolean) => void;
}>(function BudgetFollowUpForm({ data, plan, access, writer, onDirty }, handle) {
  const { t } = useTranslation();
  const amount = useAmount();
  const empty: Input = { unit_id: "", year: String(plan.first_year), point: "da04", budget: "", outcome: "", forecast: "", comment: "" };
  const [input, setInput] = useState<Input>(empty);
  const fb = useFormFeedback();
  const busy = fb.busy;
  const heading = useRef<HTMLHeadingElement>(null);
  const dirty = input.budget !== "" || input.outcome !== "" || input.forecast !== "" || input.comment !== "";
  useEffect(() => onDirty(dirty && !busy), [dirty, busy, onDirty]);
  const years = Array.from({ length: plan.last_year - plan.first_year + 1 }, (_, i) => String(plan.first_year + i));
  const budgetTables = data.tables.filter((x) => x.kind === "budget_follow_up");
  const tableFor = (year: number) => budgetTables.find((x) => x.year === year) ?? budgetTables.find((x) => x.year === null) ?? null;
  const table: Pick<EconomyTable, "amount_unit" | "decimals"> = tableFor(Number(input.year)) ?? { amount_unit: newTableUnit, decimals: 0 };
  const unit = table.amount_unit;
  const existing = (() => {
    const tbl = tableFor(Number(input.year));
    return tbl ? data.budgetFollowUps.find((l) => l.table_id === tbl.id && String(l.unit_id) === input.unit_id && String(l.year) === input.year && l.point === input.point) ?? null : null;
  })();
  const labels = {
    unit_id: t("economy.unit"), year: t("economy.year"), point: t("economy.point"), budget: `${t("economy.budget")} (${unit})`,
    outcome: `${t("economy.outcome")} (${unit})`, forecast: `${t("economy.forecast")} (${unit})`, comment: t("economy.comment"),
  };

  useImperativeHandle(handle, () => ({
    edit: (l) => {
      const tbl = data.tables.find((x) => x.id === l.table_id);
      const u = tbl?.amount_unit ?? newTableUnit;
      setInput({
        unit_id: String(l.unit_id), year: String(l.year ?? tbl?.year ?? plan.first_year), point: l.point,
        budget: amountInput(l.budget, u), outcome: amountInput(l.outcome, u), forecast: amountInput(l.forecast, u), comment: l.comment ?? "",
      });
      fb.setErrors({});
      fb.clear();
      requestAnimationFrame(() => heading.current?.focus());
    },
  }));

  const parse = (v: Input) => {
    const found: Errors = {};
    if (!v.unit_id) found.unit_id = { key: "validation.chooseUnit" };
    else if (!access.mayChange({ unit_id: Number(v.unit_id) })) found.unit_id = { key: "economyEdit.notYourUnit" };
    if (!years.includes(v.year)) found.year = { key: "validation.yearInPlan" };
    if (!(budgetPoints as readonly string[]).includes(v.point)) found.point = { key: "validation.choosePoint" };
    const values: Record<"budget" | "outcome" | "forecast", number | null> = { budget: null, outcome: null, forecast: null };
    for (const f of ["budget", "outcome", "forecast"] as const) {
      if (f !== "budget" && v[f].trim() === "") continue;
      const p = parseAmount(v[f], unit);
      if (p.ok) values[f] = p.kronor;
      else found[f] = { key: p.error, values: p.values };
    }
    if (!found.outcome && !found.forecast && values.outcome === null && values.forecast === null) found.outcome = { key: "economyEdit.outcomeOrForecast" };
    if (v.comment.trim().length > 4000) found.comment = { key: "validation.tooLong" };
    return { errors: found, values };
  };

  const set = (field: keyof Input, value: string) => {
    const next = { ...input, [field]: value };
    setInput(next);
    fb.setConfirmation(null);
    if (fb.hasErrors) fb.setErrors(parse(next).errors);
  };

  const preview = (() => {
    const p = parse(input).values;
    if (p.budget === null) return null;
    return { outcome: deviation(p.budget, p.outcome), forecast: deviation(p.budget, p.forecast), budget: p.budget };
  })();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    fb.clear();
    const { errors: found, values } = parse(input);
    if (!fb.check(found)) return;
    const year = Number(input.year);
    const body = {
      unit_id: Number(input.unit_id), year, point: input.point, budget: values.budget, outcome: values.outcome, forecast: values.forecast,
      comment: input.comment.trim() || null,
    };
    const saved = await fb.run(async () => {
      // A new year's table and its first line are one action: one batch.
      const tbl = tableFor(year);
      const tableRef = tbl ? tbl.id : { $ref: "table" };
      const tableKey = tbl ? tbl.key : `budgetuppfoljning-${year}`;
      const unitKey = access.units.find((u) => u.id === body.unit_id)?.key ?? String(body.unit_id);
      await writer.batch([
        ...(tbl ? [] : [{
          action: "create" as const, collection: "economy-tables", ref: "table", record: {
            plan_id: plan.id, key: tableKey, title: t("economyEdit.budgetTableTitle", { year }),
            kind: "budget_follow_up", year, amount_unit: newTableUnit, decimals: 0,
          },
        }]),
        existing
          ? { action: "update" as const, collection: "budget-follow-ups", id: existing.id, row_version: existing.row_version, record: body }
          : { action: "create" as const, collection: "budget-follow-ups", record: { plan_id: plan.id, table_id: tableRef, key: `${tableKey}-${unitKey}-${year}-${input.point}`, ...body } },
      ]).finally(() => writer.refresh());
      const unitName = access.units.find((u) => u.id === body.unit_id)?.name ?? "";
      return t(existing ? "economyEdit.budgetUpdated" : "economyEdit.budgetSaved", { unit: unitName, point: t(`point.${input.point}`), year });
    });
    if (saved) setInput({ ...input, budget: "", outcome: "", forecast: "", comment: "" });
  };

  const percent = (p: number | null) => (p === null ? "–" : `${new Intl.NumberFormat(t("economyEdit.locale"), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(p)}\u00a0%`);
  const signed = (k: number | null) => (k === null ? "–" : (k > 0 ? "+" : "") + amount(k, table));
  return (
    <form onSubmit={submit} noValidate className="form panel no-print" aria-labelledby="budget-form-heading">
      <h3 id="budget-form-heading" ref={heading} tabIndex={-1}>{t("economyEdit.budgetFormTitle")}</h3>
      <p className="muted small">{t("economyEdit.budgetFormLead", { unit, max: maxDecimals[unit] })}</p>
      <FormErrors fb={fb} prefix="budget" labels={labels} />
      <div className="field-row">
        <div className="field">
          <UnitPicker id="budget-unit_id" units={access.controllerUnits} value={input.unit_id} allowAll={false} label={labels.unit_id}
            error={fb.errors.unit_id?.key} onChange={(v) => set("unit_id", v)} />
        </div>
        <Field id="budget-year" label={labels.year} {...fb.field("year")}>
          {(p) => <select {...p} value={input.year} onChange={(e) => set("year", e.target.value)}>{years.map((y) => <option key={y}>{y}</option>)}</select>}
        </Field>
        <Field id="budget-point" label={labels.point} {...fb.field("point")}>
          {(p) => <select {...p} value={input.point} onChange={(e) => set("point", e.target.value)}>
            {budgetPoints.map((pt) => <option key={pt} value={pt}>{t(`point.${pt}`)}</option>)}
          </select>}
        </Field>
      </div>
      {existing && <p className="state state--info">{t("economyEdit.budgetExists")}</p>}
      <div className="field-row">
        {(["budget", "outcome", "forecast"] as const).map((f) => (
          <Field key={f} id={`budget-${f}`} label={labels[f]} required={f === "budget"} {...fb.field(f)}>
            {(p) => <input {...p} type="text" inputMode="decimal" className="input--number" value={input[f]} onChange={(e) => set(f, e.target.value)} />}
          </Field>
        ))}
      </div>
      {preview && (
        <p className="muted" aria-live="polite">
          {t("economyEdit.deviationOutcome")}: {signed(preview.outcome.kronor)} {unit} ({percent(preview.outcome.percent)}) ·{" "}
          {t("economyEdit.deviationForecast")}: {signed(preview.forecast.kronor)} {unit} ({percent(preview.forecast.percent)})
        </p>
      )}
      <Field id="budget-comment" label={labels.comment} {...fb.field("comment")}>
        {(p) => <textarea {...p} rows={2} value={input.comment} onChange={(e) => set("comment", e.target.value)} />}
      </Field>
      <FormActions busy={busy} dirty={dirty} label={t("economyEdit.saveBudget")} />
      <Confirmation text={fb.confirmation} />
    </form>
  );
});
