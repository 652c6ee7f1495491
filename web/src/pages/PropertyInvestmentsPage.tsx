import { createColumnHelper } from "@tanstack/react-table";
import { useTranslation } from "react-i18next";
import { useEconomy, useEconomyFindings, type PlanEconomy } from "../api/economyHooks";
import type { EconomyTable, PropertyInvestment } from "../api/economyTypes";
import { EconomyGrid, type RowGroup } from "../components/EconomyGrid";
import { EconomyHeader, TableChecks, TableHeading, useAmount } from "../components/EconomyParts";
import { ErrorState, Loading, Unavailable } from "../components/States";
import { useTitle } from "../components/Title";
import { groupBy, sum } from "../lib/economy";
import { usePlanPage } from "./usePlanPage";

const kinds = ["new", "reinvestment"] as const;

// Bilaga 6: property investments per property district, with subtotals of new and
// re-investments per district (beside the plan's own "Delsumma" where it differs) and
// the grand total.
export function PropertyInvestmentsPage() {
  const { t } = useTranslation();
  const { plan, orgKey, error, planId } = usePlanPage();
  const economy = useEconomy(orgKey, planId);
  const findings = useEconomyFindings(orgKey, planId);
  useTitle(t("economy.property"));
  if (error) return <ErrorState error={error} />;
  if (economy.error) return <Unavailable error={economy.error} what={t("economy.title")} />;
  if (!plan.data || !economy.data || !orgKey) return <Loading />;
  const tables = economy.data.tables.filter((x) => x.kind === "property_investment");
  return (
    <>
      <EconomyHeader planTitle={plan.data.plan.title} title={t("economy.property")} orgKey={orgKey} planId={planId} />
      {tables.length === 0 && <p className="state">{t("economy.none")}</p>}
      {tables.map((table) => (
        <section key={table.id} aria-labelledby={`tabell-${table.key}`}>
          <TableHeading table={table} level={2} />
          <PropertyTable table={table} data={economy.data} />
          <TableChecks table={table} data={economy.data} findings={findings.data} findingsError={findings.error} />
        </section>
      ))}
    </>
  );
}

// Property investments per district: the district's new and re-investments summed (the
// plan's own "Delsumma" beside it where it differs), the district's total, and the
// totals of the whole table.
function PropertyTable({ table, data }: { table: EconomyTable; data: PlanEconomy }) {
  const { t } = useTranslation();
  const amount = useAmount();
  const lines = data.propertyInvestments.filter((l) => l.table_id === table.id);
  const districts = groupBy(lines, (l) => l.district);
  const stated = (district: string | null, kind: string) =>
    data.totals.find((x) => x.table_id === table.id && x.scope === "group" && x.row_group === district && x.column_label === kind);
  const kindLabel = (k: (typeof kinds)[number]) => t("economy.subtotal", { kind: t(`economy.propertyKind.${k}`).toLowerCase() });
  const c = createColumnHelper<PropertyInvestment>();
  const columns = [
    c.accessor("name", { header: () => t("economy.name"), meta: { rowHeader: true } }),
    c.accessor("kind", { header: () => t("economy.kind"), cell: (x) => t(`economy.propertyKind.${x.getValue()}`) }),
    c.accessor("amount", {
      header: () => `${t("economy.amount")} (${table.amount_unit})`, cell: (x) => amount(x.getValue(), table),
      meta: { num: true, total: (rows: PropertyInvestment[]) => amount(sum(rows.map((r) => r.amount)), table) },
    }),
  ];
  const groups: RowGroup<PropertyInvestment>[] = districts.map(({ group, rows }) => ({
    key: group ?? "-", title: group ?? t("economy.noDistrict"), rows,
    sums: [
      ...kinds.filter((k) => rows.some((r) => r.kind === k) || stated(group, k)).map((k) => {
        const of = rows.filter((r) => r.kind === k);
        const plan = stated(group, k);
        const computed = sum(of.map((r) => r.amount));
        const differs = plan !== undefined && plan.amount !== computed;
        return {
          key: k, label: kindLabel(k), rows: of,
          cells: differs ? {
            amount: <>{amount(computed, table)}<span className="differs small"><br /><span aria-hidden="true">⚠ </span>{t("economy.statedDiffers", { amount: amount(plan.amount, table) })}</span></>,
          } : undefined,
        };
      }),
      { key: "district", label: t("economy.districtTotal", { district: group ?? t("economy.noDistrict").toLowerCase() }), rows },
    ],
  }));
  return (
    <EconomyGrid label={table.title} labelledBy={`tabell-${table.key}`} columns={columns} groups={groups} rowKey={(l) => String(l.id)}
      footer={[
        ...kinds.map((k) => ({ key: k, label: kindLabel(k), rows: lines.filter((l) => l.kind === k) })),
        { key: "all", label: t("economy.grandTotal"), rows: lines },
      ]} />
  );
}
