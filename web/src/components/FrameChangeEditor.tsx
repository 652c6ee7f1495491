import { useEffect, useRef, useState, type FormEvent } from "react";
import { createColumnHelper } from "@tanstack/react-table";
import { useTranslation } from "react-i18next";
import type { EconomyAccess, EconomyWriter } from "../api/economyEdit";
import type { PlanEconomy } from "../api/economyHooks";
import type { CostFrameLine, EconomyTable, FrameChangeLine } from "../api/economyTypes";
import type { Plan } from "../api/types";
import type { BatchChange } from "../api/batch";
import { categoryColumn, frameAdjustments, frameLineChanges, frameLineChoices, newLineKey } from "../lib/frameChanges";
import { amountInput, maxDecimals, parseAmount } from "../lib/money";
import { Field } from "./Field";
import { Confirmation, FormActions, FormErrors, useFormFeedback, type Errors } from "./FormFeedback";
import { EconomyGrid } from "./EconomyGrid";
import { useAmount } from "./EconomyParts";

interface Input { description: string; column_label: string; frame_line_id: string; amount: string }
const empty: Input = { description: "", column_label: "", frame_line_id: "", amount: "" };

// Add, change and delete the lines of one detail table (utökning, ramminskning,
// omfördelning …): description, column as published, the frame line it changes and the
// amount in the table's unit. The frame line's column of the same category moves with
// it (lib/frameChanges), so the frame table's UB and sums follow after saving.
export function FrameChangeEditor({ table, data, plan, access, writer, onDirty }: {
  table: EconomyTable; data: PlanEconomy; plan: Plan; access: EconomyAccess; writer: EconomyWriter;
  onDirty: (dirty: boolean) => void;
}) {
  const { t } = useTranslation();
  const amount = useAmount();
  const [input, setInput] = useState<Input>(empty);
  const [editing, setEditing] = useState<FrameChangeLine | null>(null);
  const fb = useFormFeedback();
  const busy = fb.busy;
  const first = useRef<HTMLInputElement>(null);
  const prefix = `fc-${table.key}`;
  const lines = data.frameChangeLines.filter((l) => l.table_id === table.id);
  const frameLines = frameLineChoices(table, data.tables, data.costFrameLines);
  const column = categoryColumn(table);
  const dirty = editing ? JSON.stringify(input) !== JSON.stringify(inputOf(editing, table)) : JSON.stringify(input) !== JSON.stringify(empty);
  useEffect(() => onDirty(dirty && !busy), [dirty, busy, onDirty]);
  const frameLabel = (l: CostFrameLine) => {
    const ft = data.tables.find((x) => x.id === l.table_id);
    return `${ft ? ft.title.replace(/,\s*(mnkr|tkr|kr)$/, "") + ": " : ""}${l.label}`;
  };
  const labels = {
    description: t("economyEdit.description"), column_label: t("economyEdit.column"), frame_line_id: t("economyEdit.frameLine"),
    amount: `${t("economy.amount")} (${table.amount_unit})`,
  };

  const set = (field: keyof Input, value: string) => {
    const next = { ...input, [field]: value };
    // Choosing the frame line names the column after it, unless a column is typed.
    if (field === "frame_line_id" && input.column_label === "") {
      const l = frameLines.find((x) => String(x.id) === value);
      if (l) next.column_label = l.label;
    }
    setInput(next);
    fb.setConfirmation(null);
    if (fb.hasErrors) fb.setErrors(validate(next).errors);
  };

  const validate = (v: Input): { errors: Errors; kronor: number | null } => {
    const found: Errors = {};
    if (!v.description.trim()) found.description = { key: "validation.required" };
    else if (v.description.trim().length > 300) found.description = { key: "validation.tooLong" };
    if (!v.column_label.trim()) found.column_label = { key: "validation.required" };
    const parsed = parseAmount(v.amount, table.amount_unit);
    if (!parsed.ok) found.amount = { key: parsed.error, values: parsed.values };
    const line = frameLines.find((x) => String(x.id) === v.frame_line_id);
    if (!access.mayChange({ unit_id: line?.unit_id ?? null })) found.frame_line_id = { key: "economyEdit.notYourUnit" };
    return { errors: found, kronor: parsed.ok ? parsed.kronor : null };
  };

  // The frame lines this change moves, from the values and versions shown.
  const frameChanges = (before: FrameChangeLine | null, after: { frame_line_id: number | null; amount: number } | null): BatchChange[] =>
    frameLineChanges(frameAdjustments(table, before, after, data.costFrameLines, data.tables), data.costFrameLines);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    fb.clear();
    const { errors: found, kronor } = validate(input);
    if (!fb.check(found) || kronor === null) return;
    const frameLine = frameLines.find((x) => String(x.id) === input.frame_line_id) ?? null;
    const fields = {
      description: input.description.trim(), column_label: input.column_label.trim(),
      frame_line_id: frameLine?.id ?? null, unit_id: frameLine?.unit_id ?? null, amount: kronor,
    };
    const changes: BatchChange[] = editing
      ? [{ action: "update", collection: "frame-change-lines", id: editing.id, row_version: editing.row_version, record: fields },
        ...frameChanges(editing, fields)]
      : [{ action: "create", collection: "frame-change-lines",
        record: { plan_id: plan.id, table_id: table.id, key: newLineKey(table.key, fields.description, data.frameChangeLines.map((l) => l.key)), ...fields } },
        ...frameChanges(null, fields)];
    await save(changes, () => {
      setInput(empty);
      setEditing(null);
      return t(editing ? "economyEdit.lineChanged" : "economyEdit.lineAdded", {
        description: fields.description, amount: amount(kronor, table), unit: table.amount_unit,
      }) + (frameLine && column ? " " + t("economyEdit.frameFollows", { line: frameLine.label, column: t(`economy.${column}`) }) : "");
    });
  };

  // Sends the changes of one action as one batch (all or nothing on the server), then
  // shows the tables as the server now has them and says what happened.
  const save = (changes: BatchChange[], done: () => string) => fb.run(async () => {
    await writer.batch(changes).finally(() => writer.refresh());
    return done();
  });

  const edit = (l: FrameChangeLine) => {
    setEditing(l);
    setInput(inputOf(l, table));
    fb.setErrors({});
    fb.clear();
    requestAnimationFrame(() => first.current?.focus());
  };

  const remove = async (l: FrameChangeLine) => {
    if (!window.confirm(t("economyEdit.confirmDelete", { description: l.description, amount: amount(l.amount, table), unit: table.amount_unit }))) return;
    const changes: BatchChange[] = [
      { action: "delete", collection: "frame-change-lines", id: l.id, row_version: l.row_version },
      ...frameChanges(l, null),
    ];
    await save(changes, () => {
      if (editing?.id === l.id) { setEditing(null); setInput(empty); }
      return t("economyEdit.lineDeleted", { description: l.description });
    });
  };

  const columns = [...new Set(lines.map((l) => l.column_label))];
  const c = createColumnHelper<FrameChangeLine>();
  const lineColumns = [
    c.accessor("description", { header: () => labels.description, meta: { rowHeader: true } }),
    c.accessor("column_label", { header: () => labels.column_label }),
    c.accessor("frame_line_id", { header: () => labels.frame_line_id, cell: (x) => data.costFrameLines.find((f) => f.id === x.getValue())?.label ?? "–" }),
    c.accessor("amount", { header: () => labels.amount, cell: (x) => amount(x.getValue(), table), meta: { num: true } }),
    c.display({
      id: "actions", header: () => <span className="visually-hidden">{t("economyEdit.actions")}</span>, meta: { className: "actions-cell" },
      cell: (x) => {
        const l = x.row.original;
        return access.mayChange(l) && (
          <>
            <button type="button" className="button button--small button--secondary" disabled={busy}
              aria-label={t("economyEdit.editLine", { description: l.description, column: l.column_label })} onClick={() => edit(l)}>
              {t("economyEdit.edit")}
            </button>{" "}
            <button type="button" className="button button--small button--danger" disabled={busy}
              aria-label={t("economyEdit.deleteLine", { description: l.description, column: l.column_label })} onClick={() => remove(l)}>
              {t("economyEdit.delete")}
            </button>
          </>
        );
      },
    }),
  ];
  const unitText = t("economyEdit.amountHint", { unit: table.amount_unit, max: maxDecimals[table.amount_unit] });
  return (
    <details className="panel no-print editor">
      <summary>{t("economyEdit.editLines", { title: table.title })}</summary>
      <EconomyGrid label={t("economyEdit.linesOf", { title: table.title })} compact columns={lineColumns}
        groups={[{ key: "lines", rows: lines }]} rowKey={(l) => String(l.id)} />

      <form onSubmit={submit} noValidate className="form" aria-labelledby={`${prefix}-heading`}>
        <h4 id={`${prefix}-heading`}>{editing ? t("economyEdit.changeLineTitle", { description: editing.description }) : t("economyEdit.newLineTitle", { title: table.title })}</h4>
        <FormErrors fb={fb} prefix={prefix} labels={labels} name={editing?.description} />
        <div className="field-row">
          <Field id={`${prefix}-description`} label={labels.description} required {...fb.field("description")}>
            {(p) => <input {...p} ref={first} type="text" value={input.description} onChange={(e) => set("description", e.target.value)} />}
          </Field>
          <Field id={`${prefix}-frame_line_id`} label={labels.frame_line_id} hint={column ? t("economyEdit.frameLineHint", { column: t(`economy.${column}`) }) : undefined} {...fb.field("frame_line_id")}>
            {(p) => (
              <select {...p} value={input.frame_line_id} onChange={(e) => set("frame_line_id", e.target.value)}>
                <option value="">{t("economyEdit.noFrameLine")}</option>
                {frameLines.map((l) => <option key={l.id} value={String(l.id)}>{frameLabel(l)}</option>)}
              </select>
            )}
          </Field>
          <Field id={`${prefix}-column_label`} label={labels.column_label} required hint={t("economyEdit.columnHint")} {...fb.field("column_label")}>
            {(p) => (
              <>
                <input {...p} type="text" list={`${prefix}-columns`} value={input.column_label} onChange={(e) => set("column_label", e.target.value)} />
                <datalist id={`${prefix}-columns`}>{columns.map((c) => <option key={c} value={c} />)}</datalist>
              </>
            )}
          </Field>
          <Field id={`${prefix}-amount`} label={labels.amount} required hint={unitText} {...fb.field("amount")}>
            {(p) => <input {...p} type="text" inputMode="decimal" className="input--number" value={input.amount} onChange={(e) => set("amount", e.target.value)} />}
          </Field>
        </div>
        <FormActions busy={busy} dirty={dirty} label={editing ? t("economyEdit.saveChange") : t("economyEdit.addLine")}>
          {editing && <button type="button" className="button button--secondary" onClick={() => { setEditing(null); setInput(empty); fb.setErrors({}); }}>{t("economyEdit.cancel")}</button>}
        </FormActions>
        <Confirmation text={fb.confirmation} />
      </form>
    </details>
  );
}

function inputOf(l: FrameChangeLine, table: EconomyTable): Input {
  return {
    description: l.description, column_label: l.column_label,
    frame_line_id: l.frame_line_id === null ? "" : String(l.frame_line_id), amount: amountInput(l.amount, table.amount_unit),
  };
}
