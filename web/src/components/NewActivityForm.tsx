import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { useCreateActivity } from "../api/hooks";
import type { Activity, Unit } from "../api/types";
import { levelForOwner } from "../lib/cascade";
import { unitAndBelow } from "../lib/orgTree";
import { keyFromName, validateNewActivity, type NewActivityInput } from "../lib/validation";
import { Field } from "./Field";
import { FormActions, FormErrors, useFormFeedback } from "./FormFeedback";
import { UnitPicker } from "./UnitPicker";
import { useUnsavedChanges } from "./useUnsavedChanges";

const empty: NewActivityInput = { name: "", key: "", owner_unit_id: "", description: "", expected_effect: "", start_date: "", end_date: "" };

// Creates an area or unit activity under a division (or area) activity. Owners are the
// parent's unit and the units below it.
export function NewActivityForm({ parent, units, orgKey, planId }: { parent: Activity; units: Unit[]; orgKey: string; planId: number }) {
  const { t } = useTranslation();
  const [input, setInput] = useState<NewActivityInput>(empty);
  const [keyEdited, setKeyEdited] = useState(false);
  const fb = useFormFeedback({ fieldOf: (path) => (path && path in empty ? path : null) });
  const [created, setCreated] = useState<Activity | null>(null);
  const create = useCreateActivity(orgKey, planId);
  const dirty = JSON.stringify(input) !== JSON.stringify(empty);
  useUnsavedChanges(dirty && !fb.busy);

  const owners = parent.owner_unit_id === null ? units
    : units.filter((u) => unitAndBelow(units, parent.owner_unit_id!).has(u.id) && u.id !== parent.owner_unit_id);
  const set = (field: keyof NewActivityInput, value: string) => {
    const next = { ...input, [field]: value };
    if (field === "name" && !keyEdited) next.key = keyFromName(value);
    if (field === "key") setKeyEdited(true);
    setInput(next);
    if (fb.errors[field]) fb.setErrors(validateNewActivity(next));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    fb.clear();
    setCreated(null);
    if (!fb.check(validateNewActivity(input))) return;
    const owner = units.find((u) => u.id === Number(input.owner_unit_id));
    await fb.run(async () => {
      const activity = await create.mutateAsync({
        plan_id: planId, key: input.key, name: input.name.trim(), level: levelForOwner(owner?.kind ?? "unit"),
        owner_unit_id: Number(input.owner_unit_id), parent_id: parent.id,
        description: input.description.trim() || null, expected_effect: input.expected_effect.trim() || null,
        start_date: input.start_date || null, end_date: input.end_date || null,
      });
      setCreated(activity);
      setInput(empty);
      setKeyEdited(false);
    });
  };

  const labels = Object.fromEntries(Object.keys(empty).map((f) => [f, t(`newActivity.${f}`)]));
  return (
    <form onSubmit={submit} noValidate className="form panel" aria-labelledby="new-activity-heading">
      <h2 id="new-activity-heading">{t("newActivity.title")}</h2>
      <p className="muted">{t("newActivity.lead", { parent: parent.name })}</p>
      <FormErrors fb={fb} prefix="new" labels={labels} />
      {created && (
        <div className="alert alert--success" role="status">
          <span aria-hidden="true">✓ </span>{t("newActivity.created")}{" "}
          <Link to={`/plans/${planId}/activities/${created.id}`}>{created.name}</Link>
        </div>
      )}
      <Field id="new-name" label={t("newActivity.name")} {...fb.field("name")} required>
        {(p) => <input {...p} type="text" value={input.name} onChange={(e) => set("name", e.target.value)} />}
      </Field>
      <Field id="new-key" label={t("newActivity.key")} hint={t("newActivity.keyHint")} {...fb.field("key")} required>
        {(p) => <input {...p} type="text" value={input.key} onChange={(e) => set("key", e.target.value)} />}
      </Field>
      <div className="field">
        <UnitPicker id="new-owner_unit_id" units={owners} value={input.owner_unit_id} allowAll={false} error={fb.errors.owner_unit_id?.key}
          label={`${t("newActivity.owner_unit_id")} (${t("form.required")})`} onChange={(v) => set("owner_unit_id", v)} />
      </div>
      <Field id="new-description" label={t("newActivity.description")} {...fb.field("description")}>
        {(p) => <textarea {...p} rows={3} value={input.description} onChange={(e) => set("description", e.target.value)} />}
      </Field>
      <Field id="new-expected_effect" label={t("newActivity.expected_effect")} {...fb.field("expected_effect")}>
        {(p) => <textarea {...p} rows={2} value={input.expected_effect} onChange={(e) => set("expected_effect", e.target.value)} />}
      </Field>
      <div className="field-row">
        <Field id="new-start_date" label={t("newActivity.start_date")} {...fb.field("start_date")}>
          {(p) => <input {...p} type="date" value={input.start_date} onChange={(e) => set("start_date", e.target.value)} />}
        </Field>
        <Field id="new-end_date" label={t("newActivity.end_date")} {...fb.field("end_date")}>
          {(p) => <input {...p} type="date" value={input.end_date} onChange={(e) => set("end_date", e.target.value)} />}
        </Field>
      </div>
      <FormActions busy={fb.busy} dirty={dirty} label={t("newActivity.submit")} />
    </form>
  );
}
