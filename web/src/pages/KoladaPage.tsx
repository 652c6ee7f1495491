// A measure beside the public KPI it is linked to (docs/kolada.md): the organisation,
// the nation and the other regions per sex, with "Källa: Kolada" under the raw values
// and the computed figures (rank, percentile, difference, trend) said to be computed
// by Styrkort; and the form that links the measure to a KPI of the imported catalogue.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { useMe } from "../api/auth";
import { type Comparison, type Gender, useKoladaComparison, useKoladaSearch, useLinkKolada, useUnlinkKolada } from "../api/koladaHooks";
import { KoladaChart } from "../components/KoladaChart";
import { ErrorState, Loading } from "../components/States";
import { useTitle } from "../components/Title";
import { usePlanPage } from "./usePlanPage";

function number(v: number | null | undefined, lang: string, digits = 1) {
  if (v === null || v === undefined) return "–";
  return v.toLocaleString(lang === "en" ? "en-GB" : "sv-SE", { maximumFractionDigits: digits });
}

function genders(c: Comparison): Gender[] {
  const present = new Set(c.raw.series.flatMap((s) => s.values.map((v) => v.gender)));
  const split = (["K", "M"] as Gender[]).filter((g) => present.has(g));
  return split.length > 0 ? split : ["T"];
}

export function KoladaPage() {
  const { t, i18n } = useTranslation();
  const { plan, orgKey, error, planId, params } = usePlanPage();
  const measureId = Number(params.measureId);
  const comparison = useKoladaComparison(orgKey, measureId);
  const me = useMe();
  const measure = plan.data?.measures.find((m) => m.id === measureId);
  useTitle(measure ? `${t("kolada.title")}: ${measure.name}` : t("kolada.title"));
  if (error || comparison.error) return <ErrorState error={error ?? comparison.error} />;
  if (!plan.data || comparison.isPending || !orgKey) return <Loading />;
  if (!measure) return <p className="state">{t("measure.notFound")}</p>;
  const c = comparison.data;
  const lang = i18n.language;
  return (
    <>
      <nav aria-label={t("nav.breadcrumbs")} className="breadcrumbs">
        <Link to={`/plans/${planId}`}>{plan.data.plan.title}</Link> › <Link to={`/plans/${planId}/measures/${measureId}`}>{measure.name}</Link>
      </nav>
      <h1>{t("kolada.title")}</h1>
      <p>{t("kolada.lead")}</p>
      {!c ? <p className="state state--info">{t("kolada.notLinked")}</p> : (
        <>
          <dl className="facts">
            <div><dt>{t("kolada.kpi")}</dt><dd>{c.link.kpi} {c.kpi?.title}</dd></div>
            <div><dt>{t("kolada.group")}</dt><dd>{c.group ? `${c.group.title} (${c.group.id})` : t("kolada.noGroup")}</dd></div>
          </dl>
          {genders(c).map((g) => <KoladaChart key={g} comparison={c} gender={g} />)}
          <p className="small">{t("kolada.source")}</p>
          <RawTable comparison={c} lang={lang} />
          <FiguresTable comparison={c} lang={lang} />
        </>
      )}
      {me.data && <LinkForm orgKey={orgKey} measureId={measureId} comparison={c ?? null} />}
      {me.data === null && <p className="small">{t("kolada.signIn")}</p>}
    </>
  );
}

