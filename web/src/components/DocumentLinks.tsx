import { useTranslation } from "react-i18next";
import { orgBase } from "../api/client";
import type { Id } from "../api/types";

const formats = ["pdf", "docx", "html"] as const;

// The plan document or a unit's follow-up report as PDF, Word and print-ready HTML
// (docs/documents.md): links to what the server makes, under the same access rules.
export function DocumentLinks({ orgKey, planId, followup }: {
  orgKey: string; planId: Id; followup?: { unitId: Id; year: number; point: string };
}) {
  const { t } = useTranslation();
  const what = t(followup ? "documents.followup" : "documents.plan");
  const url = (format: string) => {
    if (!followup) return `${orgBase(orgKey)}/plans/${planId}/document?format=${format}`;
    const q = new URLSearchParams({ unit: String(followup.unitId), year: String(followup.year), point: followup.point, format });
    return `${orgBase(orgKey)}/plans/${planId}/followup-document?${q.toString()}`;
  };
  return (
    <p className="actions no-print">
      <span className="muted">{what}:</span>{" "}
      {formats.map((f) => (
        <a key={f} className="button button--secondary" href={url(f)} target={f === "docx" ? undefined : "_blank"} rel="noopener"
          aria-label={t("documents.label", { what, format: t(`documents.${f}`) })} download={f === "docx" ? "" : undefined}>
          <span aria-hidden="true">⤓ </span>{t(`documents.${f}`)}
        </a>
      ))}
    </p>
  );
}
