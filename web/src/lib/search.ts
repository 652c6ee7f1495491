// Search across a plan's goals, activities and measures: every word of the query must
// occur (case-insensitive, Swedish letters kept distinct) in the name or description.
import type { Activity, Goal, Measure } from "../api/types";

export type SearchKind = "goal" | "activity" | "measure";
export interface SearchHit { kind: SearchKind; id: number; title: string; snippet: string | null; score: number }

const normalise = (s: string) => s.toLocaleLowerCase("sv").normalize("NFC");

export function queryWords(query: string): string[] {
  return normalise(query).split(/\s+/).filter((w) => w.length > 0);
}

function score(words: string[], title: string, rest: string): number | null {
  const t = normalise(title);
  const r = normalise(rest);
  let total = 0;
  for (const w of words) {
    if (t.includes(w)) total += t.startsWith(w) ? 3 : 2;
    else if (r.includes(w)) total += 1;
    else return null;
  }
  return total;
}

export function search(query: string, data: { goals: Goal[]; activities: Activity[]; measures: Measure[] }): SearchHit[] {
  const words = queryWords(query);
  if (words.length === 0) return [];
  const hits: SearchHit[] = [];
  // `text` is shown under the title; `codes` (keys, numbers) are only searched.
  const add = (kind: SearchKind, id: number, title: string, text: (string | null)[], codes: (string | null)[]) => {
    const s = score(words, title, [...text, ...codes].filter(Boolean).join(" "));
    if (s !== null) hits.push({ kind, id, title, snippet: text.find((x) => x) ?? null, score: s });
  };
  data.goals.forEach((g) => add("goal", g.id, g.text, [g.description], [g.key]));
  data.activities.forEach((a) => add("activity", a.id, a.name, [a.description, a.expected_effect], [a.key]));
  data.measures.forEach((m) => add("measure", m.id, m.name, [m.description, m.source], [m.number, m.key]));
  const kindOrder: Record<SearchKind, number> = { goal: 0, activity: 1, measure: 2 };
  return hits.sort((a, b) => b.score - a.score || kindOrder[a.kind] - kindOrder[b.kind] || a.title.localeCompare(b.title, "sv"));
}
