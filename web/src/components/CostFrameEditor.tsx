import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { EconomyAccess, EconomyWriter } from "../api/economyEdit";
import type { PlanEconomy } from "../api/economyHooks";
import type { CostFrameLine, EconomyTable } from "../api/economyTypes";
import { computedClosing, frameColumns, type FrameColumn } from "../lib/economy";
import { amountInput, maxDecimals, parseAmount } from "../lib/money";
import { Field } from "./Field";
import { Confirmation, FormActions, FormErrors, useFormFeedback, type Errors } from "./FormFeedback";
import { useAmount } from "./EconomyParts";

type Input = Record<FrameColumn, string>;
const blank: Input = { opening: "", wage_price_index: "", increase: "", reduction: "", reallocation: "" };

// A net cost frame line's own columns — IB, löne- och prisindex (which has no detail
// table), utökning, ramminskning, omfördelning — in the table's unit; UB is computed
// as they are typed, never typed itself. An empty column is no amount.
export function CostFrameEditor({ table, data, access, writer, onDirty }: {
  table: EconomyTable; data: PlanEconomy; access: EconomyAccess; writer: EconomyWriter; onDirty: (dirty: boolean) => void;
}) {
  const { t } = useTranslation();
  const amount = useAmount();
  const lines = data.costFrameLines.filter((l) => l.table_id === table.id && access.mayChange(l));
  const [lineId, setLineId] = useState("");
  const [input, setInput] = useState<Input>(blank);
  const fb = useFormFeedback();
  const busy = fb.busy;
  const prefix = `cf-${table.key}`;
  const line = lines.find((l) => String(l.id) === lineId) ?? null;
  const original = line ? inputOf(line, table) : blank;
  const dirty = JSON.stringify(input) !== JSON.stringify(original);
  useEffect(() => onDirty(dirty && !busy), [dirty, busy, onDirty]);
  const labels = Object.fromEntries(frameColumns.map((c) => [c, `${t(`economy.${c}`)} (${table.amount_unit})`])) as Record<FrameColumn, string>;

  const parse = (v: Input) => {
    const found: Errors = {};
    const values = {} as Record<FrameColumn, number | null>;
    for (const c of frameColumns) {
      if (v[c].trim() === "") { values[c] = null; continue; }
      const p = parseAmount(v[c], table.amount_unit);
      if (p.ok) values[c] = p.kronor;
      else { found[c] = { key: p.error, values: p.values }; values[c] = null; }
    }
    return { errors: found, values };
  };
  const preview = line ? computedClosing({ ...line, ...parse(input).values }) : null;

  const choose = (id: string) => {
    setLineId(id);
    const l = lines.find((x) => String(x.id) === id);
    setInput(l ? inputOf(l, table) : blank);
    fb.setErrors({});
    fb.clear();
  };
  const set = (c: FrameColumn, value: string) => {
    const next = { ...input, [c]: value };
    setInput(next);
    fb.setConfirmation(null);
    if (fb.hasErrors) fb.setErrors(parse(next).errors);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    fb.clear();
    if (!line) {
      fb.check({ line: { key: "economyEdit.chooseLine" } });
      return;
    }
    const { errors: found, values } = parse(input);
    if (!fb.check(found)) return;
    await fb.run(async () => {
      const saved = await writer.patch<CostFrameLine>("cost-frame-lines", line.id, values, line.row_version);
      await writer.refresh();
      setInput(inputOf(saved, table));
      return t("economyEdit.frameSaved", { line: line.label, closing: amount(computedClosing(saved), table), unit: table.amount_unit });
    });
  };

  if (lines.length === 0) return null;
  return (
    <details className="panel no-print editor">
      <summary>{t("economyEdit.editFrame", { title: table.title })}</summary>
      <form onSubmit={submit} noValidate className="form" aria-labelledby={`${prefix}-heading`}>
        <h4 id={`${prefix}-heading`}>{t("economyEdit.editFrameTitle")}</h4>
        <p className="muted small">{t("economyEdit.editFrameLead", { unit: table.amount_unit, max: maxDecimals[table.amount_unit] })}</p>
        <FormErrors fb={fb} prefix={prefix} labels={{ ...labels, line: t("economyEdit.frameLine") }} name={line?.label} />
        <Field id={`${prefix}-line`} label={t("economyEdit.frameLine")} required {...fb.field("line")}>
          {(p) => <select {...p} value={lineId} onChange={(e) => choose(e.target.value)}>
            <option value="">{t("economyEdit.chooseLineOption")}</option>
            {lines.map((l) => <option key={l.id} value={String(l.id)}>{l.part_of_id !== null && !/^varav\b/i.test(l.label) ? `${t("economy.partOf")} ${l.label}` : l.label}</option>)}
          </select>}
        </Field>
        {line && (
          <>
            <div className="field-row">
              {frameColumns.map((c) => (
                <Field key={c} id={`${prefix}-${c}`} label={labels[c]} {...fb.field(c)}>
                  {(p) => <input {...p} type="text" inputMode="decimal" className="input--number" value={input[c]} onChange={(e) => set(c, e.target.value)} />}
                </Field>
              ))}
            </div>
            <p aria-live="polite"><strong>{t("economy.closing")}:</strong> {amount(preview, table)} {table.amount_unit}</p>
            <FormActions busy={busy} dirty={dirty} label={t("economyEdit.saveFrame")} />
          </>
        )}
        <Confirmation text={fb.confirmation} />
      </form>
    </details>
  );
}

function inputOf(l: CostFrameLine, table: EconomyTable): Input {
  return Object.fromEntries(frameColumns.map((c) => [c, amountInput(l[c], table.amount_unit)])) as Input;
}
