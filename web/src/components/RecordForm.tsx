import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { BatchChange } from "../api/batch";
import { changeOfPath } from "../api/batch";
import type { Id, Target, Unit } from "../api/types";
import {
  emptyTargetRow, fromInput, newKey, targetChanges, targetProblems, targetRowOf, toInput,
  type CollectionSpec, type FieldSpec, type Input, type RefSource, type TargetRow,
} from "../lib/authoring";
import { ChoiceGroup, Field } from "./Field";
import { FormActions, FormErrors, useFormFeedback, type Errors } from "./FormFeedback";
import { MarkdownEditor } from "./MarkdownEditor";
import { useUnsavedChanges } from "./useUnsavedChanges";

type AnyRecord = Record<string, unknown> & { id?: Id; row_version?: number; key?: string };
export type RefOptions = Record<RefSource, { id: Id; label: string }[]>;

// The label of a choice, from the words the rest of the client already uses.
function useChoiceLabel() {
  const { t } = useTranslation();
  return (field: string, value: string) => {
    if (field === "direction") return t(`direction.${value}`);
    if (field === "level") return t(`level.${value}`);
    if (field === "reporting_points") return t(`point.${value}`);
    return t(`authoring.choice.${field}.${value}`, { defaultValue: value });
  };
}

// One item of a draft plan, new or changed, in a form built from its kind's fields
// (lib/authoring). Saving sends one batch: the item, and for a measure its baselines
// and targets too. A refusal is shown on the field it names; a change someone else
// saved meanwhile is shown with what they changed, and the planner chooses.
export function RecordForm({ spec, record, preset = null, planId, firstYear, lastYear, taken, refs, units, targets, save, onDone, onCancel }: {
  spec: CollectionSpec; record: AnyRecord | null; preset?: AnyRecord | null; planId: Id; firstYear: number; lastYear: number; taken: string[];
  refs: RefOptions; units: Unit[]; targets: Target[];
  save: (changes: BatchChange[]) => Promise<unknown>;
  onDone: (message: string) => void; onCancel: () => void;
}) {
  const { t } = useTranslation();
  const choiceLabel = useChoiceLabel();
  const [base, setBase] = useState<AnyRecord | null>(record);
  const [input, setInput] = useState<Input>(() => toInput(spec, record ?? preset));
  const [rows, setRows] = useState<TargetRow[]>(() => targets.map(targetRowOf));
  const isMeasure = spec.collection === "measures";
  const prefix = `edit-${spec.collection}`;
  const fb = useFormFeedback({
    fieldOf: (path) => {
      const c = changeOfPath(path);
      if (!c || !c.field) return null;
      return c.index === 0 && spec.fields.some((f) => f.name === c.field) ? c.field : null;
    },
  });
  const initial = JSON.stringify([toInput(spec, base ?? preset), (targets ?? []).map(targetRowOf)]);
  const dirty = JSON.stringify([input, rows]) !== initial;
  useUnsavedChanges(dirty && !fb.busy);
  useEffect(() => { setRows(targets.map(targetRowOf)); }, [targets]);

  const what = t(`authoring.one.${spec.collection}`);
  const name = String(base?.[spec.nameField] ?? "");
  const labels: Record<string, string> = Object.fromEntries(spec.fields.map((f) =>
    [f.name, t(`authoring.fieldIn.${spec.collection}.${f.name}`, { defaultValue: t(`authoring.field.${f.name}`) })]));
  rows.forEach((_, i) => {
    for (const f of ["kind", "year", "point", "sex", "value", "qualitative", "text"]) {
      labels[`targets.${i}.${f}`] = `${t("authoring.targetRow", { n: i + 1 })}: ${t(`authoring.target.${f}`)}`;
    }
  });

  const set = (field: string, value: string | string[]) => {
    const next = { ...input, [field]: value };
    setInput(next);
    fb.setConfirmation(null);
    if (Object.keys(fb.errors).length > 0) fb.setErrors(problemsOf(next, rows));
  };
  const setRow = (i: number, field: keyof TargetRow, value: string) => {
    const next = rows.map((r, j) => (j === i ? { ...r, [field]: value } : r));
    setRows(next);
    if (Object.keys(fb.errors).length > 0) fb.setErrors(problemsOf(input, next));
  };
  const problemsOf = (i: Input, r: TargetRow[]): Errors => ({
    ...fromInput(spec, i).problems, ...(isMeasure ? targetProblems(r, firstYear, lastYear) : {}),
  });

  const changesOf = (from: AnyRecord | null): BatchChange[] => {
    const { record: fields } = fromInput(spec, input);
    if (!from) {
      const key = newKey(String(fields[spec.nameField] ?? ""), taken);
      return [
        { action: "create", collection: spec.collection, ref: "item", record: { plan_id: planId, key, ...fields } },
        ...(isMeasure ? targetChanges({ $ref: "item" }, [], rows) : []),
      ];
    }
    return [
      { action: "update", collection: spec.collection, id: from.id!, row_version: from.row_version, record: fields },
      ...(isMeasure ? targetChanges(from.id!, targets, rows) : []),
    ];
  };

  const submit = async (e?: FormEvent, from: AnyRecord | null = base) => {
    e?.preventDefault();
    fb.clear();
    if (!fb.check(problemsOf(input, rows))) return;
    const label = String(fromInput(spec, input).record[spec.nameField] ?? "");
    const ok = await fb.run(async () => { await save(changesOf(from)); });
    if (ok) onDone(t(from ? "authoring.saved" : "authoring.created", { name: label }));
  };

  const conflictOnItem = fb.conflict?.current && base && fb.conflict.current.id === base.id ? (fb.conflict.current as AnyRecord) : null;

  const control = (f: FieldSpec) => {
    const id = `${prefix}-${f.name}`;
    const value = input[f.name];
    const err = fb.field(f.name);
    if (f.kind === "markdown") {
      return (
        <Field key={f.name} id={id} label={labels[f.name]} hint={t("markdown.hint")} required={f.required} {...err}>
          {(p) => <MarkdownEditor id={p.id} label={labels[f.name]} value={value as string} onChange={(v) => set(f.name, v)}
            error={p["aria-invalid"]} describedBy={p["aria-describedby"]} />}
        </Field>
      );
    }
    if (f.kind === "choices" || f.kind === "refs") {
      const options = f.kind === "refs" ? refs[f.source!].map((o) => ({ value: String(o.id), label: o.label }))
        : (f.choices ?? []).map((c) => ({ value: c, label: choiceLabel(f.name, c) }));
      const chosen = value as string[];
      return (
        <ChoiceGroup key={f.name} id={id} className="checkbox-group" legend={labels[f.name]} required={f.required} {...err}>
          {options.length === 0 && <p className="muted small">{t("authoring.empty")}</p>}
          {options.map((o) => (
            <label key={o.value} className="checkbox">
              <input type="checkbox" checked={chosen.includes(o.value)}
                onChange={(e) => set(f.name, e.target.checked ? [...chosen, o.value] : chosen.filter((v) => v !== o.value))} />
              {" "}{o.label}
            </label>
          ))}
        </ChoiceGroup>
      );
    }
    return (
      <Field key={f.name} id={id} label={labels[f.name]} required={f.required} {...err}>
        {(p) => {
          if (f.kind === "choice") {
            return (
              <select {...p} value={value as string} onChange={(e) => set(f.name, e.target.value)}>
                {!f.required && <option value="">{t("authoring.none")}</option>}
                {f.required && value === "" && <option value="">—</option>}
                {(f.choices ?? []).map((c) => <option key={c} value={c}>{choiceLabel(f.name, c)}</option>)}
              </select>
            );
          }
          if (f.kind === "ref") {
            const options = f.source === "units" ? units.map((u) => ({ id: u.id, label: u.name }))
              : refs[f.source!].filter((o) => o.id !== base?.id || f.source !== "activities");
            return (
              <select {...p} value={value as string} onChange={(e) => set(f.name, e.target.value)}>
                <option value="">{t("authoring.none")}</option>
                {options.map((o) => <option key={o.id} value={String(o.id)}>{o.label}</option>)}
              </select>
            );
          }
          if (f.kind === "lines") return <textarea {...p} rows={4} value={value as string} onChange={(e) => set(f.name, e.target.value)} />;
          return <input {...p} type={f.kind === "date" ? "date" : "text"} inputMode={f.kind === "integer" ? "numeric" : undefined}
            value={value as string} onChange={(e) => set(f.name, e.target.value)} />;
        }}
      </Field>
    );
  };

  const heading = base ? t("authoring.editing", { what, name }) : t(`authoring.creating.${spec.collection}`);
  return (
    <form onSubmit={(e) => submit(e)} noValidate className="form panel" aria-labelledby={`${prefix}-heading`}>
      <h2 id={`${prefix}-heading`}>{heading}</h2>
      <FormErrors fb={fb} prefix={prefix} labels={labels} name={name || what} conflictActions={fb.conflict && (
        <>
          <button type="button" className="button button--secondary" onClick={() => {
            if (conflictOnItem) {
              setBase(conflictOnItem);
              setInput(toInput(spec, conflictOnItem));
            }
            fb.clear();
          }}>{t("authoring.conflictReload")}</button>
          {conflictOnItem && (
            <button type="button" className="button" onClick={() => { setBase(conflictOnItem); submit(undefined, conflictOnItem); }}>
              {t("authoring.conflictOverwrite")}
            </button>
          )}
        </>
      )} />
      {spec.fields.map(control)}
      {isMeasure && (
        <fieldset className="targets-editor">
          <legend>{t("authoring.targets")}</legend>
          <p className="hint">{t("authoring.targetsLead")}</p>
          <div className="table-wrap">
            <table className="table table--compact">
              <thead>
                <tr>
                  {["kind", "year", "point", "sex", "value", "qualitative", "text"].map((f) => <th key={f} scope="col">{t(`authoring.target.${f}`)}</th>)}
                  <th scope="col"><span className="visually-hidden">{t("authoring.removeTarget", { n: "" })}</span></th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => {
                  const cell = (f: keyof TargetRow) => ({
                    id: `${prefix}-targets.${i}.${f}`, "aria-label": labels[`targets.${i}.${f}`],
                    "aria-invalid": !!fb.errors[`targets.${i}.${f}`],
                  });
                  return (
                    <tr key={r.id ?? `new-${i}`}>
                      <td><select {...cell("kind")} value={r.kind} onChange={(e) => setRow(i, "kind", e.target.value)}>
                        <option value="baseline">{t("authoring.targetKind.baseline")}</option>
                        <option value="target">{t("authoring.targetKind.target")}</option>
                      </select></td>
                      <td><input {...cell("year")} type="text" inputMode="numeric" size={5} value={r.year} onChange={(e) => setRow(i, "year", e.target.value)} /></td>
                      <td><select {...cell("point")} value={r.point} onChange={(e) => setRow(i, "point", e.target.value)}>
                        <option value="">{t("authoring.anyPoint")}</option>
                        {["da04", "da08", "ar", "t1", "t2", "t3", "every_4_years"].map((p) => <option key={p} value={p}>{t(`point.${p}`)}</option>)}
                      </select></td>
                      <td><select {...cell("sex")} value={r.sex} onChange={(e) => setRow(i, "sex", e.target.value)}>
                        <option value="">{t("authoring.anySex")}</option>
                        {["K", "M", "total"].map((s) => <option key={s} value={s}>{t(`sex.${s}`)}</option>)}
                      </select></td>
                      <td><input {...cell("value")} type="text" inputMode="decimal" size={7} value={r.value} onChange={(e) => setRow(i, "value", e.target.value)} /></td>
                      <td><select {...cell("qualitative")} value={r.qualitative} onChange={(e) => setRow(i, "qualitative", e.target.value)}>
                        <option value="">{t("authoring.none")}</option>
                        {["increase", "decrease", "maintain", "follow", "national_level", "new_measure", "text"].map((q) => <option key={q} value={q}>{t(`qualitative.${q}`)}</option>)}
                      </select></td>
                      <td><input {...cell("text")} type="text" value={r.text} onChange={(e) => setRow(i, "text", e.target.value)} /></td>
                      <td><button type="button" className="button button--small button--danger" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                        {t("authoring.removeTarget", { n: i + 1 })}
                      </button></td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <button type="button" className="button button--small button--secondary" onClick={() => setRows([...rows, emptyTargetRow(firstYear)])}>
            {t("authoring.addTarget")}
          </button>
        </fieldset>
      )}
      <FormActions busy={fb.busy} dirty={dirty} label={base ? t("authoring.save") : t("authoring.saveNew")}>
        <button type="button" className="button button--secondary" onClick={onCancel}>{t("authoring.cancel")}</button>
      </FormActions>
    </form>
  );
}
