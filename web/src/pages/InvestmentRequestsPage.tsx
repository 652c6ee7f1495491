import { Fragment, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import {
  createColumnHelper, flexRender, getCoreRowModel, getFilteredRowModel, getSortedRowModel, useReactTable, type SortingState,
} from "@tanstack/react-table";
import { useEconomyAccess, useEconomyWriter } from "../api/economyEdit";
import { useEconomy, useEconomyFindings } from "../api/economyHooks";
import type { InvestmentRequest } from "../api/economyTypes";
import { EconomyHeader, ScrollTable, TableChecks, TableHeading, useAmount } from "../components/EconomyParts";
import { Confirmation, useDirtyForms } from "../components/FormFeedback";
import { InvestmentRequestForm, RequestDecision, RequestStatus } from "../components/InvestmentRequestForm";
import { SortHeader } from "../components/SortHeader";
import { useUnsavedChanges } from "../components/useUnsavedChanges";
import { ErrorState, Loading, Unavailable } from "../components/States";
import { useTitle } from "../components/Title";
import { decidingRule, sum } from "../lib/economy";
import { usePlanPage } from "./usePlanPage";

const column = createColumnHelper<InvestmentRequest & { decided_by: string }>();

// Bilaga 5: every investment request, sortable and filterable by division, frame type
// and status (the filters live in the address, so a filtered list can be shared), with
// the total of the requests shown and of all of them.
export function InvestmentRequestsPage() {
  const { t, i18n } = useTranslation();
  const { plan, orgKey, error, planId } = usePlanPage();
  const economy = useEconomy(orgKey, planId);
  const findings = useEconomyFindings(orgKey, planId);
  const amount = useAmount();
  const [search, setSearch] = useSearchParams();
  const [sorting, setSorting] = useState<SortingState>([]);
  const access = useEconomyAccess(orgKey, plan.data?.plan);
  const writer = useEconomyWriter(orgKey, planId);
  const forms = useDirtyForms();
  useUnsavedChanges(forms.any);
  const [deciding, setDeciding] = useState<number | null>(null);
  const [decided, setDecided] = useState<string | null>(null);
  // Back to the row's button once the decision is saved or cancelled, after the row shows
  // its button again: the keyboard user stays in place.
  const refocus = useRef<number | null>(null);
  useEffect(() => {
    if (deciding !== null || refocus.current === null) return;
    document.getElementById(`decide-${refocus.current}`)?.focus();
    refocus.current = null;
  }, [deciding]);
  const setCreateDirty = useCallback((d: boolean) => forms.setDirty("create", d), [forms.setDirty]);
  const setDecisionDirty = useCallback((d: boolean) => forms.setDirty("decision", d), [forms.setDirty]);
  useTitle(t("economy.requests"));
  const tables = economy.data?.tables.filter((x) => x.kind === "investment_request") ?? [];
  const unitTable = tables[0] ?? { amount_unit: "tkr" as const, decimals: 0 };
  const rows = useMemo(() => {
    const d = economy.data;
    if (!d) return [];
    return d.investmentRequests.map((r) => {
      const rule = decidingRule(r, d.delegationRules);
      return { ...r, decided_by: rule ? rule.decided_by : "" };
    });
  }, [economy.data]);
  // Memoised: a new filter state on every render would make the table recompute and
  // reset itself without end.
  const filterKey = search.toString();
  const filters = useMemo(() => (["division", "frame_type", "status"] as const)
    .map((id) => ({ id, value: search.get(id) ?? "" })).filter((f) => f.value !== ""),
  // eslint-disable-next-line react-hooks/exhaustive-deps
  [filterKey]);
  const query = search.get("q") ?? "";
  const columns = useMemo(() => [
    column.accessor("key", { header: () => t("economy.id"), sortingFn: (a, b) => Number(a.original.key) - Number(b.original.key) || a.original.key.localeCompare(b.original.key) }),
    column.accessor("division", { header: () => t("economy.division"), filterFn: "equals" }),
    column.accessor("area", { header: () => t("economy.area"), cell: (c) => c.getValue() ?? "" }),
    column.accessor("name", { header: () => t("economy.name") }),
    column.accessor("frame_type", { header: () => t("economy.frameType"), filterFn: "equals", cell: (c) => t(`economy.frameTypeName.${c.getValue()}`) }),
    column.accessor("amount", { header: () => `${t("economy.amount")} (${unitTable.amount_unit})`, cell: (c) => amount(c.getValue(), unitTable) }),
    column.accessor("status", { header: () => t("economy.status"), filterFn: "equals", cell: (c) => <RequestStatus status={c.getValue()} /> }),
    column.accessor("decided_by", { header: () => t("economy.decidedBy"), cell: (c) => c.getValue() || t("economy.belowLimit") }),
  // eslint-disable-next-line react-hooks/exhaustive-deps
  ], [i18n.language, unitTable.amount_unit, unitTable.decimals]);
  const table = useReactTable({
    data: rows, columns,
    state: { sorting, columnFilters: filters, globalFilter: query },
    onSortingChange: setSorting,
    autoResetPageIndex: false,
    globalFilterFn: (row, _id, value: string) => row.original.name.toLowerCase().includes(value.toLowerCase()),
    getCoreRowModel: getCoreRowModel(), getSortedRowModel: getSortedRowModel(), getFilteredRowModel: getFilteredRowModel(),
  });

  if (error) return <ErrorState error={error} />;
  if (economy.error) return <Unavailable error={economy.error} what={t("economy.title")} />;
  if (!plan.data || !economy.data || !orgKey) return <Loading />;
  const shown = table.getRowModel().rows;
  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(name, value); else next.delete(name);
    setSearch(next, { replace: true });
  };
  const options = (field: "division" | "frame_type" | "status") => [...new Set(rows.map((r) => r[field]))].sort((a, b) => a.localeCompare(b, "sv"));
  const label = (field: string, v: string) => field === "frame_type" ? t(`economy.frameTypeName.${v}`) : field === "status" ? t(`economy.requestStatus.${v}`) : v;
  const shownSum = sum(shown.map((r) => r.original.amount));
  // Controllers decide and add requests in a plan that is not frozen.
  const mayDecide = (r: { unit_id: number | null }) => !access.frozen && access.mayChange(r);
  const decisions = !access.frozen && access.controller;
  const closeDecision = (id: number) => {
    refocus.current = id;
    setDeciding(null);
  };
  const requestTable = tables[0];

  return (
    <>
      <EconomyHeader planTitle={plan.data.plan.title} title={t("economy.requests")} orgKey={orgKey} planId={planId} />
      {tables.length === 0 && <p className="state">{t("economy.none")}</p>}
      {tables.map((tbl) => <Fragment key={tbl.id}><TableHeading table={tbl} level={2} /></Fragment>)}
      {access.controller && access.frozen && <p className="state state--info no-print">{t("economyEdit.frozenRequests", { status: t(`planStatus.${plan.data.plan.status}`).toLowerCase() })}</p>}
      {decisions && requestTable && (
        <InvestmentRequestForm table={requestTable} data={economy.data} plan={plan.data.plan} access={access} writer={writer} onDirty={setCreateDirty} />
      )}
      <Confirmation text={decided} />
      {rows.length > 0 && (
        <>
          <div className="toolbar no-print" role="search">
            {(["division", "frame_type", "status"] as const).map((field) => (
              <div className="field field--inline" key={field}>
                <label htmlFor={`filter-${field}`}>{t(field === "frame_type" ? "economy.frameType" : `economy.${field}`)}</label>
                <select id={`filter-${field}`} value={search.get(field) ?? ""} onChange={(e) => setFilter(field, e.target.value)}>
                  <option value="">{t("economy.all")}</option>
                  {options(field).map((v) => <option key={v} value={v}>{label(field, v)}</option>)}
                </select>
              </div>
            ))}
            <div className="field field--inline">
              <label htmlFor="filter-q">{t("economy.search")}</label>
              <input id="filter-q" type="search" value={query} onChange={(e) => setFilter("q", e.target.value)} />
            </div>
          </div>
          <p role="status" className="strong">
            {t("economy.shown", { shown: shown.length, total: rows.length, sum: amount(shownSum, unitTable), unit: unitTable.amount_unit })}
          </p>
          <ScrollTable label={t("economy.requests")}>
            <table className="table table--compact">
              <thead>
                {table.getHeaderGroups().map((hg) => (
                  <tr key={hg.id}>
                    {hg.headers.map((h) => <SortHeader key={h.id} header={h} className={h.column.id === "amount" ? "num" : undefined} />)}
                    {decisions && <th scope="col" className="no-print"><span className="visually-hidden">{t("economyEdit.actions")}</span></th>}
                  </tr>
                ))}
              </thead>
              <tbody>
                {shown.map((row) => (
                  <Fragment key={row.id}>
                    <tr>
                      {row.getVisibleCells().map((cell) => cell.column.id === "name"
                        ? <th key={cell.id} scope="row">{flexRender(cell.column.columnDef.cell, cell.getContext())}</th>
                        : <td key={cell.id} className={cell.column.id === "amount" ? "num" : undefined}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>)}
                      {decisions && (
                        <td className="no-print">
                          {mayDecide(row.original) && deciding !== row.original.id && (
                            <button type="button" className="button button--small button--secondary" id={`decide-${row.original.id}`}
                              aria-label={t("economyEdit.decide", { id: row.original.key, name: row.original.name })}
                              onClick={() => { setDecided(null); setDeciding(row.original.id); }}>
                              {t("economyEdit.decideShort")}
                            </button>
                          )}
                        </td>
                      )}
                    </tr>
                    {deciding === row.original.id && (
                      <tr className="row--editor">
                        <td colSpan={9}>
                          <RequestDecision request={row.original} data={economy.data!} table={unitTable} writer={writer} onDirty={setDecisionDirty}
                            onCancel={() => closeDecision(row.original.id)} onDone={(text) => { closeDecision(row.original.id); setDecided(text); }} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
              <tfoot>
                <tr><th scope="row" colSpan={5}>{t("economy.sumShown")}</th><td className="num">{amount(shownSum, unitTable)}</td><td colSpan={decisions ? 3 : 2} /></tr>
                <tr><th scope="row" colSpan={5}>{t("economy.sumAll")}</th><td className="num">{amount(sum(rows.map((r) => r.amount)), unitTable)}</td><td colSpan={decisions ? 3 : 2} /></tr>
              </tfoot>
            </table>
          </ScrollTable>
        </>
      )}
      {tables.map((tbl) => <TableChecks key={tbl.id} table={tbl} data={economy.data!} findings={findings.data} findingsError={findings.error} />)}
    </>
  );
}
