// /unsubscribe?token=…: the link in a reminder. Opening it changes nothing (mail
// scanners open links); the button does.
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { useUnsubscribe } from "../api/reminderHooks";
import { useServerMessage } from "../components/FormFeedback";
import { useTitle } from "../components/Title";

export function UnsubscribePage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const unsubscribe = useUnsubscribe();
  const serverMessage = useServerMessage();
  useTitle(t("reminders.unsubscribeTitle"));
  return (
    <>
      <h1>{t("reminders.unsubscribeTitle")}</h1>
      <p className="lead">{t("reminders.unsubscribeLead")}</p>
      {!token ? <p className="state state--error" role="alert">{t("reminders.noToken")}</p> : (
        <button type="button" className="button" disabled={unsubscribe.isPending || unsubscribe.isSuccess} onClick={() => unsubscribe.mutate(token)}>
          {t("reminders.unsubscribe")}
        </button>
      )}
      <div role="status" aria-live="polite">
        {unsubscribe.isSuccess && <p className="state state--info">{t("reminders.unsubscribed")}</p>}
        {unsubscribe.isError && <p className="state state--error">{serverMessage(unsubscribe.error)}</p>}
      </div>
    </>
  );
}
