import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useCommentAction, type CommentThread } from "../api/authoringHooks";
import type { Id } from "../api/types";
import { Field } from "./Field";
import { Confirmation, FormActions, FormErrors, useFormFeedback } from "./FormFeedback";
import { WhenText } from "./WorkflowControls";

// The review's comments on one item of a draft (docs/authoring.md "Review"): its
// threads with replies, a new comment, a reply, resolve and reopen.
export function CommentsPanel({ org, planId, entity, itemId, name, threads, onClose }: {
  org: string; planId: Id; entity: string; itemId: Id; name: string; threads: CommentThread[]; onClose: () => void;
}) {
  const { t } = useTranslation();
  const act = useCommentAction(org, planId);
  const prefix = `comments-${entity}-${itemId}`;
  const [body, setBody] = useState("");
  const fb = useFormFeedback({ fieldOf: (path) => (path === "body" ? "body" : null) });
  const mine = threads.filter((th) => th.entity === entity && th.item_id === itemId);

  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (!fb.check(body.trim() ? {} : { body: { key: "validation.required" } })) return;
    if (await fb.run(async () => { await act.mutateAsync({ kind: "start", entity, item_id: itemId, body }); return t("comments.sent"); })) setBody("");
  };

  return (
    <section className="panel comments-panel" aria-labelledby={`${prefix}-heading`}>
      <h3 id={`${prefix}-heading`}>{t("comments.title")}: {name}</h3>
      <p className="muted small">{t("comments.lead", { name })}</p>
      {mine.length === 0 ? <p>{t("comments.none")}</p> : (
        <ol className="comment-threads">
          {mine.map((th) => <Thread key={th.id} thread={th} org={org} planId={planId} prefix={prefix} />)}
        </ol>
      )}
      <form onSubmit={send} noValidate className="form" aria-label={t("comments.new")}>
        <FormErrors fb={fb} prefix={prefix} labels={{ body: t("comments.body") }} />
        <Field id={`${prefix}-body`} label={t("comments.new")} required {...fb.field("body")}>
          {(p) => <textarea {...p} rows={3} value={body} onChange={(e) => setBody(e.target.value)} />}
        </Field>
        <FormActions busy={fb.busy} dirty={false} label={t("comments.send")}>
          <button type="button" className="button button--secondary" onClick={onClose}>{t("comments.close")}</button>
        </FormActions>
        <Confirmation text={fb.confirmation} />
      </form>
    </section>
  );
}

function Thread({ thread, org, planId, prefix }: { thread: CommentThread; org: string; planId: Id; prefix: string }) {
  const { t } = useTranslation();
  const act = useCommentAction(org, planId);
  const fb = useFormFeedback();
  const [replying, setReplying] = useState(false);
  const [reply, setReply] = useState("");
  const id = `${prefix}-thread-${thread.id}`;
  const toggle = () => fb.run(async () => {
    await act.mutateAsync({ kind: thread.resolved ? "reopen" : "resolve", thread_id: thread.id });
    return t(thread.resolved ? "comments.reopenedDone" : "comments.resolvedDone");
  });
  const sendReply = async (e: FormEvent) => {
    e.preventDefault();
    if (!fb.check(reply.trim() ? {} : { body: { key: "validation.required" } })) return;
    if (await fb.run(async () => { await act.mutateAsync({ kind: "reply", thread_id: thread.id, body: reply }); return t("comments.replied"); })) {
      setReply("");
      setReplying(false);
    }
  };
  return (
    <li className={`comment-thread${thread.resolved ? " comment-thread--resolved" : ""}`}>
      <p className="comment__meta">
        <span className={`badge ${thread.resolved ? "badge--good" : "badge--warn"}`}>
          {thread.resolved ? t("comments.resolved", { who: thread.resolved_by ?? "" }) : t("comments.open")}
        </span>{" "}
        <strong>{thread.author}</strong>, <WhenText iso={thread.created_at} />
      </p>
      <p className="comment__body">{thread.body}</p>
      {thread.replies.length > 0 && (
        <ul className="comment-replies">
          {thread.replies.map((r) => (
            <li key={r.id}>
              <p className="comment__meta"><strong>{r.author}</strong>, <WhenText iso={r.created_at} /></p>
              <p className="comment__body">{r.body}</p>
            </li>
          ))}
        </ul>
      )}
      <FormErrors fb={fb} prefix={id} labels={{ body: t("comments.replyTo", { author: thread.author }) }} />
      {replying ? (
        <form onSubmit={sendReply} noValidate className="form">
          <Field id={`${id}-body`} label={t("comments.replyTo", { author: thread.author })} required {...fb.field("body")}>
            {(p) => <textarea {...p} rows={2} value={reply} onChange={(e) => setReply(e.target.value)} />}
          </Field>
          <FormActions busy={fb.busy} dirty={reply !== ""} label={t("comments.sendReply")}>
            <button type="button" className="button button--secondary" onClick={() => setReplying(false)}>{t("authoring.cancel")}</button>
          </FormActions>
        </form>
      ) : (
        <div className="form-actions">
          <button type="button" className="button button--small button--secondary" onClick={() => setReplying(true)}>{t("comments.reply")}</button>
          <button type="button" className="button button--small" disabled={fb.busy} onClick={toggle}>
            {thread.resolved ? t("comments.reopen") : t("comments.resolve")}
          </button>
        </div>
      )}
      <Confirmation text={fb.confirmation} />
    </li>
  );
}
