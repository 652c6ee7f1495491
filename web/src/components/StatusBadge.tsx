import { useTranslation } from "react-i18next";
import { activityStatusLook, scorecardStatusLook } from "../lib/status";

// Colour, symbol AND text: the status reads the same in greyscale, in print and to a
// screen reader.
export function StatusBadge({ kind, status }: { kind: "activity" | "score"; status: string | null | undefined }) {
  const { t } = useTranslation();
  const look = kind === "activity" ? activityStatusLook(status) : scorecardStatusLook(status);
  return (
    <span className={`badge badge--${look.tone}`}>
      <span className="badge__icon" aria-hidden="true">{look.icon}</span>
      {t(look.labelKey)}
    </span>
  );
}
