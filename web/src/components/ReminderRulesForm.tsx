// The reminder rules of one reporting period: listed, added and removed. The server
// refuses negative days and an unknown period with the field named; the form checks
// the days as they are typed and shows the server's refusal otherwise.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type ReminderKind, type ReminderRule, useAddRule, useReminderRules, useRemoveRule } from "../api/reminderHooks";
import { useServerMessage } from "./FormFeedback";
import { ErrorState, Loading } from "./States";

const kinds: ReminderKind[] = ["before_deadline", "after_deadline", "on_return"];

export function ReminderRulesForm({ org, period }: { org: string; period: number }) {
  const { t } = useTranslation();
  const rules = useReminderRules(org, period);
  const add = useAddRule(org, period);
  const remove = useRemoveRule(org, period);
  const serverMessage = useServerMessage();
  const [kind, setKind] = useState<ReminderKind>("before_deadline");
  const [days, setDays] = useState("14");
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const needsDays = kind !== "on_return";
  const daysValid = !needsDays || /^\d{1,3}$/.test(days.trim());
  const describe = (r: ReminderRule) => t(`reminders.describe.${r.kind}`, { days: r.days ?? 0 });

  if (rules.error) return <ErrorState error={rules.error} />;
  if (!rules.data) return <Loading />;
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!daysValid) { setStatus({ ok: false, text: t("reminders.daysNeeded") }); return; }
    add.mutate({ kind, days: needsDays ? Number(days.trim()) : null }, {
      onSuccess: () => setStatus({ ok: true, text: t("reminders.added") }),
      onError: (err) => setStatus({ ok: false, text: serverMessage(err) }),
    });
  };
  return (
    <div className="reminder-rules">
      {rules.data.length === 0 ? (
        <p className="state state--info">{t("reminders.rulesNone")}</p>
      ) : (
        <ul className="rule-list">
          {rules.data.map((r) => (
            <li key={r.id}>
              {describe(r)}{" "}
              <button type="button" className="button button--small button--danger" aria-label={t("reminders.removeLabel", { rule: describe(r) })}
                onClick={() => remove.mutate(r, {
                  onSuccess: () => setStatus({ ok: true, text: t("reminders.removed") }),
                  onError: (err) => setStatus({ ok: false, text: serverMessage(err) }),
                })}>
                {t("reminders.remove")}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={submit} className="rule-form" noValidate>
        <div className="field">
          <label htmlFor="rule-kind">{t("reminders.ruleKind")}</label>
          <select id="rule-kind" value={kind} onChange={(e) => setKind(e.target.value as ReminderKind)}>
            {kinds.map((k) => <option key={k} value={k}>{t(`reminders.kind.${k}`)}</option>)}
          </select>
        </div>
        {needsDays && (
          <div className="field">
            <label htmlFor="rule-days">{t("reminders.days")}</label>
            <input id="rule-days" type="text" inputMode="numeric" size={5} value={days} onChange={(e) => setDays(e.target.value)}
              aria-invalid={!daysValid} aria-describedby={!daysValid ? "rule-days-error" : undefined} />
            {!daysValid && <p id="rule-days-error" className="field-error">{t("reminders.daysNeeded")}</p>}
          </div>
        )}
        <button type="submit" className="button" disabled={add.isPending}>{t("reminders.addRule")}</button>
      </form>
      <div role="status" aria-live="polite">
        {status && <p className={status.ok ? "state state--info" : "state state--error"}>{status.text}</p>}
      </div>
    </div>
  );
}
