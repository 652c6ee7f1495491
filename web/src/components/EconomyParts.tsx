import { createColumnHelper } from "@tanstack/react-table";
import { useTranslation } from "react-i18next";
import { NavLink } from "react-router-dom";
import { economyExportUrl } from "../api/economyHooks";
import type { EconomyFinding, EconomyTable } from "../api/economyTypes";
import type { Id } from "../api/types";
import { checkedTotals, findingsOf, formatAmount, type EconomyData } from "../lib/economy";
import { EconomyGrid } from "./EconomyGrid";

type CheckedTotal = ReturnType<typeof checkedTotals>[number];

// Formats whole kronor in a table's printed unit and precision, in the reader's language.
export function useAmount() {
  const { i18n } = useTranslation();
  return (kronor: number | null | undefined, table: Pick<EconomyTable, "amount_unit" | "decimals">) =>
    formatAmount(kronor, table.amount_unit, table.decimals, i18n.language);
}

// The heading of every economy page: its parts and the downloads of all its tables.
export function EconomyHeader({ planTitle, title, orgKey, planId }: { planTitle: string; title: string; orgKey: string; planId: Id }) {
  const { t } = useTranslation();
  const base = `/plans/${planId}/economy`;
  return (
    <>
      <p className="eyebrow">{planTitle}</p>
      <h1>{title}</h1>
      <nav aria-label={t("economy.nav")} className="sub-nav no-print">
        <NavLink end to={base}>{t("economy.frames")}</NavLink>
        <NavLink to={`${base}/requests`}>{t("economy.requests")}</NavLink>
        <NavLink to={`${base}/property`}>{t("economy.property")}</NavLink>
      </nav>
      <p className="actions no-print">
        <a className="button button--secondary" href={economyExportUrl(orgKey, planId, "xlsx")} download>
          <span aria-hidden="true">⤓ </span>{t("economy.downloadXlsx")}
        </a>
        <a className="button button--secondary" href={economyExportUrl(orgKey, planId, "csv")} download>
          <span aria-hidden="true">⤓ </span>{t("economy.downloadCsv")}
        </a>
      </p>
    </>
  );
}

// Every table of the economy pages: EconomyGrid (column definitions) in ScrollTable.
export { ScrollTable } from "./EconomyGrid";

const severityLook: Record<EconomyFinding["severity"], { icon: string; tone: string }> = {
  error: { icon: "✕", tone: "bad" },
  warning: { icon: "!", tone: "warn" },
  info: { icon: "i", tone: "info" },
};

export function FindingList({ findings }: { findings: EconomyFinding[] }) {
  const { t } = useTranslation();
  return (
    <ul className="findings">
      {findings.map((f, i) => {
        const look = severityLook[f.severity];
        return (
          <li key={i}>
            <span className={`badge badge--${look.tone}`}><span className="badge__icon" aria-hidden="true">{look.icon}</span>{t(`economy.severity.${f.severity}`)}</span>{" "}
            {f.message} <span className="muted small">({f.rule})</span>
          </li>
        );
      })}
    </ul>
  );
}

// Beneath every table: what `styrkort check` finds in it, and each total the plan
// states beside the sum computed from the rows.
export function TableChecks({ table, data, findings, findingsError }: {
  table: EconomyTable; data: EconomyData; findings: EconomyFinding[] | undefined; findingsError: unknown;
}) {
  const { t } = useTranslation();
  const amount = useAmount();
  const totals = checkedTotals(table, data);
  const own = findings ? findingsOf(table, findings) : [];
  const differing = totals.filter((c) => c.difference !== 0).length;
  const column = (c: string | null) => (c === null ? "" : t(`economy.${c}`, { defaultValue: t(`economy.frameTypeName.${c}`, { defaultValue: t(`economy.propertyKind.${c}`, { defaultValue: c }) }) }));
  const ct = createColumnHelper<CheckedTotal>();
  const totalColumns = [
    ct.display({
      id: "label", header: () => t("economy.statedTotal"), meta: { rowHeader: true },
      cell: (x) => { const tot = x.row.original.total; return [tot.label, tot.row_group, tot.row_label, column(tot.column_label)].filter(Boolean).join(" · "); },
    }),
    ct.display({ id: "stated", header: () => t("economy.stated"), meta: { num: true }, cell: (x) => amount(x.row.original.total.amount, table) }),
    ct.accessor("computed", { header: () => t("economy.computed"), meta: { num: true }, cell: (x) => amount(x.getValue(), table) }),
    ct.accessor("difference", { header: () => t("economy.difference"), meta: { num: true }, cell: (x) => (x.getValue() === 0 ? "–" : amount(x.getValue(), table)) }),
    ct.display({
      id: "status", header: () => t("economy.status"),
      cell: (x) => (x.row.original.difference === 0
        ? <span className="badge badge--good"><span className="badge__icon" aria-hidden="true">✓</span>{t("economy.agrees")}</span>
        : <span className="badge badge--warn"><span className="badge__icon" aria-hidden="true">!</span>{t("economy.differs")}</span>),
    }),
  ];
  return (
    <div className="table-checks">
      <h4>{t("economy.findings")}</h4>
      {findingsError ? <p className="state state--error">{t("economy.checksUnavailable")}</p>
        : !findings ? <p className="muted small">{t("state.loading")}</p>
        : own.length === 0 ? <p><span className="badge badge--good"><span className="badge__icon" aria-hidden="true">✓</span>{t("economy.agrees")}</span> {t("economy.noFindings")}</p>
        : own.length <= 3 ? <FindingList findings={own} />
        : (
          <details>
            <summary>{t("economy.findingCount", { count: own.length })}: {(["error", "warning", "info"] as const)
              .map((s) => [s, own.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0)
              .map(([s, n]) => `${t(`economy.severity.${s}`).toLowerCase()} ${n}`).join(", ")}</summary>
            <FindingList findings={own} />
          </details>
        )}
      {totals.length > 0 && (
        <details>
          <summary>{t("economy.statedTotals")} ({totals.length}{differing > 0 ? `, ${t("economy.differs").toLowerCase()}: ${differing}` : ""})</summary>
          <EconomyGrid label={`${t("economy.statedTotals")}: ${table.title}`} compact columns={totalColumns}
            groups={[{ key: "totals", rows: totals }]} rowKey={(x) => String(x.total.id)} />
        </details>
      )}
    </div>
  );
}

export function TableHeading({ table, level = 3 }: { table: EconomyTable; level?: 3 | 2 }) {
  const { t } = useTranslation();
  const H = level === 2 ? "h2" : "h3";
  return (
    <>
      <H id={`tabell-${table.key}`}>{table.title}</H>
      <p className="muted small">{t("economy.inUnit", { unit: table.amount_unit })}{table.note ? ` — ${table.note}` : ""}</p>
    </>
  );
}
