import { forwardRef, useCallback, useMemo, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, isStale } from "../api/client";
import type { FieldErrors } from "../lib/validation";

// A field error: an i18n key and the values it names.
export interface FieldError { key: string; values?: Record<string, string | number> }
export type Errors = Record<string, FieldError>;

// What went wrong, as the user should read it: the server's own message (Swedish or
// English, naming the plan or field) for a refusal, with what the status means.
export function useServerMessage() {
  const { t } = useTranslation();
  return (err: unknown): string => {
    const e = err;
    if (e instanceof ApiError) {
      const why = e.status === 403 ? t("economyEdit.forbidden") : e.status === 409 ? t("economyEdit.conflict") : e.status === 401 ? t("economyEdit.signedOut") : "";
      return `${why ? why + " " : ""}${e.message}`;
    }
    return t("error.unknown");
  };
}

// The error summary at the top of a form (links to the fields) and the server's
// refusal; focused after a failed save so that a screen reader reads it.
export const FormErrors = forwardRef<HTMLDivElement, { errors: Errors; prefix: string; labels: Record<string, string>; serverError: string | null }>(
  function FormErrors({ errors, prefix, labels, serverError }, ref) {
    const { t } = useTranslation();
    const list = Object.entries(errors);
    return (
      <div ref={ref} tabIndex={-1}>
        {list.length > 0 && (
          <div className="alert alert--error" role="alert">
            <p><strong>{t("form.fixErrors", { count: list.length })}</strong></p>
            <ul>{list.map(([f, e]) => <li key={f}><a href={`#${prefix}-${f}`}>{labels[f] ?? f}: {t(e.key, e.values)}</a></li>)}</ul>
          </div>
        )}
        {serverError && <div className="alert alert--error" role="alert"><strong>{t("form.notSaved")}</strong> {serverError}</div>}
      </div>
    );
  });

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

export function Confirmation({ text }: { text: string | null }) {
  return (
    <div role="status" aria-live="polite">
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
export function useFormFeedback(options: { fieldOf?: (path: string | null) => string | null } = {}) {
  const serverMessage = useServerMessage();
  const [errors, setErrors] = useState<Errors>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<ApiError | null>(null);
  const [confirmation, setConfirmation] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const focusSummary = useCallback(() => requestAnimationFrame(() => summary.current?.focus()), []);
  const clear = useCallback(() => {
    setServerError(null);
    setConflict(null);
    setConfirmation(null);
  }, []);
  // The form's own findings: false (and the summary focused) when there are any.
  const check = useCallback((found: Errors) => {
    setErrors(found);
    if (Object.keys(found).length === 0) return true;
    focusSummary();
    return false;
  }, [focusSummary]);
  // Runs a save; a refusal is shown (on its field when the server names one the form
  // has) and the promise resolves false, so that the form keeps what was typed.
  const run = useCallback(async (save: () => Promise<string | void>) => {
    clear();
    setBusy(true);
    try {
      const done = await save();
      if (done) setConfirmation(done);
      return true;
    } catch (err) {
      if (isStale(err)) setConflict(err);
      const field = err instanceof ApiError && err.status === 422 && options.fieldOf ? options.fieldOf(err.path) : null;
      if (field) setErrors({ [field]: { key: "form.serverSays", values: { message: err instanceof ApiError ? err.message : "" } } });
      setServerError(serverMessage(err));
      focusSummary();
      return false;
    } finally {
      setBusy(false);
    }
  }, [clear, focusSummary, options, serverMessage]);
  return { errors, setErrors, serverError, setServerError, conflict, setConflict, confirmation, setConfirmation, busy, summary, check, run, clear, focusSummary };
}
export type FormFeedback = ReturnType<typeof useFormFeedback>;
