import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { useEconomy, useEconomyFindings, type PlanEconomy } from "../api/economyHooks";
import type { EconomyFinding, EconomyTable } from "../api/economyTypes";
import { useUnits } from "../api/hooks";
import { EconomyHeader, FindingList, ScrollTable, TableChecks, TableHeading, useAmount } from "../components/EconomyParts";
import { ErrorState, Loading, Unavailable } from "../components/States";
import { useTitle } from "../components/Title";
import { computedClosing, frameColumns, groupBy, pivot, sum, unassignedFindings } from "../lib/economy";
import { usePlanPage } from "./usePlanPage";

// Net cost frames with their changes and detail tables, results and result targets,
// budget follow-up and investment frames, each table with its totals checked.
export function EconomyPage() {
  const { t } = useTranslation();
  const { plan, orgKey, error, planId } = usePlanPage();
  const economy = useEconomy(orgKey, planId);
  const findings = useEconomyFindings(orgKey, planId);
  useTitle(plan.data ? `${t("economy.title")}: ${plan.data.plan.title}` : t("economy.title"));
  if (error) return <ErrorState error={error} />;
  if (economy.error) return <Unavailable error={economy.error} what={t("economy.title")} />;
  if (!plan.data || !economy.data || !orgKey) return <Loading />;
  const d = economy.data;
  const of = (kind: EconomyTable["kind"]) => d.tables.filter((x) => x.kind === kind);
  const checks = { data: d, findings: findings.data, findingsError: findings.error };
  const other = findings.data ? unassignedFindings(d.tables, findings.data) : [];

  return (
    <>
      <EconomyHeader planTitle={plan.data.plan.title} title={t("economy.title")} orgKey={orgKey} planId={planId} />
      <p className="lead">{t("economy.lead")}</p>
      {d.tables.length === 0 && <p className="state">{t("economy.none")}</p>}

      {of("net_cost_frame").length > 0 && (
        <section aria-labelledby="frames-heading">
          <h2 id="frames-heading">{t("economy.costFrames")}</h2>
          <p className="muted small">{t("economy.closingNote")} {t("economy.notSummed")}</p>
          {of("net_cost_frame").map((table) => (
            <Fragment key={table.id}>
              <TableHeading table={table} />
              <CostFrameTable table={table} data={d} />
              <TableChecks table={table} {...checks} />
            </Fragment>
          ))}
        </section>
      )}

      {of("frame_change").length > 0 && (
        <section aria-labelledby="details-heading">
          <h2 id="details-heading">{t("economy.frameDetails")}</h2>
          {of("frame_change").map((table) => (
            <Fragment key={table.id}>
              <TableHeading table={table} />
              <PivotTable table={table} rows={pivot(d.frameChangeLines.filter((l) => l.table_id === table.id))} rowHeader={t("economy.description")} />
              <TableChecks table={table} {...checks} />
            </Fragment>
          ))}
        </section>
      )}

      {of("result").length > 0 && (
        <section aria-labelledby="results-heading">
          <h2 id="results-heading">{t("economy.results")}</h2>
          {of("result").map((table) => (
            <Fragment key={table.id}>
              <TableHeading table={table} />
              <ResultTable table={table} data={d} />
              <TableChecks table={table} {...checks} />
            </Fragment>
          ))}
        </section>
      )}

      <section aria-labelledby="budget-heading">
        <h2 id="budget-heading">{t("economy.budgetFollowUp")}</h2>
        {of("budget_follow_up").length === 0 && <p className="muted">{t("economy.noBudgetFollowUp")}</p>}
        {of("budget_follow_up").map((table) => (
          <Fragment key={table.id}>
            <TableHeading table={table} />
            <BudgetTable table={table} data={d} orgKey={orgKey} />
            <TableChecks table={table} {...checks} />
          </Fragment>
        ))}
      </section>

      {of("investment_frame").length > 0 && (
        <section aria-labelledby="investment-frames-heading">
          <h2 id="investment-frames-heading">{t("economy.investmentFrames")}</h2>
          {of("investment_frame").map((table) => (
            <Fragment key={table.id}>
              <TableHeading table={table} />
              <InvestmentFrameTable table={table} data={d} />
              <TableChecks table={table} {...checks} />
            </Fragment>
          ))}
        </section>
      )}

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

function BudgetTable({ table, data, orgKey }: { table: EconomyTable; data: PlanEconomy; orgKey: string }) {
  const { t } = useTranslation();
  const amount = useAmount();
  const units = useUnits(orgKey);
  const lines = data.budgetFollowUps.filter((l) => l.table_id === table.id);
  const unitName = (id: number) => units.data?.find((u) => u.id === id)?.name ?? String(id);
  return (
    <ScrollTable label={table.title}>
      <table className="table" aria-labelledby={`tabell-${table.key}`}>
        <thead>
          <tr>
            <th scope="col">{t("economy.unit")}</th><th scope="col">{t("economy.point")}</th>
            <th scope="col" className="num">{t("economy.budget")}</th><th scope="col" className="num">{t("economy.outcome")}</th>
            <th scope="col" className="num">{t("economy.forecast")}</th><th scope="col" className="num">{t("economy.deviation")}</th>
            <th scope="col">{t("economy.comment")}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => {
            const basis = l.forecast ?? l.outcome;
            return (
              <tr key={l.id}>
                <th scope="row">{unitName(l.unit_id)}</th>
                <td>{t(`point.${l.point}`)} {l.year ?? ""}</td>
                <td className="num">{amount(l.budget, table)}</td>
                <td className="num">{amount(l.outcome, table)}</td>
                <td className="num">{amount(l.forecast, table)}</td>
                <td className="num">{basis === null ? "–" : amount(basis - l.budget, table)}</td>
                <td>{l.comment ?? ""}</td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>{t("economy.total")}</th>
            <td className="num">{amount(sum(lines.map((l) => l.budget)), table)}</td>
            <td className="num">{amount(sum(lines.map((l) => l.outcome)), table)}</td>
            <td className="num">{amount(sum(lines.map((l) => l.forecast)), table)}</td>
            <td colSpan={2} />
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
