import ReactMarkdown from "react-markdown";
import remarkGfm from "remark-gfm";

// The plan's text as written: Markdown rendered to elements (never raw HTML), headings
// shifted below the page's own so the document outline stays correct.
export function Markdown({ text, headingOffset = 2 }: { text: string; headingOffset?: number }) {
  const shift = (level: number) => `h${Math.min(6, level + headingOffset)}` as "h3";
  return (
    <div className="prose">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        skipHtml
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
