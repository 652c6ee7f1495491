// The in-app notifications: what reminders said (or would have said) to the signed-in
// user in one organisation, newest first. Used by /notifications and the home page.
import { useTranslation } from "react-i18next";
import { useNotifications } from "../api/reminderHooks";
import { ErrorState, Loading } from "./States";

// A link in a reminder names this site's page by its full address: inside the app it
// is followed as a path of this site, whatever base URL the mail was written with.
function localPath(link: string): string {
  try {
    const u = new URL(link);
    return u.pathname + u.search;
  } catch {
    return "/notifications";
  }
}

export function NotificationsList({ org, headingLevel = 2 }: { org: string | undefined; headingLevel?: 2 | 3 }) {
  const { t, i18n } = useTranslation();
  const notes = useNotifications(org);
  const Heading = headingLevel === 2 ? "h2" : "h3";
  if (notes.error) return <ErrorState error={notes.error} />;
  if (!notes.data) return <Loading />;
  return (
    <section aria-labelledby="notifications-heading" className="notifications">
      <Heading id="notifications-heading">{t("reminders.listTitle")}</Heading>
      {notes.data.length === 0 ? (
        <p className="state state--info">{t("reminders.none")}</p>
      ) : (
        <ul className="notification-list">
          {notes.data.map((n) => (
            <li key={n.id} className={`notification notification--${n.kind}`}>
              <p className="notification__meta">
                <span className="notification__kind">{t(`reminders.kind.${n.kind}`)}</span>
                {" · "}
                <span>{t(`reminders.state.${n.state}`)}</span>
                {" · "}
                <time dateTime={n.created_at}>{new Date(n.created_at).toLocaleDateString(i18n.language === "en" ? "en-GB" : "sv-SE")}</time>
              </p>
              <p className="notification__subject"><strong>{n.subject}</strong></p>
              <details>
                <summary>{t("reminders.open")}</summary>
                <pre className="notification__body">{n.body}</pre>
              </details>
              <a href={localPath(n.link)}>{t("reminders.open")}: {n.subject}</a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
