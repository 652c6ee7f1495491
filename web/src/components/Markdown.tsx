import ReactMarkdown from "react-markdown";
import { useTranslation } from "react-i18next";
import remarkGfm from "remark-gfm";

// The plan's text as written: Markdown rendered to elements (never raw HTML), headings
// shifted below the page's own so the document outline stays correct.
// idPrefix keeps footnote anchors of different sections apart on one page.
export function Markdown({ text, headingOffset = 2, idPrefix = "md" }: { text: string; headingOffset?: number; idPrefix?: string }) {
  const { t } = useTranslation();
  const shift = (level: number) => `h${Math.min(6, level + headingOffset)}` as "h3";
  return (
    <div className="prose">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        skipHtml
        remarkRehypeOptions={{
          clobberPrefix: `${idPrefix}-`,
          footnoteLabel: t("plan.footnotes"),
          footnoteBackLabel: t("plan.footnoteBack"),
        }}
        components={{
          h1: ({ children }) => { const H = shift(1); return <H>{children}</H>; },
          h2: ({ children }) => { const H = shift(2); return <H>{children}</H>; },
          h3: ({ children }) => { const H = shift(3); return <H>{children}</H>; },
          h4: ({ children }) => { const H = shift(4); return <H>{children}</H>; },
          table: ({ children }) => <div className="table-wrap" tabIndex={0}><table>{children}</table></div>,
        }}
      >
        {text}
      </ReactMarkdown>
    </div>
  );
}
