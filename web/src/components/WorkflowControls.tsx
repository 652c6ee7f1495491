import { useRef, useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { WorkflowAction } from "../api/workflowTypes";
import { validateReturnComment, workflowStateLook } from "../lib/workflow";
import { Field } from "./Field";
import { Confirmation, FormErrors, useFormFeedback } from "./FormFeedback";
import "./workflow.css";

// A workflow state as colour, symbol AND text.
// kind "plan": a plan's approved state reads "Fastställd", as on the plan overview.
export function WorkflowBadge({ state, kind = "report" }: { state: string | null | undefined; kind?: "report" | "plan" }) {
  const { t } = useTranslation();
  const look = workflowStateLook(state);
  const label = kind === "plan" && state ? t(`planStatus.${state}`, { defaultValue: t(look.labelKey) }) : t(look.labelKey);
  return (
    <span className={`badge badge--${look.tone}`}>
      <span className="badge__icon" aria-hidden="true">{look.icon}</span>
      {label}
    </span>
  );
}

// An ISO time as the reader's local date and time ("23 nov. 2026 17:04").
export function WhenText({ iso }: { iso: string | null | undefined }) {
  const { i18n } = useTranslation();
  if (!iso) return <>–</>;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return <>{iso}</>;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  return (
    <time dateTime={iso}>
      {new Intl.DateTimeFormat(i18n.language === "en" ? "en-GB" : "sv-SE",
        dateOnly ? { dateStyle: "medium" } : { dateStyle: "medium", timeStyle: "short" }).format(d)}
    </time>
  );
}

// The buttons of the actions allowed, a return that asks for its comment, the server's
// refusal in words, and a confirmation read out by screen readers (aria-live).
// `what` names the item in messages ("rapporten", "version 2").
// `confirm`: an action asked about first, with what the person should know (e.g. the
// review's unresolved comments before submitting a plan).
export function WorkflowControls({ actions, extra, onAction, what, idPrefix, confirm }: {
  actions: WorkflowAction[];
  confirm?: { action: WorkflowAction; title: string; content: ReactNode };
  extra?: { label: string; run: () => Promise<string> };  // e.g. "create report": returns its confirmation
  onAction: (action: WorkflowAction, comment?: string) => Promise<unknown>;
  what: string;
  idPrefix: string;
}) {
  const { t } = useTranslation();
  const [returning, setReturning] = useState(false);
  const [asking, setAsking] = useState(false);
  const [comment, setComment] = useState("");
  const [commentError, setCommentError] = useState<string | null>(null);
  const fb = useFormFeedback({ refusal: "notDone" });
  const busy = fb.busy;
  const commentBox = useRef<HTMLTextAreaElement>(null);
  const statusBox = useRef<HTMLDivElement>(null);

  // The button pressed may be gone with the state it belonged to: keyboard focus then goes
  // to the confirmation instead of falling back to the top of the page.
  const keepFocus = () => requestAnimationFrame(() => {
    if (!document.activeElement || document.activeElement === document.body) statusBox.current?.focus();
  });

  const run = async (action: WorkflowAction, withComment?: string) => {
    const done = await fb.run(async () => {
      await onAction(action, withComment);
      setReturning(false);
      setComment("");
      return t(`workflow.done.${action}`, { what });
    });
    if (done) keepFocus();
  };

  const runExtra = async () => {
    if (!extra) return;
    if (await fb.run(extra.run)) keepFocus();
  };

  const sendBack = (e: FormEvent) => {
    e.preventDefault();
    const problem = validateReturnComment(comment);
    setCommentError(problem);
    if (problem) {
      commentBox.current?.focus();
      return;
    }
    void run("return", comment.trim());
  };

  return (
    <div className="workflow-controls">
      <FormErrors fb={fb} prefix={idPrefix} labels={{}} name={what} />
      {(actions.length > 0 || extra) && (
        <div className="form-actions workflow-actions">
          {extra && <button type="button" className="button" disabled={busy} onClick={runExtra}>{extra.label}</button>}
          {actions.map((a) => (
            <button key={a} type="button" className={`button${a === "return" || a === "withdraw" ? " button--secondary" : ""}`}
              disabled={busy} aria-expanded={a === "return" ? returning : undefined}
              aria-controls={a === "return" && returning ? `${idPrefix}-return` : undefined}
              onClick={() => {
                if (a === "return") {
                  setReturning(true);
                  setCommentError(null);
                  requestAnimationFrame(() => commentBox.current?.focus());
                } else if (confirm?.action === a) {
                  setAsking(true);
                  requestAnimationFrame(() => document.getElementById(`${idPrefix}-confirm-heading`)?.focus());
                } else void run(a);
              }}>
              {t(`workflow.action.${a}`)}
            </button>
          ))}
        </div>
      )}
      {asking && confirm && (
        <section className="panel workflow-confirm" aria-labelledby={`${idPrefix}-confirm-heading`}>
          <h3 id={`${idPrefix}-confirm-heading`} tabIndex={-1}>{confirm.title}</h3>
          {confirm.content}
          <div className="form-actions">
            <button type="button" className="button" disabled={busy}
              onClick={() => { setAsking(false); void run(confirm.action); }}>{t(`workflow.action.${confirm.action}`)}</button>
            <button type="button" className="button button--secondary" disabled={busy} onClick={() => setAsking(false)}>{t("workflow.cancel")}</button>
          </div>
        </section>
      )}
      {returning && (
        <form id={`${idPrefix}-return`} className="form workflow-return" onSubmit={sendBack} noValidate>
          {/* The one field's error is shown at the field, where focus stays to correct it. */}
          <Field id={`${idPrefix}-comment`} label={t("workflow.returnComment")} hint={t("workflow.returnHint")} required error={commentError ?? undefined}>
            {(p) => <textarea {...p} ref={commentBox} rows={3} value={comment} aria-required="true"
              onChange={(e) => { setComment(e.target.value); if (commentError) setCommentError(validateReturnComment(e.target.value)); }} />}
          </Field>
          <div className="form-actions">
            <button type="submit" className="button" disabled={busy}>{t("workflow.sendBack")}</button>
            <button type="button" className="button button--secondary" disabled={busy}
              onClick={() => { setReturning(false); setCommentError(null); }}>{t("workflow.cancel")}</button>
          </div>
        </form>
      )}
      <Confirmation text={fb.confirmation} focusRef={statusBox} />
    </div>
  );
}
