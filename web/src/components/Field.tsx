import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

// A labelled form field with its hint and its error, tied together for assistive
// technology (aria-describedby, aria-invalid).
export function Field({ id, label, error, errorValues, hint, required, children }: {
  id: string; label: string; error?: string; errorValues?: Record<string, string | number>; hint?: string; required?: boolean;
  children: (props: { id: string; "aria-invalid": boolean; "aria-describedby"?: string; required?: boolean }) => ReactNode;
}) {
  const { t } = useTranslation();
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={id}>
        {label}{required && <span className="required"> ({t("form.required")})</span>}
      </label>
      {hint && <p className="hint" id={`${id}-hint`}>{hint}</p>}
      {error && <p className="field__error" id={`${id}-error`}><span aria-hidden="true">⚠ </span>{t(error, errorValues)}</p>}
      {children({ id, "aria-invalid": !!error, "aria-describedby": described, required })}
    </div>
  );
}

// A group of radio buttons or check boxes under one legend, its error tied to the group
// (aria-describedby on the fieldset) as Field ties it to a single control. The id is the
// fieldset's, so that the error summary's link leads to it.
export function ChoiceGroup({ id, legend, error, errorValues, required, className = "", children }: {
  id: string; legend: ReactNode; error?: string; errorValues?: Record<string, string | number>; required?: boolean; className?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <fieldset id={id} tabIndex={-1} className={`field ${className}${error ? " field--error" : ""}`}
      aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{legend}{required && <span className="required"> ({t("form.required")})</span>}</legend>
      {error && <p className="field__error" id={`${id}-error`}><span aria-hidden="true">⚠ </span>{t(error, errorValues)}</p>}
      {children}
    </fieldset>
  );
}
