import { useTranslation } from "react-i18next";
import { NavLink } from "react-router-dom";
import { riskExportUrl } from "../api/riskHooks";
import type { Origin } from "../api/riskTypes";
import type { Id } from "../api/types";

// The heading, sub-navigation and downloads shared by the risk and internal control pages.
export function RiskHeader({ planTitle, title, orgKey, planId }: { planTitle: string; title: string; orgKey: string; planId: Id }) {
  const { t } = useTranslation();
  const base = `/plans/${planId}/risks`;
  return (
    <>
      <p className="eyebrow">{planTitle}</p>
      <h1>{title}</h1>
      <nav aria-label={t("risk.title")} className="sub-nav no-print">
        <NavLink end to={base}>{t("risk.title")}</NavLink>
        <NavLink to={`${base}/workshop`}>{t("risk.toWorkshop")}</NavLink>
        <NavLink end to={`${base}/internal-control`}>{t("risk.toControl")}</NavLink>
        <NavLink to={`${base}/internal-control/report`}>{t("risk.toReport")}</NavLink>
      </nav>
      <p className="actions no-print">
        <span className="visually-hidden">{t("risk.download")}: </span>
        <a className="button button--secondary" href={riskExportUrl(orgKey, planId, "xlsx")} download>
          <span aria-hidden="true">⤓ </span>{t("risk.register")} ({t("risk.xlsx")})
        </a>
        <a className="button button--secondary" href={riskExportUrl(orgKey, planId, "csv")} download>
          <span aria-hidden="true">⤓ </span>{t("risk.register")} ({t("risk.csv")})
        </a>
      </p>
    </>
  );
}

// Shipped examples say so wherever they are shown (docs/risk.md).
export function ExampleNote({ origins }: { origins: Origin[] }) {
  const { t } = useTranslation();
  if (!origins.includes("example")) return null;
  return <p className="state state--info example-note"><strong>{t("risk.example")}:</strong> {t("risk.exampleNote")}</p>;
}

export function ExampleTag({ origin }: { origin: Origin }) {
  const { t } = useTranslation();
  return origin === "example" ? <span className="tag tag--example">{t("risk.example")}</span> : null;
}
