import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { NavLink } from "react-router-dom";
import { economyExportUrl } from "../api/economyHooks";
import type { EconomyFinding, EconomyTable } from "../api/economyTypes";
import type { Id } from "../api/types";
import { checkedTotals, findingsOf, formatAmount, type EconomyData } from "../lib/economy";

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

// A table that may be wider than a tablet: it scrolls inside its own region, which a
// keyboard user can focus and scroll.
export function ScrollTable({ label, children }: { label: string; children: ReactNode }) {
  return <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>{children}</div>;
}

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
          <ScrollTable label={`${t("economy.statedTotals")}: ${table.title}`}>
            <table className="table table--compact">
              <thead>
                <tr>
                  <th scope="col">{t("economy.statedTotal")}</th>
                  <th scope="col" className="num">{t("economy.stated")}</th>
                  <th scope="col" className="num">{t("economy.computed")}</th>
                  <th scope="col" className="num">{t("economy.difference")}</th>
                  <th scope="col">{t("economy.status")}</th>
                </tr>
              </thead>
              <tbody>
                {totals.map(({ total, computed, difference }) => (
                  <tr key={total.id}>
                    <th scope="row">{[total.label, total.row_group, total.row_label, column(total.column_label)].filter(Boolean).join(" · ")}</th>
                    <td className="num">{amount(total.amount, table)}</td>
                    <td className="num">{amount(computed, table)}</td>
                    <td className="num">{difference === 0 ? "–" : amount(difference, table)}</td>
                    <td>{difference === 0
                      ? <span className="badge badge--good"><span className="badge__icon" aria-hidden="true">✓</span>{t("economy.agrees")}</span>
                      : <span className="badge badge--warn"><span className="badge__icon" aria-hidden="true">!</span>{t("economy.differs")}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
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
