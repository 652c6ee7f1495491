import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { applyMarkdown, type MarkdownAction } from "../lib/planMarkdown";
import { Markdown } from "./Markdown";

const actions: MarkdownAction[] = ["heading", "bold", "italic", "bullets", "numbers", "table", "link"];

// A text field for the plan's Markdown (docs/plan-format.md "Text fields"): a toolbar
// that writes the syntax around the selection, and a preview rendered as the plan
// pages render it. The text stays Markdown; nothing else is stored.
export function MarkdownEditor({ id, label, value, onChange, error, describedBy }: {
  id: string; label: string; value: string; onChange: (v: string) => void; error?: boolean; describedBy?: string;
}) {
  const { t } = useTranslation();
  const [preview, setPreview] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const apply = (action: MarkdownAction) => {
    const el = area.current;
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    const edit = applyMarkdown(action, value, start, end, { text: t("markdown.text"), link: t("markdown.linkText") });
    onChange(edit.text);
    requestAnimationFrame(() => { area.current?.focus(); area.current?.setSelectionRange(edit.start, edit.end); });
  };
  return (
    <div className="markdown-editor">
      <div role="toolbar" aria-label={`${t("markdown.toolbar")}: ${label}`} aria-controls={id} className="markdown-editor__toolbar">
        {actions.map((a) => (
          <button key={a} type="button" className="button button--small button--secondary" disabled={preview} onClick={() => apply(a)}>
            {t(a === "link" ? "markdown.addLink" : `markdown.${a}`)}
          </button>
        ))}
        <button type="button" className="button button--small" aria-pressed={preview} onClick={() => setPreview(!preview)}>
          {preview ? t("markdown.write") : t("markdown.preview")}
        </button>
      </div>
      {preview ? (
        <section className="markdown-editor__preview panel" aria-label={t("markdown.previewOf", { label })}>
          <Markdown text={value} headingOffset={3} idPrefix={`${id}-preview`} />
        </section>
      ) : (
        <textarea ref={area} id={id} rows={6} value={value} aria-invalid={error} aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.value)} />
      )}
    </div>
  );
}
