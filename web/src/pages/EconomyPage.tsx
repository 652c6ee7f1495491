import { createColumnHelper } from "@tanstack/react-table";
import { useCallback, useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useEconomyAccess, useEconomyWriter } from "../api/economyEdit";
import { useEconomy, useEconomyFindings, type PlanEconomy } from "../api/economyHooks";
import type { BudgetFollowUp, CostFrameLine, EconomyFinding, EconomyTable, InvestmentFrameLine } from "../api/economyTypes";
import type { Unit } from "../api/types";
import { BudgetFollowUpForm, type BudgetFollowUpFormHandle } from "../components/BudgetFollowUpForm";
import { CostFrameEditor } from "../components/CostFrameEditor";
import { EconomyGrid, type RowGroup } from "../components/EconomyGrid";
import { EconomyHeader, FindingList, useAmount } from "../components/EconomyParts";
import { EconomySection } from "../components/EconomySection";
import { useDirtyForms } from "../components/FormFeedback";
import { FrameChangeEditor } from "../components/FrameChangeEditor";
import { useUnsavedChanges } from "../components/useUnsavedChanges";
import { ErrorState, Loading, Unavailable } from "../components/States";
import { useTitle } from "../components/Title";
import { computedClosing, frameColumns, groupBy, pivot, sum, unassignedFindings } from "../lib/economy";
import { totalDeviation } from "../lib/money";
import { usePlanPage } from "./usePlanPage";

// Net cost frames with their changes and detail tables, results and result targets,
// budget follow-up and investment frames, each table with its totals checked. A
// controller edits the detail lines (the frame's UB follows) in a plan that is not
// frozen, and enters budget follow-up in any plan.
export function EconomyPage() {
  const { t } = useTranslation();
  const { plan, orgKey, error, planId } = usePlanPage();
  const economy = useEconomy(orgKey, planId);
  const findings = useEconomyFindings(orgKey, planId);
  const access = useEconomyAccess(orgKey, plan.data?.plan);
  const writer = useEconomyWriter(orgKey, planId);
  const forms = useDirtyForms();
  useUnsavedChanges(forms.any);
  const budgetForm = useRef<BudgetFollowUpFormHandle>(null);
  const setBudgetDirty = useCallback((d: boolean) => forms.setDirty("budget", d), [forms.setDirty]);
  useTitle(plan.data ? `${t("economy.title")}: ${plan.data.plan.title}` : t("economy.title"));
  if (error) return <ErrorState error={error} />;
  if (economy.error) return <Unavailable error={economy.error} what={t("economy.title")} />;
  if (!plan.data || !economy.data || !orgKey) return <Loading />;
  const d = economy.data;
  const p = plan.data.plan;
  const of = (kind: EconomyTable["kind"]) => d.tables.filter((x) => x.kind === kind);
  const checks = { data: d, findings: findings.data, findingsError: findings.error };
  const other = findings.data ? unassignedFindings(d.tables, findings.data) : [];
  const editFrames = access.controller && !access.frozen;

  return (
    <>
      <EconomyHeader planTitle={p.title} title={t("economy.title")} orgKey={orgKey} planId={planId} />
      <p className="lead">{t("economy.lead")}</p>
      {access.controller && access.frozen && (
        <p className="state state--info no-print">{t("economyEdit.frozenFrames", { status: t(`planStatus.${p.status}`).toLowerCase() })}</p>
      )}
      {d.tables.length === 0 && <p className="state">{t("economy.none")}</p>}

      <EconomySection id="frames" title={t("economy.costFrames")} tables={of("net_cost_frame")} checks={checks}
        lead={<p className="muted small">{t("economy.closingNote")} {t("economy.notSummed")}</p>}>
        {(table) => (
          <>
            <CostFrameTable table={table} data={d} />
            {editFrames && (
              <CostFrameEditor table={table} data={d} access={access} writer={writer}
                onDirty={(dirty) => forms.setDirty(`cf-${table.id}`, dirty)} />
            )}
          </>
        )}
      </EconomySection>

      <EconomySection id="details" title={t("economy.frameDetails")} tables={of("frame_change")} checks={checks}
        lead={editFrames ? <p className="muted small no-print">{t("economyEdit.detailsLead")}</p> : undefined}>
        {(table) => (
          <>
            <PivotTable table={table} rows={pivot(d.frameChangeLines.filter((l) => l.table_id === table.id))} rowHeader={t("economy.description")} />
            {editFrames && (
              <FrameChangeEditor table={table} data={d} plan={p} access={access} writer={writer}
                onDirty={(dirty) => forms.setDirty(`fc-${table.id}`, dirty)} />
            )}
          </>
        )}
      </EconomySection>

      <EconomySection id="results" title={t("economy.results")} tables={of("result")} checks={checks}>
        {(table) => <ResultTable table={table} data={d} />}
      </EconomySection>

      <EconomySection id="budget" title={t("economy.budgetFollowUp")} tables={of("budget_follow_up")} checks={checks}
        empty={<p className="muted">{t("economy.noBudgetFollowUp")}</p>}>
        {(table) => (
          <BudgetTable table={table} data={d} units={access.units}
            onEdit={access.controller ? (line) => budgetForm.current?.edit(line) : undefined} mayChange={access.mayChange} />
        )}
      </EconomySection>
      {access.controller && (
        <BudgetFollowUpForm ref={budgetForm} data={d} plan={p} access={access} writer={writer} onDirty={setBudgetDirty} />
      )}

      <EconomySection id="investment-frames" title={t("economy.investmentFrames")} tables={of("investment_frame")} checks={checks}>
        {(table) => <InvestmentFrameTable table={table} data={d} />}
      </EconomySection>

      {other.length > 0 && <OtherFindings findings={other} />}
    </>
  );
}