function RawTable({ comparison, lang }: { comparison: Comparison; lang: string }) {
  const { t } = useTranslation();
  const own = comparison.raw.series.find((s) => s.role === "own");
  const nation = comparison.raw.series.find((s) => s.role === "nation");
  const rows = [...new Set([...(own?.values ?? []), ...(nation?.values ?? [])].map((v) => `${v.period}|${v.gender}`))].sort();
  const cell = (values: Comparison["raw"]["series"][number]["values"] | undefined, period: number, gender: string) => {
    const v = values?.find((x) => x.period === period && x.gender === gender);
    if (!v) return "–";
    return v.value === null ? `${t("kolada.noValue")}${v.status ? ` (${v.status})` : ""}` : number(v.value, lang);
  };
  return (
    <section aria-labelledby="kolada-raw">
      <h2 id="kolada-raw">{t("kolada.rawTitle")}</h2>
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="kolada-raw">
        <table className="table">
          <caption>{t("kolada.rawCaption")}</caption>
          <thead><tr>
            <th scope="col">{t("kolada.period")}</th><th scope="col">{t("kolada.sexColumn")}</th>
            <th scope="col">{own?.title ?? t("kolada.own")}</th><th scope="col">{t("kolada.nation")}</th>
          </tr></thead>
          <tbody>
            {rows.map((key) => {
              const [p, g] = key.split("|");
              const period = Number(p);
              return (
                <tr key={key}>
                  <th scope="row">{period}</th><td>{t(`kolada.gender.${g}`)}</td>
                  <td>{cell(own?.values, period, g)}</td><td>{cell(nation?.values, period, g)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="small">{t("kolada.source")}</p>
    </section>
  );
}

function FiguresTable({ comparison, lang }: { comparison: Comparison; lang: string }) {
  const { t } = useTranslation();
  const signed = (v: number | null) => (v === null ? "–" : `${v > 0 ? "+" : v < 0 ? "−" : ""}${number(Math.abs(v), lang)}`);
  return (
    <section aria-labelledby="kolada-figures">
      <h2 id="kolada-figures">{t("kolada.figuresTitle")}</h2>
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="kolada-figures">
        <table className="table">
          <caption>{t("kolada.figuresCaption")}</caption>
          <thead><tr>
            <th scope="col">{t("kolada.period")}</th><th scope="col">{t("kolada.sexColumn")}</th>
            <th scope="col">{t("kolada.difference")}</th><th scope="col">{t("kolada.rank")}</th>
            <th scope="col">{t("kolada.percentile")}</th><th scope="col">{t("kolada.median")}</th>
            {comparison.group && <th scope="col">{t("kolada.groupMean")}</th>}
          </tr></thead>
          <tbody>
            {comparison.figures.periods.map((f) => (
              <tr key={`${f.period}-${f.gender}`}>
                <th scope="row">{f.period}</th><td>{t(`kolada.gender.${f.gender}`)}</td>
                <td>{signed(f.difference_to_nation)}</td>
                <td>{f.rank === null ? "–" : t("kolada.rankOf", { rank: f.rank, ranked: f.ranked })}</td>
                <td>{number(f.percentile, lang, 0)}</td><td>{number(f.regions_median, lang)}</td>
                {comparison.group && <td>{number(f.group_mean, lang)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>{t("kolada.trend")}</h3>
      <ul>
        {(Object.entries(comparison.figures.trend) as [Gender, { per_year: number | null; word: string }][]).map(([g, tr]) => (
          <li key={g}>{t("kolada.trendLine", { gender: t(`kolada.gender.${g}`), word: t(`kolada.trendWord.${tr.word}`), slope: signed(tr.per_year) })}</li>
        ))}
      </ul>
      {comparison.national_level.length > 0 && (
        <>
          <h3>{t("kolada.nationalLevel")}</h3>
          <ul>
            {comparison.national_level.map((n) => (
              <li key={`${n.period}-${n.gender}`}>{t("kolada.nationalRow", {
                period: n.period, gender: t(`kolada.gender.${n.gender}`), status: t(`kolada.nationalStatus.${n.status}`),
                own: number(n.own, lang), nation: number(n.nation, lang),
              })}</li>
            ))}
          </ul>
        </>
      )}
      <p className="small">{t("kolada.computedSource")}</p>
    </section>
  );
}

function LinkForm({ orgKey, measureId, comparison }: { orgKey: string; measureId: number; comparison: Comparison | null }) {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const [group, setGroup] = useState(comparison?.link.group ?? "");
  const [message, setMessage] = useState("");
  const search = useKoladaSearch(orgKey, q);
  const link = useLinkKolada(orgKey, measureId);
  const unlink = useUnlinkKolada(orgKey, measureId);
  const failure = link.error ?? unlink.error ?? search.error;
  return (
    <section aria-labelledby="kolada-link">
      <h2 id="kolada-link">{t("kolada.linkTitle")}</h2>
      <div className="field">
        <label htmlFor="kolada-search">{t("kolada.search")}</label>
        <input id="kolada-search" type="text" value={q} onChange={(e) => setQ(e.target.value)} aria-describedby="kolada-search-hint" />
        <p id="kolada-search-hint" className="small">{t("kolada.searchHint")}</p>
      </div>
      <div className="field">
        <label htmlFor="kolada-group">{t("kolada.groupField")}</label>
        <input id="kolada-group" type="text" value={group} onChange={(e) => setGroup(e.target.value)} />
      </div>
      {search.data && (
        search.data.items.length === 0 ? <p>{t("kolada.noResults")}</p> : (
          <ul aria-label={t("kolada.results")} className="kolada-results">
            {search.data.items.map((k) => (
              <li key={k.id}>
                <button type="button" className="button" disabled={link.isPending}
                  onClick={() => link.mutate({ kpi: k.id, group: group.trim() || null, version: comparison?.link.row_version },
                    { onSuccess: (l) => setMessage(t("kolada.linked", { kpi: l.kpi })) })}>
                  {t("kolada.choose", { id: k.id })}
                </button>{" "}{k.title}
              </li>
            ))}
          </ul>
        )
      )}
      {comparison && (
        <button type="button" className="button button--secondary" disabled={unlink.isPending}
          onClick={() => unlink.mutate(comparison.link.row_version, { onSuccess: () => setMessage(t("kolada.unlinked")) })}>
          {t("kolada.unlink")}
        </button>
      )}
      <p role="status">{message}</p>
      {failure && <ErrorState error={failure} />}
    </section>
  );
}
