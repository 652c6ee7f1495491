// /reporting-periods/:periodId/reminders: the reminder rules of a reporting period.
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router-dom";
import { useMe } from "../api/auth";
import { useOrganisation } from "../api/hooks";
import { useReportingPeriods } from "../api/reminderHooks";
import { ReminderRulesForm } from "../components/ReminderRulesForm";
import { ErrorState, Loading } from "../components/States";
import { useTitle } from "../components/Title";
import { periodLabel, reminderOrg } from "../lib/reminderOrg";

export function ReminderRulesPage() {
  const { t, i18n } = useTranslation();
  const { periodId } = useParams();
  const [params] = useSearchParams();
  const me = useMe();
  const first = useOrganisation();
  const org = reminderOrg(params.get("org"), me.data?.roles.map((r) => r.organisation_id) ?? [], first.data?.id);
  const periods = useReportingPeriods(org);
  useTitle(t("reminders.rulesTitle"));
  if (periods.error) return <ErrorState error={periods.error} />;
  if (!periods.data || !org) return <Loading />;
  const period = periods.data.find((p) => p.id === Number(periodId));
  if (!period) return <p className="state state--error" role="alert">{t("notFound.text")}</p>;
  const label = periodLabel(period.year, period.point, i18n.language);
  return (
    <>
      <p className="eyebrow"><Link to={`/notifications?org=${encodeURIComponent(org)}`}>{t("reminders.back")}</Link></p>
      <h1>{t("reminders.rulesTitle")} – {label}</h1>
      <p className="lead">{t("reminders.rulesLead", { period: label, deadline: period.deadline ?? t("reminders.noDeadline") })}</p>
      <ReminderRulesForm org={org} period={period.id} />
    </>
  );
}