function OtherFindings({ findings }: { findings: EconomyFinding[] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="other-findings-heading">
      <h2 id="other-findings-heading">{t("economy.otherFindings")}</h2>
      <FindingList findings={findings} />
    </section>
  );
}

// The net cost frame: each line with its parts ("varav") beneath it, the computed UB
// beside the plan's own (marked where they differ), subtotals per group of lines and
// the total; parts are shown, not summed again.
function CostFrameTable({ table, data }: { table: EconomyTable; data: PlanEconomy }) {
  const { t, i18n } = useTranslation();
  const amount = useAmount();
  const lines = data.costFrameLines.filter((l) => l.table_id === table.id);
  const main = lines.filter((l) => l.part_of_id === null);
  const partsOf = (id: number) => lines.filter((l) => l.part_of_id === id);
  const grouped = groupBy(main, (l) => l.row_group);
  const several = grouped.length > 1;
  const mains = (ls: CostFrameLine[]) => ls.filter((l) => l.part_of_id === null);
  const columns = useMemo(() => {
    const c = createColumnHelper<CostFrameLine>();
    return [
      c.accessor("label", {
        header: () => t("economy.label"), meta: { rowHeader: true },
        cell: (x) => (x.row.original.part_of_id === null || /^varav\b/i.test(x.getValue()) ? x.getValue() : `${t("economy.partOf")} ${x.getValue()}`),
      }),
      ...frameColumns.map((col) => c.accessor(col, {
        header: () => t(`economy.${col}`), cell: (x) => amount(x.getValue(), table),
        meta: { num: true, total: (rows: CostFrameLine[]) => amount(sum(mains(rows).map((l) => l[col])), table) },
      })),
      c.display({
        id: "closing", header: () => t("economy.closing"), cell: (x) => amount(computedClosing(x.row.original), table),
        meta: {
          num: true,
          total: (rows: CostFrameLine[]) => amount(mains(rows).some((l) => computedClosing(l) === null) ? null : sum(mains(rows).map(computedClosing)), table),
        },
      }),
      c.accessor("stated_closing", {
        header: () => t("economy.statedClosing"),
        cell: (x) => {
          const l = x.row.original;
          const closing = computedClosing(l);
          const differs = l.part_of_id === null && closing !== null && l.stated_closing !== null && amount(closing, table) !== amount(l.stated_closing, table);
          return differs
            ? <span className="differs"><span aria-hidden="true">⚠ </span><span className="visually-hidden">{t("economy.closingDiffers")}: </span>{amount(l.stated_closing, table)}</span>
            : amount(l.stated_closing, table);
        },
        meta: { num: true, total: (rows: CostFrameLine[]) => amount(sum(mains(rows).map((l) => l.stated_closing)), table) },
      }),
    ];
  // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [i18n.language, table.amount_unit, table.decimals]);
  const groups: RowGroup<CostFrameLine>[] = grouped.map(({ group, rows }) => ({
    key: group ?? "-",
    title: group !== null && several ? group : undefined,
    rows: rows.flatMap((l) => [l, ...partsOf(l.id)]),
    sums: group !== null && several ? [{ key: "sum", label: t("economy.sumOf", { group: group.toLowerCase() }), rows }] : [],
  }));
  return (
    <EconomyGrid label={table.title} labelledBy={`tabell-${table.key}`} columns={columns} groups={groups}
      footer={[{ key: "total", label: t("economy.total"), rows: main }]} rowKey={(l) => String(l.id)}
      rowClass={(l) => (l.part_of_id === null ? undefined : "row--part")} />
  );
}

type PivotRow = { description: string; cells: Record<string, number> };

// A detail table as the plan prints it: a row per change, a column per column label,
// each row's total and the columns' totals.
function PivotTable({ table, rows, rowHeader }: {
  table: EconomyTable; rows: { columns: string[]; rows: PivotRow[] }; rowHeader: string;
}) {
  const { t, i18n } = useTranslation();
  const amount = useAmount();
  const key = rows.columns.join("\u0000");
  const columns = useMemo(() => {
    const c = createColumnHelper<PivotRow>();
    return [
      c.accessor("description", { header: () => rowHeader, meta: { rowHeader: true } }),
      ...rows.columns.map((col) => c.display({
        id: `col:${col}`, header: () => col,
        cell: (x) => (x.row.original.cells[col] === undefined ? "" : amount(x.row.original.cells[col], table)),
        meta: { num: true, total: (rs: PivotRow[]) => amount(sum(rs.map((r) => r.cells[col])), table) },
      })),
      c.display({
        id: "row-total", header: () => t("economy.rowTotal"), cell: (x) => amount(sum(Object.values(x.row.original.cells)), table),
        meta: { num: true, total: (rs: PivotRow[]) => amount(sum(rs.flatMap((r) => Object.values(r.cells))), table) },
      }),
    ];
  // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [i18n.language, key, rowHeader, table.amount_unit, table.decimals]);
  return (
    <EconomyGrid label={table.title} labelledBy={`tabell-${table.key}`} columns={columns}
      groups={[{ key: "rows", rows: rows.rows }]} footer={[{ key: "total", label: t("economy.total"), rows: rows.rows }]}
      rowKey={(r) => r.description} />
  );
}

type ResultRow = { key: string; label: string; kind: string; byYear: Map<number | null, number | null> };

// Results and result targets: a row per line and kind, a column per year.
function ResultTable({ table, data }: { table: EconomyTable; data: PlanEconomy }) {
  const { t, i18n } = useTranslation();
  const amount = useAmount();
  const lines = data.resultLines.filter((l) => l.table_id === table.id);
  const years = [...new Set(lines.map((l) => l.year))].sort((a, b) => (a ?? 0) - (b ?? 0));
  const rows: ResultRow[] = groupBy(lines, (l) => `${l.kind}\u0000${l.label}`).map(({ rows: ls }) => ({
    key: String(ls[0].id), label: ls[0].label, kind: ls[0].kind, byYear: new Map(ls.map((l) => [l.year, l.amount])),
  }));
  const yearKey = years.join(",");
  const columns = useMemo(() => {
    const c = createColumnHelper<ResultRow>();
    return [
      c.accessor("label", { header: () => t("economy.label"), meta: { rowHeader: true } }),
      c.accessor("kind", { header: () => t("economy.kind"), cell: (x) => t(`economy.resultKind.${x.getValue()}`) }),
      ...years.map((y) => c.display({
        id: `year:${y ?? "-"}`, header: () => y ?? "–",
        cell: (x) => (x.row.original.byYear.has(y) ? amount(x.row.original.byYear.get(y), table) : ""), meta: { num: true },
      })),
    ];
  // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [i18n.language, yearKey, table.amount_unit, table.decimals]);
  return (
    <EconomyGrid label={table.title} labelledBy={`tabell-${table.key}`} columns={columns}
      groups={[{ key: "rows", rows }]} rowKey={(r) => r.key} />
  );
}

// Budget follow-up: budget, outcome and forecast per unit and reporting point, the
// deviations in kronor and per cent, the totals (deviations of the totals, not sums of
// per cents), and for a controller the button that loads a line into the form.
function BudgetTable({ table, data, units, onEdit, mayChange }: {
  table: EconomyTable; data: PlanEconomy; units: Unit[]; onEdit?: (line: BudgetFollowUp) => void; mayChange: (r: { unit_id: number | null }) => boolean;
}) {
  const { t, i18n } = useTranslation();
  const amount = useAmount();
  const lines = data.budgetFollowUps.filter((l) => l.table_id === table.id);
  const unitName = (id: number) => units.find((u) => u.id === id)?.name ?? String(id);
  const percent = (p: number | null | undefined) => (p === null || p === undefined ? "–"
    : `${new Intl.NumberFormat(i18n.language === "en" ? "en-GB" : "sv-SE", { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(p)}\u00a0%`);
  const kronor = (k: number | null | undefined) => (k === null || k === undefined ? "–" : amount(k, table));
  const c = createColumnHelper<BudgetFollowUp>();
  const columns = [
    c.accessor("unit_id", { header: () => t("economy.unit"), cell: (x) => unitName(x.getValue()), meta: { rowHeader: true } }),
    c.accessor("point", { header: () => t("economy.point"), cell: (x) => `${t(`point.${x.getValue()}`)} ${x.row.original.year ?? ""}` }),
    ...(["budget", "outcome", "forecast"] as const).map((f) => c.accessor(f, {
      header: () => t(`economy.${f}`), cell: (x) => amount(x.getValue(), table),
      meta: { num: true, total: (rows: BudgetFollowUp[]) => amount(sum(rows.map((l) => l[f])), table) },
    })),
    ...(["outcome", "forecast"] as const).flatMap((f) => {
      const cap = f === "outcome" ? "Outcome" : "Forecast";
      return [
        c.accessor(`${f}_deviation`, {
          header: () => t(`economyEdit.deviation${cap}`), cell: (x) => kronor(x.getValue()),
          meta: { num: true, total: (rows: BudgetFollowUp[]) => kronor(totalDeviation(rows, f).kronor) },
        }),
        c.accessor(`${f}_deviation_percent`, {
          header: () => t(`economyEdit.deviation${cap}Percent`), cell: (x) => percent(x.getValue()),
          meta: { num: true, total: (rows: BudgetFollowUp[]) => percent(totalDeviation(rows, f).percent) },
        }),
      ];
    }),
    c.accessor("comment", { header: () => t("economy.comment"), cell: (x) => x.getValue() ?? "" }),
    ...(onEdit ? [c.display({
      id: "actions", header: () => <span className="visually-hidden">{t("economyEdit.actions")}</span>, meta: { className: "no-print" },
      cell: (x) => mayChange(x.row.original) && (
        <button type="button" className="button button--small button--secondary" onClick={() => onEdit(x.row.original)}
          aria-label={t("economyEdit.editBudget", { unit: unitName(x.row.original.unit_id), point: t(`point.${x.row.original.point}`), year: x.row.original.year ?? "" })}>
          {t("economyEdit.edit")}
        </button>
      ),
    })] : []),
  ];
  return (
    <EconomyGrid label={table.title} labelledBy={`tabell-${table.key}`} columns={columns}
      groups={[{ key: "rows", rows: lines }]} footer={[{ key: "total", label: t("economy.total"), rows: lines }]}
      rowKey={(l) => String(l.id)} />
  );
}

// Investment frames per decision level and frame type, with subtotals per group.
function InvestmentFrameTable({ table, data }: { table: EconomyTable; data: PlanEconomy }) {
  const { t } = useTranslation();
  const amount = useAmount();
  const lines = data.investmentFrameLines.filter((l) => l.table_id === table.id);
  const grouped = groupBy(lines, (l) => l.row_group);
  const c = createColumnHelper<InvestmentFrameLine>();
  const columns = [
    c.accessor("decision_level", { header: () => t("economy.decisionLevel"), meta: { rowHeader: true } }),
    c.accessor("frame_type", { header: () => t("economy.frameType"), cell: (x) => t(`economy.frameTypeName.${x.getValue()}`, { defaultValue: x.getValue() }) }),
    c.accessor("amount", {
      header: () => t("economy.amount"), cell: (x) => amount(x.getValue(), table),
      meta: { num: true, total: (rows: InvestmentFrameLine[]) => amount(sum(rows.map((l) => l.amount)), table) },
    }),
  ];
  const groups: RowGroup<InvestmentFrameLine>[] = grouped.map(({ group, rows }) => ({
    key: group ?? "-", title: group ?? undefined, rows,
    sums: group !== null && grouped.length > 1 ? [{ key: "sum", label: t("economy.sumOf", { group: group.toLowerCase() }), rows }] : [],
  }));
  return (
    <EconomyGrid label={table.title} labelledBy={`tabell-${table.key}`} columns={columns} groups={groups}
      footer={[{ key: "total", label: t("economy.total"), rows: lines }]} rowKey={(l) => String(l.id)} />
  );
}
