import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { ApiError } from "../api/client";
import { useCreateActivity } from "../api/hooks";
import type { Activity, Unit } from "../api/types";
import { levelForOwner } from "../lib/cascade";
import { unitAndBelow } from "../lib/orgTree";
import { hasErrors, keyFromName, validateNewActivity, type FieldErrors, type NewActivityInput } from "../lib/validation";
import { Field } from "./Field";
import { UnitPicker } from "./UnitPicker";
import { useUnsavedChanges } from "./useUnsavedChanges";

const empty: NewActivityInput = { name: "", key: "", owner_unit_id: "", description: "", expected_effect: "", start_date: "", end_date: "" };

// Creates an area or unit activity under a division (or area) activity. Owners are the
// parent's unit and the units below it.
export function NewActivityForm({ parent, units, orgKey, planId }: { parent: Activity; units: Unit[]; orgKey: string; planId: number }) {
  const { t } = useTranslation();
  const [input, setInput] = useState<NewActivityInput>(empty);
  const [keyEdited, setKeyEdited] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [created, setCreated] = useState<Activity | null>(null);
  const create = useCreateActivity(orgKey, planId);
  const summary = useRef<HTMLDivElement>(null);
  const dirty = JSON.stringify(input) !== JSON.stringify(empty);
  useUnsavedChanges(dirty && !create.isPending);

  const owners = parent.owner_unit_id === null ? units
    : units.filter((u) => unitAndBelow(units, parent.owner_unit_id!).has(u.id) && u.id !== parent.owner_unit_id);
  const set = (field: keyof NewActivityInput, value: string) => {
    const next = { ...input, [field]: value };
    if (field === "name" && !keyEdited) next.key = keyFromName(value);
    if (field === "key") setKeyEdited(true);
    setInput(next);
    if (errors[field]) setErrors(validateNewActivity(next));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setServerError(null);
    setCreated(null);
    const found = validateNewActivity(input);
    setErrors(found);
    if (hasErrors(found)) {
      requestAnimationFrame(() => summary.current?.focus());
      return;
    }
    const owner = units.find((u) => u.id === Number(input.owner_unit_id));
    try {
      const activity = await create.mutateAsync({
        plan_id: planId, key: input.key, name: input.name.trim(), level: levelForOwner(owner?.kind ?? "unit"),
        owner_unit_id: Number(input.owner_unit_id), parent_id: parent.id,
        description: input.description.trim() || null, expected_effect: input.expected_effect.trim() || null,
        start_date: input.start_date || null, end_date: input.end_date || null,
      });
      setCreated(activity);
      setInput(empty);
      setKeyEdited(false);
    } catch (err) {
      setServerError(err instanceof ApiError ? err.message : t("error.unknown"));
      requestAnimationFrame(() => summary.current?.focus());
    }
  };

  const errorList = Object.entries(errors);
  return (
    <form onSubmit={submit} noValidate className="form panel" aria-labelledby="new-activity-heading">
      <h2 id="new-activity-heading">{t("newActivity.title")}</h2>
      <p className="muted">{t("newActivity.lead", { parent: parent.name })}</p>
      <div ref={summary} tabIndex={-1} aria-live="assertive">
        {errorList.length > 0 && (
          <div className="alert alert--error" role="alert">
            <p><strong>{t("form.fixErrors", { count: errorList.length })}</strong></p>
            <ul>{errorList.map(([f, m]) => <li key={f}><a href={`#new-${f}`}>{t(`newActivity.${f}`)}: {t(m)}</a></li>)}</ul>
          </div>
        )}
        {serverError && <div className="alert alert--error" role="alert"><strong>{t("form.notSaved")}</strong> {serverError}</div>}
      </div>
      {created && (
        <div className="alert alert--success" role="status">
          <span aria-hidden="true">✓ </span>{t("newActivity.created")}{" "}
          <Link to={`/plans/${planId}/activities/${created.id}`}>{created.name}</Link>
        </div>
      )}
      <Field id="new-name" label={t("newActivity.name")} error={errors.name} required>
        {(p) => <input {...p} type="text" value={input.name} onChange={(e) => set("name", e.target.value)} />}
      </Field>
      <Field id="new-key" label={t("newActivity.key")} hint={t("newActivity.keyHint")} error={errors.key} required>
        {(p) => <input {...p} type="text" value={input.key} onChange={(e) => set("key", e.target.value)} />}
      </Field>
      <div className="field">
        <UnitPicker id="new-owner_unit_id" units={owners} value={input.owner_unit_id} allowAll={false} error={errors.owner_unit_id}
          label={`${t("newActivity.owner_unit_id")} (${t("form.required")})`} onChange={(v) => set("owner_unit_id", v)} />
      </div>
      <Field id="new-description" label={t("newActivity.description")}>
        {(p) => <textarea {...p} rows={3} value={input.description} onChange={(e) => set("description", e.target.value)} />}
      </Field>
      <Field id="new-expected_effect" label={t("newActivity.expected_effect")}>
        {(p) => <textarea {...p} rows={2} value={input.expected_effect} onChange={(e) => set("expected_effect", e.target.value)} />}
      </Field>
      <div className="field-row">
        <Field id="new-start_date" label={t("newActivity.start_date")} error={errors.start_date}>
          {(p) => <input {...p} type="date" value={input.start_date} onChange={(e) => set("start_date", e.target.value)} />}
        </Field>
        <Field id="new-end_date" label={t("newActivity.end_date")} error={errors.end_date}>
          {(p) => <input {...p} type="date" value={input.end_date} onChange={(e) => set("end_date", e.target.value)} />}
        </Field>
      </div>
      <button type="submit" className="button" disabled={create.isPending}>
        {create.isPending ? t("form.saving") : t("newActivity.submit")}
      </button>
    </form>
  );
}
