import { Fragment, useCallback, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useEconomyAccess, useEconomyWriter } from "../api/economyEdit";
import { useEconomy, useEconomyFindings, type PlanEconomy } from "../api/economyHooks";
import type { BudgetFollowUp, EconomyFinding, EconomyTable } from "../api/economyTypes";
import type { Unit } from "../api/types";
import { BudgetFollowUpForm, type BudgetFollowUpFormHandle } from "../components/BudgetFollowUpForm";
import { CostFrameEditor } from "../components/CostFrameEditor";
import { EconomyHeader, FindingList, ScrollTable, useAmount } from "../components/EconomyParts";
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

function CostFrameTable({ table, data }: { table: EconomyTable; data: PlanEconomy }) {
  const { t } = useTranslation();
  const amount = useAmount();
  const lines = data.costFrameLines.filter((l) => l.table_id === table.id);
  const main = lines.filter((l) => l.part_of_id === null);
  const partsOf = (id: number) => lines.filter((l) => l.part_of_id === id);
  const groups = groupBy(main, (l) => l.row_group);
  const closingSum = (ls: typeof main) => (ls.some((l) => computedClosing(l) === null) ? null : sum(ls.map(computedClosing)));
  const sums = (ls: typeof main) => (
    <>
      {frameColumns.map((c) => <td key={c} className="num">{amount(sum(ls.map((l) => l[c])), table)}</td>)}
      <td className="num">{amount(closingSum(ls), table)}</td>
      <td className="num">{amount(sum(ls.map((l) => l.stated_closing)), table)}</td>
    </>
  );
  return (
    <ScrollTable label={table.title}>
      <table className="table" aria-labelledby={`tabell-${table.key}`}>
        <thead>
          <tr>
            <th scope="col">{t("economy.label")}</th>
            {frameColumns.map((c) => <th key={c} scope="col" className="num">{t(`economy.${c}`)}</th>)}
            <th scope="col" className="num">{t("economy.closing")}</th>
            <th scope="col" className="num">{t("economy.statedClosing")}</th>
          </tr>
        </thead>
        {groups.map(({ group, rows }) => (
          <tbody key={group ?? "-"}>
            {group !== null && groups.length > 1 && <tr className="row--group"><th scope="rowgroup" colSpan={8}>{group}</th></tr>}
            {rows.map((l) => {
              const closing = computedClosing(l);
              const differs = closing !== null && l.stated_closing !== null && amount(closing, table) !== amount(l.stated_closing, table);
              return (
                <Fragment key={l.id}>
                  <tr>
                    <th scope="row">{l.label}</th>
                    {frameColumns.map((c) => <td key={c} className="num">{amount(l[c], table)}</td>)}
                    <td className="num">{amount(closing, table)}</td>
                    <td className={`num${differs ? " differs" : ""}`}>
                      {differs && <><span aria-hidden="true">⚠ </span><span className="visually-hidden">{t("economy.closingDiffers")}: </span></>}
                      {amount(l.stated_closing, table)}
                    </td>
                  </tr>
                  {partsOf(l.id).map((p) => (
                    <tr key={p.id} className="row--part">
                      <th scope="row">{/^varav\b/i.test(p.label) ? p.label : `${t("economy.partOf")} ${p.label}`}</th>
                      {frameColumns.map((c) => <td key={c} className="num">{amount(p[c], table)}</td>)}
                      <td className="num">{amount(computedClosing(p), table)}</td>
                      <td className="num">{amount(p.stated_closing, table)}</td>
                    </tr>
                  ))}
                </Fragment>
              );
            })}
            {group !== null && groups.length > 1 && (
              <tr className="row--subtotal"><th scope="row">{t("economy.sumOf", { group: group.toLowerCase() })}</th>{sums(rows)}</tr>
            )}
          </tbody>
        ))}
        <tfoot><tr><th scope="row">{t("economy.total")}</th>{sums(main)}</tr></tfoot>
      </table>
    </ScrollTable>
  );
}

