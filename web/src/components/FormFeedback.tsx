import { useCallback, useMemo, useRef, useState, type ReactNode, type Ref } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, isStale, type ChangedField } from "../api/client";
import { asErrors, type Errors, type FieldErrors } from "../lib/validation";
import { refusalKey } from "../lib/workflow";

export type { Errors, FieldError } from "../lib/validation";

// What went wrong, as the user should read it: the server's own message (Swedish or
// English, naming the plan or field) for a refusal, after what the status means — said
// of a change that was not saved ("notSaved") or of an action that was not done
// ("notDone").
export function useServerMessage(kind: "notSaved" | "notDone" = "notSaved") {
  const { t } = useTranslation();
  return useCallback((err: unknown): string => {
    if (!(err instanceof ApiError)) return t("error.unknown");
    if (kind === "notDone") return `${t(refusalKey(err.status))} ${err.message}`;
    const why = err.status === 403 ? t("economyEdit.forbidden") : err.status === 409 ? t("economyEdit.conflict") : err.status === 401 ? t("economyEdit.signedOut") : "";
    return `${why ? why + " " : ""}${err.message}`;
  }, [kind, t]);
}

// The top of every form: the summary of its field errors (links to the fields), the
// server's refusal under "Inget sparades." (or "Inget ändrades." for an action), and a
// stale-version conflict with what changed and what is stored now. Focused after a
// failed save so that a screen reader reads it. `conflictActions`: what the form offers
// in a conflict (e.g. load the latest version); `name`: the record the conflict is about;
// `listFields` false: a form of one field shows its error at the field only, where focus goes.
export function FormErrors({ fb, prefix, labels, name, conflictActions, listFields = true }: {
  fb: FormFeedback; prefix: string; labels: Record<string, string>; name?: string; conflictActions?: ReactNode; listFields?: boolean;
}) {
  const { t } = useTranslation();
  const list = listFields ? Object.entries(fb.errors) : [];
  return (
    <div ref={fb.summary} tabIndex={-1}>
      {list.length > 0 && (
        <div className="alert alert--error" role="alert">
          <p><strong>{t("form.fixErrors", { count: list.length })}</strong></p>
          <ul>{list.map(([f, e]) => <li key={f}><a href={`#${prefix}-${f}`}>{labels[f] ?? f}: {t(e.key, e.values)}</a></li>)}</ul>
        </div>
      )}
      {fb.conflict ? <ConflictNotice conflict={fb.conflict} name={name} actions={conflictActions} />
        : fb.serverError && <div className="alert alert--error" role="alert">{fb.refusal && <strong>{t(`form.${fb.refusal}`)} </strong>}{fb.serverError}</div>}
    </div>
  );
}

// Someone else saved the record since the form read it (409 stale_version): the server's
// message, the fields that changed and, where the record is at hand, what they hold now.
export function ConflictNotice({ conflict, name, actions }: { conflict: ApiError; name?: string; actions?: ReactNode }) {
  const { t, i18n } = useTranslation();
  const current = conflict.current;
  return (
    <div className="alert alert--error conflict" role="alert">
      <p><strong>{t("form.conflictTitle", { name: name || t("form.conflictRecord") })}</strong> {t("form.notSaved")}</p>
      <p>{conflict.message}</p>
      {conflict.changedFields.length > 0 && (
        <>
          <p>{t("form.conflictChanged")}</p>
          <ul>
            {conflict.changedFields.map((f: ChangedField) => (
              <li key={f.field}>
                {i18n.language === "en" ? f.label_en : f.label_sv}
                {current && f.field in current && <> — {t("form.conflictNow")} <q>{shown(current[f.field])}</q></>}
              </li>
            ))}
          </ul>
        </>
      )}
      {actions && <div className="form-actions">{actions}</div>}
    </div>
  );
}

function shown(v: unknown): string {
  if (v === null || v === undefined) return "—";
  if (Array.isArray(v)) return v.join(", ");
  return String(v);
}

// The save button (saying so while it saves), any further buttons, and the note that
// there are unsaved changes: the same at the foot of every form.
export function FormActions({ busy, dirty, label, disabled = false, describedBy, children }: {
  busy: boolean; dirty: boolean; label: string; disabled?: boolean; describedBy?: string; children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="form-actions">
      <button type="submit" className="button" disabled={busy || disabled} aria-describedby={describedBy}>
        {busy ? t("form.saving") : label}
      </button>
      {children}
      {dirty && <span className="muted small">{t("form.unsaved")}</span>}
    </div>
  );
}

