import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import {
  createColumnHelper, flexRender, getCoreRowModel, getFilteredRowModel, getSortedRowModel, useReactTable, type SortingState,
} from "@tanstack/react-table";
import { useUnits } from "../api/hooks";
import { useRisks } from "../api/riskHooks";
import type { Risk } from "../api/riskTypes";
import { ScrollTable } from "../components/EconomyParts";
import { HeatMap, type CellChoice } from "../components/HeatMap";
import { ExampleNote, ExampleTag, RiskHeader } from "../components/RiskParts";
import { SortHeader } from "../components/SortHeader";
import { ErrorState, Loading, Unavailable } from "../components/States";
import { useTitle } from "../components/Title";
import { cellOf, countRequiringAction, heatMap, requiresAction, residualValue, riskValue, scaleFrom } from "../lib/risk";
import { usePlanPage } from "./usePlanPage";

interface Row extends Risk { value: number; after: number; threatens: string; owner: string; actionText: string; needsAction: boolean }

const column = createColumnHelper<Row>();

// The plan's risk assessment: the heat map before and after actions (a cell filters the
// register) and the register as a sortable, filterable table (filters in the address).
export function RiskPage() {
  const { t, i18n } = useTranslation();
  const { plan, orgKey, error, planId } = usePlanPage();
  const data = useRisks(orgKey, planId);
  const units = useUnits(orgKey);
  const [search, setSearch] = useSearchParams();
  const [sorting, setSorting] = useState<SortingState>([]);
  useTitle(t("risk.title"));
  const scale = scaleFrom(data.data?.matrices[0]);

  const rows = useMemo((): Row[] => {
    const d = data.data, p = plan.data;
    if (!d || !p) return [];
    const name = <T extends { id: number }>(items: T[], id: number | null, f: (x: T) => string) => {
      const x = id === null ? undefined : items.find((i) => i.id === id);
      return x ? f(x) : "";
    };
    return d.risks.map((r) => {
      const threats = [
        r.goal_id !== null ? `${t("risk.threat.goal")}: ${name(p.goals, r.goal_id, (g) => g.text)}` : "",
        r.success_factor_id !== null ? `${t("risk.threat.success_factor")}: ${name(p.successFactors, r.success_factor_id, (s) => s.name)}` : "",
        r.development_area_id !== null ? `${t("risk.threat.development_area")}: ${name(p.developmentAreas, r.development_area_id, (a) => a.name)}` : "",
        r.activity_id !== null ? `${t("risk.threat.activity")}: ${name(p.activities, r.activity_id, (a) => a.name)}` : "",
        r.process ? `${t("risk.threat.process")}: ${r.process}` : "",
        r.category ? `${t("risk.threat.category")}: ${r.category}` : "",
      ].filter(Boolean);
      const actions = d.actions.filter((a) => a.risk_id === r.id).map((a) => {
        const target = a.kind === "activity" ? name(p.activities, a.activity_id, (x) => x.name)
          : a.kind === "assignment" ? name(d.assignments, a.assignment_id, (x) => x.title)
            : name(d.controlPoints, a.control_point_id, (x) => x.control_step);
        return `${t(`risk.kind.${a.kind}`)}: ${target}`;
      });
      const value = riskValue(r.probability, r.consequence);
      return {
        ...r, value, after: residualValue(r), threatens: threats.join("; "),
        owner: name(units.data ?? [], r.owner_unit_id, (u) => u.name), actionText: actions.join("; "),
        needsAction: requiresAction(scale, value),
      };
    });
  // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data.data, plan.data, units.data, i18n.language, scale.actionThreshold]);

  const cell: CellChoice | null = search.get("p") && search.get("c")
    ? { probability: Number(search.get("p")), consequence: Number(search.get("c")), when: search.get("when") === "after" ? "after" : "before" }
    : null;
  const onlyAction = search.get("action") === "1";
  const query = search.get("q") ?? "";
  const owner = search.get("owner") ?? "";
  // Memoised on the filters: a new array on every render would make the table reset
  // itself (autoReset) and render again without end.
  const filterKey = search.toString();
  const filtered = useMemo(() => rows.filter((r) => {
    if (cell) {
      const at = cellOf(r, cell.when);
      if (at.probability !== cell.probability || at.consequence !== cell.consequence) return false;
    }
    if (onlyAction && !r.needsAction) return false;
    if (owner && r.owner !== owner) return false;
    if (query && !`${r.key} ${r.title} ${r.threatens} ${r.description ?? ""}`.toLowerCase().includes(query.toLowerCase())) return false;
    return true;
  }), [rows, filterKey]); // eslint-disable-line react-hooks/exhaustive-deps

  const columns = useMemo(() => [
    column.accessor("key", { header: () => t("risk.key") }),
    column.accessor("title", { header: () => t("risk.risk"), cell: (c) => <>{c.getValue()} <ExampleTag origin={c.row.original.origin} /></> }),
    column.accessor("threatens", { header: () => t("risk.threatens") }),
    column.accessor("owner", { header: () => t("risk.ownerUnit") }),
    column.accessor("probability", { header: () => t("risk.probability") }),
    column.accessor("consequence", { header: () => t("risk.consequence") }),
    column.accessor("value", {
      header: () => t("risk.value"),
      cell: (c) => <span className={c.row.original.needsAction ? "risk-value risk-value--action" : "risk-value"}>{c.row.original.needsAction ? "▲ " : ""}{c.getValue()}</span>,
    }),
    column.accessor("after", { header: () => t("risk.residual") }),
    column.accessor("actionText", {
      header: () => t("risk.actions"),
      cell: (c) => c.getValue() || <span className={c.row.original.needsAction ? "text-bad" : "muted"}>{t("risk.noAction")}</span>,
    }),
  // eslint-disable-next-line react-hooks/exhaustive-deps
  ], [i18n.language]);
  const table = useReactTable({
    data: filtered, columns, state: { sorting }, onSortingChange: setSorting, autoResetPageIndex: false,
    getCoreRowModel: getCoreRowModel(), getSortedRowModel: getSortedRowModel(), getFilteredRowModel: getFilteredRowModel(),
  });

  if (error) return <ErrorState error={error} />;
  if (data.error) return <Unavailable error={data.error} what={t("risk.title")} />;
  if (!plan.data || !data.data || !orgKey) return <Loading />;
  const risks = data.data.risks;
  const setParam = (changes: Record<string, string>) => {
    const next = new URLSearchParams(search);
    for (const [k, v] of Object.entries(changes)) { if (v) next.set(k, v); else next.delete(k); }
    setSearch(next, { replace: true });
  };
  const owners = [...new Set(rows.map((r) => r.owner).filter(Boolean))].sort((a, b) => a.localeCompare(b, "sv"));

  return (
    <>
      <RiskHeader planTitle={plan.data.plan.title} title={t("risk.title")} orgKey={orgKey} planId={planId} />
      <p>{t("risk.lead")} {t("risk.thresholdNote", { from: scale.actionThreshold, above: scale.atOrAboveLabel, below: scale.actionThreshold - 1, belowLabel: scale.belowLabel })}</p>
      <ExampleNote origins={[...data.data.matrices.map((m) => m.origin), ...risks.map((r) => r.origin)]} />
      {risks.length === 0 ? <p className="state">{t("risk.none")}</p> : (
        <>
          <div className="heat-maps">
            {(["before", "after"] as const).map((when) => (
              <section key={when} aria-labelledby={`heat-${when}`}>
                <h2 id={`heat-${when}`}>{t(when === "before" ? "risk.heatBefore" : "risk.heatAfter")}</h2>
                <HeatMap counts={heatMap(risks, when)} scale={scale} when={when} selected={cell}
                  onSelect={(c) => setParam({ p: String(c.probability), c: String(c.consequence), when: c.when })} />
                <p>{t("risk.requiring", { count: countRequiringAction(risks, scale, when), total: risks.length })}</p>
              </section>
            ))}
          </div>
          <h2>{t("risk.register")}</h2>
          <div className="toolbar no-print" role="search">
            <div className="field field--inline">
              <label htmlFor="risk-q">{t("risk.search")}</label>
              <input id="risk-q" type="search" value={query} onChange={(e) => setParam({ q: e.target.value })} />
            </div>
            <div className="field field--inline">
              <label htmlFor="risk-owner">{t("risk.ownerUnit")}</label>
              <select id="risk-owner" value={owner} onChange={(e) => setParam({ owner: e.target.value })}>
                <option value="">{t("risk.all")}</option>
                {owners.map((o) => <option key={o} value={o}>{o}</option>)}
              </select>
            </div>
            <div className="field field--inline field--check">
              <input id="risk-action" type="checkbox" checked={onlyAction} onChange={(e) => setParam({ action: e.target.checked ? "1" : "" })} />
              <label htmlFor="risk-action">{t("risk.onlyAction")}</label>
            </div>
          </div>
          {cell && (
            <p className="state state--info">
              {t("risk.filterCell", { p: cell.probability, c: cell.consequence, when: t(cell.when === "before" ? "risk.heatBefore" : "risk.heatAfter").toLowerCase() })}{" "}
              <button type="button" className="link" onClick={() => setParam({ p: "", c: "", when: "" })}>{t("risk.clearCell")}</button>
            </p>
          )}
          <p role="status" className="strong">{t("risk.shown", { shown: filtered.length, total: rows.length })}</p>
          <ScrollTable label={t("risk.register")}>
            <table className="table table--compact risk-register">
              <thead>
                {table.getHeaderGroups().map((hg) => (
                  <tr key={hg.id}>{hg.headers.map((h) => <SortHeader key={h.id} header={h} />)}</tr>
                ))}
              </thead>
              <tbody>
                {table.getRowModel().rows.map((row) => (
                  <tr key={row.id}>
                    {row.getVisibleCells().map((c) => c.column.id === "title"
                      ? <th key={c.id} scope="row">{flexRender(c.column.columnDef.cell, c.getContext())}</th>
                      : <td key={c.id}>{flexRender(c.column.columnDef.cell, c.getContext())}</td>)}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        </>
      )}
    </>
  );
}
