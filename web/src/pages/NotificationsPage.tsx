// /notifications: the signed-in person's reminders as notifications, their e-mail and
// reminder settings, and (for those who set them) the reminder rules of each period.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import { useMe } from "../api/auth";
import { useOrganisation } from "../api/hooks";
import { useMySettings, useReportingPeriods, useSaveMySettings } from "../api/reminderHooks";
import { useServerMessage } from "../components/FormFeedback";
import { NotificationsList } from "../components/NotificationsList";
import { ErrorState, Loading } from "../components/States";
import { useTitle } from "../components/Title";
import { periodLabel, reminderOrg } from "../lib/reminderOrg";

const emailPattern = /^[^\s@<>()[\]\\,;:"]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

function SettingsForm() {
  const { t } = useTranslation();
  const settings = useMySettings();
  const save = useSaveMySettings();
  const serverMessage = useServerMessage();
  const [email, setEmail] = useState("");
  const [language, setLanguage] = useState<"sv" | "en">("sv");
  const [wanted, setWanted] = useState(true);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    if (settings.data) {
      setEmail(settings.data.email ?? "");
      setLanguage(settings.data.language);
      setWanted(settings.data.reminders);
    }
  }, [settings.data]);
  if (settings.error) return <ErrorState error={settings.error} />;
  if (!settings.data) return <Loading />;
  const emailValid = email.trim() === "" || emailPattern.test(email.trim());
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!emailValid) { setStatus({ ok: false, text: t("reminders.badEmail") }); return; }
    save.mutate({ email: email.trim() === "" ? null : email.trim(), language, reminders: wanted }, {
      onSuccess: () => setStatus({ ok: true, text: t("reminders.saved") }),
      onError: (err) => setStatus({ ok: false, text: serverMessage(err) }),
    });
  };
  return (
    <section aria-labelledby="settings-heading">
      <h2 id="settings-heading">{t("reminders.settingsTitle")}</h2>
      <form onSubmit={submit} noValidate className="settings-form">
        <div className="field">
          <label htmlFor="my-email">{t("reminders.email")}</label>
          <input id="my-email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)}
            aria-invalid={!emailValid} aria-describedby={emailValid ? "my-email-hint" : "my-email-hint my-email-error"} />
          <p id="my-email-hint" className="hint">{t("reminders.emailHint")}</p>
          {!emailValid && <p id="my-email-error" className="field-error">{t("reminders.badEmail")}</p>}
        </div>
        <div className="field">
          <label htmlFor="my-language">{t("reminders.language")}</label>
          <select id="my-language" value={language} onChange={(e) => setLanguage(e.target.value as "sv" | "en")}>
            <option value="sv">{t("reminders.sv")}</option>
            <option value="en">{t("reminders.en")}</option>
          </select>
        </div>
        <div className="field field--check">
          <input id="my-reminders" type="checkbox" checked={wanted} onChange={(e) => setWanted(e.target.checked)} aria-describedby="my-reminders-hint" />
          <label htmlFor="my-reminders">{t("reminders.wanted")}</label>
          <p id="my-reminders-hint" className="hint">{t("reminders.wantedHint")}</p>
        </div>
        <button type="submit" className="button" disabled={save.isPending}>{t("reminders.save")}</button>
      </form>
      <div role="status" aria-live="polite">
        {status && <p className={status.ok ? "state state--info" : "state state--error"}>{status.text}</p>}
      </div>
    </section>
  );
}

function PeriodLinks({ org }: { org: string }) {
  const { t, i18n } = useTranslation();
  const periods = useReportingPeriods(org);
  if (periods.error) return <ErrorState error={periods.error} />;
  if (!periods.data) return <Loading />;
  const open = periods.data.filter((p) => p.status === "open");
  return (
    <section aria-labelledby="periods-heading">
      <h2 id="periods-heading">{t("reminders.periodsTitle")}</h2>
      {open.length === 0 ? <p className="state state--info">{t("reminders.noPeriods")}</p> : (
        <ul>
          {open.map((p) => (
            <li key={p.id}>
              <Link to={`/reporting-periods/${p.id}/reminders?org=${encodeURIComponent(org)}`}>
                {t("reminders.periodRules", { period: periodLabel(p.year, p.point, i18n.language) })}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function NotificationsPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const me = useMe();
  const first = useOrganisation();
  useTitle(t("reminders.title"));
  if (me.isPending) return <Loading />;
  if (!me.data) return <p className="state state--info">{t("reminders.signIn")} <Link to="/login?next=%2Fnotifications">{t("login.link")}</Link></p>;
  const org = reminderOrg(params.get("org"), me.data.roles.map((r) => r.organisation_id), first.data?.id);
  return (
    <>
      <h1>{t("reminders.title")}</h1>
      <p className="lead">{t("reminders.lead")}</p>
      {org ? <NotificationsList org={org} /> : <p className="state state--info">{t("reminders.noOrg")}</p>}
      <SettingsForm />
      {org && <PeriodLinks org={org} />}
    </>
  );
}
