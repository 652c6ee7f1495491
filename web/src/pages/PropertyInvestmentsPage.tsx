import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { useEconomy, useEconomyFindings, type PlanEconomy } from "../api/economyHooks";
import type { EconomyTable, PropertyInvestment } from "../api/economyTypes";
import { EconomyHeader, ScrollTable, TableChecks, TableHeading, useAmount } from "../components/EconomyParts";
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

function PropertyTable({ table, data }: { table: EconomyTable; data: PlanEconomy }) {
  const { t } = useTranslation();
  const amount = useAmount();
  const lines = data.propertyInvestments.filter((l) => l.table_id === table.id);
  const districts = groupBy(lines, (l) => l.district);
  const stated = (district: string | null, kind: string) =>
    data.totals.find((x) => x.table_id === table.id && x.scope === "group" && x.row_group === district && x.column_label === kind);
  const subtotal = (district: string | null, rows: PropertyInvestment[], kind: (typeof kinds)[number]) => {
    const computed = sum(rows.filter((r) => r.kind === kind).map((r) => r.amount));
    const plan = stated(district, kind);
    const differs = plan !== undefined && plan.amount !== computed;
    return (
      <tr key={kind} className="row--subtotal">
        <th scope="row" colSpan={2}>{t("economy.subtotal", { kind: t(`economy.propertyKind.${kind}`).toLowerCase() })}</th>
        <td className="num">
          {amount(computed, table)}
          {differs && <span className="differs small"><br /><span aria-hidden="true">⚠ </span>{t("economy.statedDiffers", { amount: amount(plan.amount, table) })}</span>}
        </td>
      </tr>
    );
  };
  return (
    <ScrollTable label={table.title}>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t("economy.name")}</th><th scope="col">{t("economy.kind")}</th>
            <th scope="col" className="num">{t("economy.amount")} ({table.amount_unit})</th>
          </tr>
        </thead>
        {districts.map(({ group, rows }) => (
          <tbody key={group ?? "-"}>
            <tr className="row--group"><th scope="rowgroup" colSpan={3}>{group ?? t("economy.noDistrict")}</th></tr>
            {rows.map((l) => (
              <tr key={l.id}>
                <th scope="row">{l.name}</th>
                <td>{t(`economy.propertyKind.${l.kind}`)}</td>
                <td className="num">{amount(l.amount, table)}</td>
              </tr>
            ))}
            {kinds.filter((k) => rows.some((r) => r.kind === k) || stated(group, k)).map((k) => (
              <Fragment key={k}>{subtotal(group, rows, k)}</Fragment>
            ))}
            <tr className="row--subtotal">
              <th scope="row" colSpan={2}>{t("economy.districtTotal", { district: group ?? t("economy.noDistrict").toLowerCase() })}</th>
              <td className="num">{amount(sum(rows.map((r) => r.amount)), table)}</td>
            </tr>
          </tbody>
        ))}
        <tfoot>
          {kinds.map((k) => (
            <tr key={k}>
              <th scope="row" colSpan={2}>{t("economy.subtotal", { kind: t(`economy.propertyKind.${k}`).toLowerCase() })}</th>
              <td className="num">{amount(sum(lines.filter((l) => l.kind === k).map((l) => l.amount)), table)}</td>
            </tr>
          ))}
          <tr><th scope="row" colSpan={2}>{t("economy.grandTotal")}</th><td className="num">{amount(sum(lines.map((l) => l.amount)), table)}</td></tr>
        </tfoot>
      </table>
    </ScrollTable>
  );
}
