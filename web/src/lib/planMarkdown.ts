// The Markdown a plan's texts may hold (docs/plan-format.md "Text fields"), checked as
// it is typed with the same rules the server applies (src/domain/plan_markdown.cpp):
// headings, paragraphs, lists, tables and links to http(s), mailto or within the site.
// No raw HTML, no images, no other link schemes.

export type MarkdownProblem = { key: "markdown.html" | "markdown.image" | "markdown.link"; excerpt: string };

const excerpt = (text: string, at: number) => text.slice(at, at + 24).split("\n")[0];

function allowedTarget(url: string): boolean {
  const u = url.replace(/^[ <]+/, "");
  if (/^(https?:\/\/|mailto:)/i.test(u)) return true;
  for (const c of u) {
    if (c === ":") return false;
    if ("/?# )".includes(c)) return true;
    if (!/[A-Za-z0-9+.-]/.test(c)) return true;
  }
  return true;
}

export function markdownProblem(text: string): MarkdownProblem | null {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const n = text[i + 1] ?? "";
    if (c === "<" && /[A-Za-z/!?]/.test(n) && !/^(https?:\/\/|mailto:)/i.test(text.slice(i + 1))) return { key: "markdown.html", excerpt: excerpt(text, i) };
    if (c === "!" && n === "[") return { key: "markdown.image", excerpt: excerpt(text, i) };
    if (c === "]" && (n === "(" || n === ":") && !allowedTarget(text.slice(i + 2))) return { key: "markdown.link", excerpt: excerpt(text, i + 2) };
  }
  return null;
}

// The toolbar's edits: what the text becomes and where the selection goes.
export interface Edit { text: string; start: number; end: number }
export type MarkdownAction = "heading" | "bold" | "italic" | "bullets" | "numbers" | "table" | "link";

export function applyMarkdown(action: MarkdownAction, text: string, start: number, end: number, words: { text: string; link: string }): Edit {
  const selected = text.slice(start, end);
  const around = (before: string, after: string, fallback: string): Edit => {
    const inner = selected || fallback;
    const next = text.slice(0, start) + before + inner + after + text.slice(end);
    return { text: next, start: start + before.length, end: start + before.length + inner.length };
  };
  // Line-wise: the lines the selection touches get the prefix.
  const lines = (prefix: (i: number) => string): Edit => {
    const from = text.lastIndexOf("\n", start - 1) + 1;
    const toNl = text.indexOf("\n", end);
    const to = toNl === -1 ? text.length : toNl;
    const block = text.slice(from, to).split("\n").map((l, i) => prefix(i) + l).join("\n");
    return { text: text.slice(0, from) + block + text.slice(to), start: from, end: from + block.length };
  };
  switch (action) {
    case "heading": return lines(() => "## ");
    case "bold": return around("**", "**", words.text);
    case "italic": return around("*", "*", words.text);
    case "bullets": return lines(() => "- ");
    case "numbers": return lines((i) => `${i + 1}. `);
    case "link": return around("[", "](https://)", words.link);
    case "table": {
      const table = "\n| Rubrik | Rubrik |\n|---|---|\n| Text | Text |\n";
      const next = text.slice(0, end) + table + text.slice(end);
      return { text: next, start: end + 1, end: end + table.length - 1 };
    }
  }
}
