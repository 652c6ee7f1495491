import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useCommentAction, type Comment, type CommentThread } from "../api/authoringHooks";
import type { Id } from "../api/types";
import { Field } from "./Field";
import { Confirmation, FormActions, FormErrors, useFormFeedback } from "./FormFeedback";
import { WhenText } from "./WorkflowControls";

// The review's comments on one item of a draft (docs/authoring.md "Review"): its
// threads with replies, a new comment, a reply, resolve and reopen.
// `me`: the signed-in user's name (their own comments they change while the thread is
// open, and delete); `mayDeleteAny`: an administrator over the plan deletes any comment.
export function CommentsPanel({ org, planId, entity, itemId, name, threads, me, mayDeleteAny, onClose }: {
  org: string; planId: Id; entity: string; itemId: Id; name: string; threads: CommentThread[];
  me: string | null; mayDeleteAny: boolean; onClose: () => void;
}) {
  const { t } = useTranslation();
  const act = useCommentAction(org, planId);
  const prefix = `comments-${entity}-${itemId}`;
  const [body, setBody] = useState("");
  const fb = useFormFeedback({ fieldOf: (path) => (path === "body" ? "body" : null) });
  const mine = threads.filter((th) => th.entity === entity && th.item_id === itemId);
  const status = useRef<HTMLDivElement>(null);
  // A change or deletion in a thread is confirmed here: a deleted thread takes its own
  // messages (and the button pressed) along, so focus goes to the confirmation.
  const announce = (message: string) => {
    fb.clear();
    fb.setConfirmation(message);
    requestAnimationFrame(() => {
      if (!document.activeElement || document.activeElement === document.body) status.current?.focus();
    });
  };

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
          {mine.map((th) => <Thread key={th.id} thread={th} org={org} planId={planId} prefix={prefix} me={me}
            mayDeleteAny={mayDeleteAny} announce={announce} />)}
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
        <Confirmation text={fb.confirmation} focusRef={status} />
      </form>
    </section>
  );
}

function Thread({ thread, org, planId, prefix, me, mayDeleteAny, announce }: {
  thread: CommentThread; org: string; planId: Id; prefix: string; me: string | null; mayDeleteAny: boolean; announce: (message: string) => void;
}) {
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
      <CommentText comment={thread} thread={thread} org={org} planId={planId} idBase={id} me={me} mayDeleteAny={mayDeleteAny} announce={announce} />
      {thread.replies.length > 0 && (
        <ul className="comment-replies">
          {thread.replies.map((r) => (
            <li key={r.id}>
              <p className="comment__meta"><strong>{r.author}</strong>, <WhenText iso={r.created_at} /></p>
              <CommentText comment={r} thread={thread} org={org} planId={planId} idBase={id} me={me} mayDeleteAny={mayDeleteAny} announce={announce} />
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

// One comment's text, marked when it was changed, with what its reader may do to it:
// the author changes it while the thread is open (from the version read; a change
// someone made meanwhile is shown with the text as it is now), the author or an
// administrator over the plan deletes it (a thread's first comment with its replies).
function CommentText({ comment, thread, org, planId, idBase, me, mayDeleteAny, announce }: {
  comment: Comment; thread: CommentThread; org: string; planId: Id; idBase: string; me: string | null; mayDeleteAny: boolean;
  announce: (message: string) => void;
}) {
  const { t } = useTranslation();
  const act = useCommentAction(org, planId);
  const fb = useFormFeedback({ fieldOf: (path) => (path === "body" ? "body" : null) });
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(comment.body);
  const [version, setVersion] = useState(comment.row_version);
  const id = `${idBase}-c${comment.id}`;
  const mine = me !== null && comment.author === me;
  const first = comment.id === thread.id;
  const short = comment.body.length > 60 ? `${comment.body.slice(0, 57)}…` : comment.body;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!fb.check(text.trim() ? {} : { body: "validation.required" })) return;
    const saved = await fb.run(async () => {
      await act.mutateAsync({ kind: "edit", comment_id: comment.id, body: text, row_version: version });
    });
    if (saved) {
      setEditing(false);
      announce(t("comments.editedDone"));
    }
  };
  const remove = async () => {
    if (!window.confirm(t(first ? "comments.removeThreadConfirm" : "comments.removeConfirm", { body: short }))) return;
    const done = await fb.run(async () => {
      await act.mutateAsync({ kind: "delete", comment_id: comment.id, row_version: comment.row_version });
    });
    if (done) announce(t("comments.removedDone"));
  };
  const current = fb.conflict?.current as { body?: string; row_version?: number } | null | undefined;

  return (
    <>
      <p className="comment__body">
        {comment.body}
        {comment.edited_at && <span className="muted small"> {t("comments.edited")}</span>}
      </p>
      {!editing && <FormErrors fb={fb} prefix={id} labels={{ body: t("comments.editBody") }} name={t("comments.commentConflict")} />}
      {editing ? (
        <form onSubmit={save} noValidate className="form">
          <FormErrors fb={fb} prefix={id} labels={{ body: t("comments.editBody") }} name={t("comments.commentConflict")}
            conflictActions={current && (
              <button type="button" className="button button--secondary" onClick={() => {
                setText(current.body ?? "");
                setVersion(current.row_version);
                fb.clear();
              }}>{t("authoring.conflictReload")}</button>
            )} />
          <Field id={`${id}-body`} label={t("comments.editBody")} required {...fb.field("body")}>
            {(p) => <textarea {...p} rows={3} value={text} onChange={(e) => setText(e.target.value)} />}
          </Field>
          <FormActions busy={fb.busy} dirty={text !== comment.body} label={t("comments.saveEdit")}>
            <button type="button" className="button button--secondary" onClick={() => { setEditing(false); setText(comment.body); fb.clear(); fb.setErrors({}); }}>
              {t("authoring.cancel")}
            </button>
          </FormActions>
        </form>
      ) : mine || mayDeleteAny ? (
        <div className="form-actions comment__actions">
          {mine && !thread.resolved && (
            <button type="button" className="button button--small button--secondary" aria-label={t("comments.editLabel", { author: comment.author })}
              onClick={() => { setText(comment.body); setVersion(comment.row_version); setEditing(true); }}>{t("comments.edit")}</button>
          )}
          {(mine || mayDeleteAny) && (
            <button type="button" className="button button--small button--danger" disabled={fb.busy}
              aria-label={t("comments.removeLabel", { author: comment.author })} onClick={remove}>{t("comments.remove")}</button>
          )}
        </div>
      ) : null}
    </>
  );
}
