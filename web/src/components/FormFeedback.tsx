import { forwardRef, useCallback, useMemo, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client";
import { StepFailure } from "../lib/frameChanges";
import type { FieldErrors } from "../lib/validation";

// A field error: an i18n key and the values it names.
export interface FieldError { key: string; values?: Record<string, string | number> }
export type Errors = Record<string, FieldError>;

// What went wrong, as the user should read it: the server's own message (Swedish or
// English, naming the plan or field) for a refusal, with what the status means.
export function useServerMessage() {
  const { t } = useTranslation();
  return (err: unknown): string => {
    const e = err instanceof StepFailure ? err.error : err;
    const undoNote = err instanceof StepFailure && !err.undone ? ` ${t("economyEdit.notUndone")}` : "";
    if (e instanceof ApiError) {
      const why = e.status === 403 ? t("economyEdit.forbidden") : e.status === 409 ? t("economyEdit.conflict") : e.status === 401 ? t("economyEdit.signedOut") : "";
      return `${why ? why + " " : ""}${e.message}${undoNote}`;
    }
    return t("error.unknown") + undoNote;
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
