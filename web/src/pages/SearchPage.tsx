import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import { ErrorState, Loading } from "../components/States";
import { useTitle } from "../components/Title";
import { search } from "../lib/search";
import { usePlanPage } from "./usePlanPage";

const path = { goal: "goals", activity: "activities", measure: "measures" } as const;

export function SearchPage() {
  const { t } = useTranslation();
  const { plan, error, planId } = usePlanPage();
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const [text, setText] = useState(q);
  useTitle(t("search.title"));
  if (error) return <ErrorState error={error} />;
  if (!plan.data) return <Loading />;
  const hits = search(q, plan.data);
  const submit = (e: FormEvent) => { e.preventDefault(); setParams(text.trim() ? { q: text.trim() } : {}); };
  return (
    <>
      <p className="eyebrow">{plan.data.plan.title}</p>
      <h1>{t("search.title")}</h1>
      <form role="search" onSubmit={submit} className="search-form">
        <label htmlFor="search-q">{t("search.label")}</label>
        <div className="search-form__row">
          <input id="search-q" type="search" value={text} onChange={(e) => setText(e.target.value)} />
          <button type="submit" className="button">{t("search.submit")}</button>
        </div>
      </form>
      <p role="status" className="muted">{q ? t("search.count", { count: hits.length, q }) : ""}</p>
      {hits.length > 0 && (
        <ol className="results">
          {hits.map((h) => (
            <li key={`${h.kind}-${h.id}`}>
              <span className={`level level--${h.kind}`}>{t(`search.kind.${h.kind}`)}</span>{" "}
              <Link to={`/plans/${planId}/${path[h.kind]}/${h.id}`}>{h.title}</Link>
              {h.snippet && <p className="muted small">{h.snippet.length > 200 ? h.snippet.slice(0, 200) + "…" : h.snippet}</p>}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