// The confirmation of a save or an action, read out by screen readers. `focusRef`: where
// keyboard focus goes when the button pressed is gone with the state it belonged to.
export function Confirmation({ text, focusRef }: { text: string | null; focusRef?: Ref<HTMLDivElement> }) {
  return (
    <div role="status" aria-live="polite" ref={focusRef} tabIndex={focusRef ? -1 : undefined}>
      {text && <div className="alert alert--success"><span aria-hidden="true">✓ </span>{text}</div>}
    </div>
  );
}

// A field's error as the Field component takes it: {...fieldError(errors, "amount")}.
export function fieldError(errors: Errors, field: string): { error?: string; errorValues?: Record<string, string | number> } {
  const e = errors[field];
  return e ? { error: e.key, errorValues: e.values } : {};
}

// Several forms on one page, one unsaved-changes warning: each form reports whether it
// holds unsaved input.
export function useDirtyForms() {
  const [dirty, setDirtyState] = useState<Record<string, boolean>>({});
  const setDirty = useCallback((name: string, value: boolean) => {
    setDirtyState((d) => (d[name] === value ? d : { ...d, [name]: value }));
  }, []);
  const any = useMemo(() => Object.values(dirty).some(Boolean), [dirty]);
  return { any, setDirty };
}

export type { FieldErrors };

// The state every form keeps about its outcome, in one place: the field errors (its
// own checks, and the field a server refusal names), the server's refusal in words,
// a stale-version conflict (409: the record as it is now and what changed), the
// confirmation, whether it is saving, and the summary that takes focus after a failure.
// `refusal`: the words before a refusal, "notSaved" for a form that saves, "notDone" for
// an action, null for neither (signing in); `describe`: the form's own words for a
// refusal it knows better (null: the server's message).
export function useFormFeedback(options: {
  fieldOf?: (path: string | null) => string | null; refusal?: "notSaved" | "notDone" | null; describe?: (err: unknown) => string | null;
} = {}) {
  const { fieldOf, refusal = "notSaved", describe } = options;
  const serverMessage = useServerMessage(refusal ?? "notSaved");
  const [errors, setErrorState] = useState<Errors>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<ApiError | null>(null);
  const [confirmation, setConfirmation] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const focusSummary = useCallback(() => requestAnimationFrame(() => summary.current?.focus()), []);
  // Field errors as the form's own checks find them: an i18n key (lib/validation) or a
  // key with the values it names.
  const setErrors = useCallback((found: Errors | FieldErrors) => setErrorState(asErrors(found)), []);
  const clear = useCallback(() => {
    setServerError(null);
    setConflict(null);
    setConfirmation(null);
  }, []);
  // The form's own findings: false (and the summary, or what `focus` moves to, focused)
  // when there are any.
  const check = useCallback((found: Errors | FieldErrors, focus?: () => void) => {
    const all = asErrors(found);
    setErrorState(all);
    if (Object.keys(all).length === 0) return true;
    if (focus) focus();
    else focusSummary();
    return false;
  }, [focusSummary]);
  // A refusal shown as the form shows every refusal: on its field when the server names
  // one the form has, a conflict with what changed, the server's message in words.
  const fail = useCallback((err: unknown) => {
    if (isStale(err)) setConflict(err);
    const field = err instanceof ApiError && err.status === 422 && fieldOf ? fieldOf(err.path) : null;
    if (field) setErrorState({ [field]: { key: "form.serverSays", values: { message: err instanceof ApiError ? err.message : "" } } });
    setServerError(describe?.(err) ?? serverMessage(err));
    focusSummary();
  }, [describe, fieldOf, focusSummary, serverMessage]);
  // Runs a save; a refusal is shown and the promise resolves false, so that the form
  // keeps what was typed. A string the save returns is the confirmation.
  const run = useCallback(async (save: () => Promise<string | void>) => {
    clear();
    setBusy(true);
    try {
      const done = await save();
      if (done) setConfirmation(done);
      return true;
    } catch (err) {
      fail(err);
      return false;
    } finally {
      setBusy(false);
    }
  }, [clear, fail]);
  // The error of one field, as the Field component takes it: <Field {...fb.field("amount")}>.
  const field = useCallback((name: string) => fieldError(errors, name), [errors]);
  const hasErrors = Object.keys(errors).length > 0;
  return {
    errors, setErrors, hasErrors, serverError, setServerError, conflict, setConflict, confirmation, setConfirmation, busy,
    summary, check, run, fail, clear, focusSummary, field, refusal,
  };
}
export type FormFeedback = ReturnType<typeof useFormFeedback>;