function PivotTable({ table, rows, rowHeader }: {
  table: EconomyTable; rows: { columns: string[]; rows: { description: string; cells: Record<string, number> }[] }; rowHeader: string;
}) {
  const { t } = useTranslation();
  const amount = useAmount();
  const { columns } = rows;
  return (
    <ScrollTable label={table.title}>
      <table className="table" aria-labelledby={`tabell-${table.key}`}>
        <thead>
          <tr>
            <th scope="col">{rowHeader}</th>
            {columns.map((c) => <th key={c} scope="col" className="num">{c}</th>)}
            <th scope="col" className="num">{t("economy.rowTotal")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.rows.map((r) => (
            <tr key={r.description}>
              <th scope="row">{r.description}</th>
              {columns.map((c) => <td key={c} className="num">{r.cells[c] === undefined ? "" : amount(r.cells[c], table)}</td>)}
              <td className="num">{amount(sum(Object.values(r.cells)), table)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t("economy.total")}</th>
            {columns.map((c) => <td key={c} className="num">{amount(sum(rows.rows.map((r) => r.cells[c])), table)}</td>)}
            <td className="num">{amount(sum(rows.rows.flatMap((r) => Object.values(r.cells))), table)}</td>
          </tr>
        </tfoot>
      </table>
    </ScrollTable>
  );
}

function ResultTable({ table, data }: { table: EconomyTable; data: PlanEconomy }) {
  const { t } = useTranslation();
  const amount = useAmount();
  const lines = data.resultLines.filter((l) => l.table_id === table.id);
  const years = [...new Set(lines.map((l) => l.year))].sort((a, b) => (a ?? 0) - (b ?? 0));
  const rows = groupBy(lines, (l) => `${l.kind}\u0000${l.label}`);
  return (
    <ScrollTable label={table.title}>
      <table className="table" aria-labelledby={`tabell-${table.key}`}>
        <thead>
          <tr>
            <th scope="col">{t("economy.label")}</th>
            <th scope="col">{t("economy.kind")}</th>
            {years.map((y) => <th key={y ?? "-"} scope="col" className="num">{y ?? "–"}</th>)}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ rows: ls }) => (
            <tr key={ls[0].id}>
              <th scope="row">{ls[0].label}</th>
              <td>{t(`economy.resultKind.${ls[0].kind}`)}</td>
              {years.map((y) => {
                const line = ls.find((l) => l.year === y);
                return <td key={y ?? "-"} className="num">{line ? amount(line.amount, table) : ""}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}

function BudgetTable({ table, data, units, onEdit, mayChange }: {
  table: EconomyTable; data: PlanEconomy; units: Unit[]; onEdit?: (line: BudgetFollowUp) => void; mayChange: (r: { unit_id: number | null }) => boolean;
}) {
  const { t, i18n } = useTranslation();
  const amount = useAmount();
  const lines = data.budgetFollowUps.filter((l) => l.table_id === table.id);
  const unitName = (id: number) => units.find((u) => u.id === id)?.name ?? String(id);
  const percent = (p: number | null | undefined) => (p === null || p === undefined ? "–"
    : `${new Intl.NumberFormat(i18n.language === "en" ? "en-GB" : "sv-SE", { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(p)}\u00a0%`);
  const total = (f: "budget" | "outcome" | "forecast") => sum(lines.map((l) => l[f]));
  const totals = { outcome: totalDeviation(lines, "outcome"), forecast: totalDeviation(lines, "forecast") };
  const deviationCells = (kronor: number | null | undefined, pct: number | null | undefined) => (
    <><td className="num">{kronor === null || kronor === undefined ? "–" : amount(kronor, table)}</td><td className="num">{percent(pct)}</td></>
  );
  return (
    <ScrollTable label={table.title}>
      <table className="table" aria-labelledby={`tabell-${table.key}`}>
        <thead>
          <tr>
            <th scope="col">{t("economy.unit")}</th><th scope="col">{t("economy.point")}</th>
            <th scope="col" className="num">{t("economy.budget")}</th><th scope="col" className="num">{t("economy.outcome")}</th>
            <th scope="col" className="num">{t("economy.forecast")}</th>
            <th scope="col" className="num">{t("economyEdit.deviationOutcome")}</th><th scope="col" className="num">{t("economyEdit.deviationOutcomePercent")}</th>
            <th scope="col" className="num">{t("economyEdit.deviationForecast")}</th><th scope="col" className="num">{t("economyEdit.deviationForecastPercent")}</th>
            <th scope="col">{t("economy.comment")}</th>
            {onEdit && <th scope="col" className="no-print"><span className="visually-hidden">{t("economyEdit.actions")}</span></th>}
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.id}>
              <th scope="row">{unitName(l.unit_id)}</th>
              <td>{t(`point.${l.point}`)} {l.year ?? ""}</td>
              <td className="num">{amount(l.budget, table)}</td>
              <td className="num">{amount(l.outcome, table)}</td>
              <td className="num">{amount(l.forecast, table)}</td>
              {deviationCells(l.outcome_deviation, l.outcome_deviation_percent)}
              {deviationCells(l.forecast_deviation, l.forecast_deviation_percent)}
              <td>{l.comment ?? ""}</td>
              {onEdit && (
                <td className="no-print">
                  {mayChange(l) && (
                    <button type="button" className="button button--small button--secondary" onClick={() => onEdit(l)}
                      aria-label={t("economyEdit.editBudget", { unit: unitName(l.unit_id), point: t(`point.${l.point}`), year: l.year ?? "" })}>
                      {t("economyEdit.edit")}
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>{t("economy.total")}</th>
            <td className="num">{amount(total("budget"), table)}</td>
            <td className="num">{amount(total("outcome"), table)}</td>
            <td className="num">{amount(total("forecast"), table)}</td>
            {deviationCells(totals.outcome.kronor, totals.outcome.percent)}
            {deviationCells(totals.forecast.kronor, totals.forecast.percent)}
            <td colSpan={onEdit ? 2 : 1} />
          </tr>
        </tfoot>
      </table>
    </ScrollTable>
  );
}

function InvestmentFrameTable({ table, data }: { table: EconomyTable; data: PlanEconomy }) {
  const { t } = useTranslation();
  const amount = useAmount();
  const lines = data.investmentFrameLines.filter((l) => l.table_id === table.id);
  const groups = groupBy(lines, (l) => l.row_group);
  return (
    <ScrollTable label={table.title}>
      <table className="table" aria-labelledby={`tabell-${table.key}`}>
        <thead>
          <tr>
            <th scope="col">{t("economy.decisionLevel")}</th><th scope="col">{t("economy.frameType")}</th>
            <th scope="col" className="num">{t("economy.amount")}</th>
          </tr>
        </thead>
        {groups.map(({ group, rows }) => (
          <tbody key={group ?? "-"}>
            {group !== null && <tr className="row--group"><th scope="rowgroup" colSpan={3}>{group}</th></tr>}
            {rows.map((l) => (
              <tr key={l.id}>
                <th scope="row">{l.decision_level}</th>
                <td>{t(`economy.frameTypeName.${l.frame_type}`, { defaultValue: l.frame_type })}</td>
                <td className="num">{amount(l.amount, table)}</td>
              </tr>
            ))}
            {group !== null && groups.length > 1 && (
              <tr className="row--subtotal"><th scope="row" colSpan={2}>{t("economy.sumOf", { group: group.toLowerCase() })}</th>
                <td className="num">{amount(sum(rows.map((l) => l.amount)), table)}</td></tr>
            )}
          </tbody>
        ))}
        <tfoot>
          <tr><th scope="row" colSpan={2}>{t("economy.total")}</th><td className="num">{amount(sum(lines.map((l) => l.amount)), table)}</td></tr>
        </tfoot>
      </table>
    </ScrollTable>
  );
}
