import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useQueryClient } from "@tanstack/react-query";
import { mfaLimited, useMe } from "../api/auth";
import {
  beginEnrolment, changePassword, confirmEnrolment, disableTotp, endSession, mfaKey, newRecoveryCodes, sessionsKey,
  useMfaStatus, useSessions, type Enrolment,
} from "../api/account";
import { Field } from "../components/Field";
import { Confirmation, FormErrors, useFormFeedback } from "../components/FormFeedback";
import { MfaNotice } from "../components/MfaNotice";
import { Loading } from "../components/States";
import { useTitle } from "../components/Title";

// "Mitt konto": the signed-in user's two-step verification (TOTP: enrol with a QR code
// and a confirming code, recovery codes shown once, turn off), their open sessions
// (end one) and their password (docs/security.md).
export function AccountPage() {
  const { t } = useTranslation();
  useTitle(t("account.title"));
  const me = useMe();
  if (me.isLoading) return <Loading />;
  if (!me.data) return <section className="page-narrow"><h1>{t("account.title")}</h1><p>{t("account.signIn")}</p></section>;
  return (
    <section className="page-narrow">
      <h1>{t("account.title")}</h1>
      <p className="lead">{t("account.lead")}</p>
      <MfaNotice onAccountPage />
      <TwoStep />
      <Sessions />
      {/* A session limited to enrolment may not change the password (the server says 403). */}
      {!mfaLimited(me.data) && <PasswordForm />}
    </section>
  );
}

function when(iso: string, lang: string) {
  return new Date(iso).toLocaleString(lang === "en" ? "en-GB" : "sv-SE", { dateStyle: "medium", timeStyle: "short" });
}

function RecoveryCodes({ codes }: { codes: string[] }) {
  const { t } = useTranslation();
  return (
    <div className="alert alert--success" data-testid="recovery-codes">
      <h3>{t("account.codesTitle")}</h3>
      <p>{t("account.codesLead")}</p>
      <ul className="recovery-codes">{codes.map((c) => <li key={c}><code>{c}</code></li>)}</ul>
    </div>
  );
}

function TwoStep() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const status = useMfaStatus(true);
  const limited = mfaLimited(useMe().data);
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [code, setCode] = useState("");
  const [proof, setProof] = useState("");
  const [codes, setCodes] = useState<string[] | null>(null);
  const fb = useFormFeedback({ refusal: "notDone", fieldOf: (p) => (p === "code" || p === "password" ? (enrolment ? "code" : "proof") : null) });
  const refresh = () => client.invalidateQueries({ queryKey: mfaKey });

  const start = () => fb.run(async () => {
    setCodes(null);
    setEnrolment(await beginEnrolment());
  });
  const confirm = async (e: FormEvent) => {
    e.preventDefault();
    if (!fb.check(/^\s*\d{3}\s?\d{3}\s*$/.test(code) ? {} : { code: "account.codeMissing" })) return;
    await fb.run(async () => {
      const answer = await confirmEnrolment(code.trim());
      setEnrolment(null);
      setCode("");
      setCodes(answer.recovery_codes);
      await refresh();
      // A limited session now owes a sign-in with the code, not an enrolment.
      await client.invalidateQueries({ queryKey: ["auth", "me"] });
      return t("account.enabled");
    });
  };
  const act = (what: "disable" | "regenerate") => async () => {
    if (!fb.check(proof.trim() ? {} : { proof: "account.proofMissing" })) return;
    await fb.run(async () => {
      if (what === "disable") {
        await disableTotp(proof.trim());
        setCodes(null);
      } else {
        setCodes((await newRecoveryCodes(proof.trim())).recovery_codes);
      }
      setProof("");
      await refresh();
      return t(what === "disable" ? "account.disabled" : "account.regenerated");
    });
  };

  const s = status.data;
  return (
    <section aria-labelledby="mfa-title" className="account-section">
      <h2 id="mfa-title">{t("account.mfaTitle")}</h2>
      <Confirmation text={fb.confirmation} />
      <FormErrors fb={fb} prefix="mfa" labels={{ code: t("account.code"), proof: t("account.proof") }} />
      {codes && <RecoveryCodes codes={codes} />}
      {!s ? <Loading /> : s.totp_enabled ? (
        <>
          <p>{t("account.mfaOn", { date: s.confirmed_at ? when(s.confirmed_at, i18n.language) : "", count: s.recovery_codes_left })}</p>
          {!limited && <form onSubmit={(e) => { e.preventDefault(); void act("regenerate")(); }} noValidate>
            <Field id="mfa-proof" label={t("account.proof")} {...fb.field("proof")} required>
              {(props) => <input {...props} type="password" autoComplete="current-password" value={proof}
                onChange={(e) => setProof(e.target.value)} />}
            </Field>
            <div className="form-actions">
              <button type="submit" className="button" disabled={fb.busy}>{t("account.regenerate")}</button>
              <button type="button" className="button button--secondary" disabled={fb.busy} onClick={act("disable")}>
                {t("account.disable")}
              </button>
            </div>
          </form>}
        </>
      ) : enrolment ? (
        <form onSubmit={confirm} noValidate>
          <p>{t("account.scan")}</p>
          <img className="qr-code" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qr_svg)}`}
            alt={t("account.qrAlt")} width={200} height={200} />
          <dl>
            <dt>{t("account.secret")}</dt><dd><code data-testid="totp-secret">{enrolment.secret}</code></dd>
            <dt>{t("account.uri")}</dt><dd><code className="wrap">{enrolment.otpauth_uri}</code></dd>
          </dl>
          <Field id="mfa-code" label={t("account.code")} hint={t("account.codeHint")} {...fb.field("code")} required>
            {(props) => <input {...props} type="text" inputMode="numeric" autoComplete="one-time-code" value={code}
              onChange={(e) => setCode(e.target.value)} />}
          </Field>
          <div className="form-actions">
            <button type="submit" className="button" disabled={fb.busy}>{t("account.confirm")}</button>
          </div>
        </form>
      ) : (
        <>
          {s.required && <p className="alert alert--error" role="alert">{t("account.mfaRequired")}</p>}
          <p>{t("account.mfaOff")}</p>
          <button type="button" className="button" disabled={fb.busy} onClick={() => void start()}>{t("account.start")}</button>
        </>
      )}
      <p className="muted small">{t("account.sso")}</p>
    </section>
  );
}

function Sessions() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const sessions = useSessions(true);
  const fb = useFormFeedback({ refusal: "notDone" });
  const end = (id: number) => fb.run(async () => {
    await endSession(id);
    await client.invalidateQueries({ queryKey: sessionsKey });
    return t("account.ended");
  });
  return (
    <section aria-labelledby="sessions-title" className="account-section">
      <h2 id="sessions-title">{t("account.sessionsTitle")}</h2>
      <p>{t("account.sessionsLead")}</p>
      <Confirmation text={fb.confirmation} />
      <FormErrors fb={fb} prefix="sessions" labels={{}} />
      {!sessions.data ? <Loading /> : sessions.data.length === 0 ? <p>{t("account.noSessions")}</p> : (
        <table className="table">
          <thead><tr><th scope="col">{t("account.started")}</th><th scope="col">{t("account.lastSeen")}</th>
            <th scope="col">{t("account.address")}</th><th scope="col"><span className="visually-hidden">{t("account.end")}</span></th></tr></thead>
          <tbody>
            {sessions.data.map((s) => (
              <tr key={s.id}>
                <td>{when(s.created_at, i18n.language)}</td>
                <td>{when(s.last_seen_at, i18n.language)}</td>
                <td>{s.remote ?? "—"}</td>
                <td>{s.current ? t("account.thisOne") : (
                  <button type="button" className="button button--secondary" disabled={fb.busy}
                    aria-label={t("account.endLabel", { started: when(s.created_at, i18n.language) })}
                    onClick={() => void end(s.id)}>{t("account.end")}</button>
                )}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function PasswordForm() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const fb = useFormFeedback({ fieldOf: (p) => (p === "current_password" ? "current" : p === "new_password" ? "next" : null) });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!current) found.current = "account.currentMissing";
    if (next.length < 12) found.next = "account.nextMissing";
    if (!fb.check(found)) return;
    await fb.run(async () => {
      await changePassword(current, next);
      setCurrent("");
      setNext("");
      await client.invalidateQueries({ queryKey: ["auth"] });
      return t("account.passwordChanged");
    });
  };
  return (
    <section aria-labelledby="password-title" className="account-section">
      <h2 id="password-title">{t("account.passwordTitle")}</h2>
      <Confirmation text={fb.confirmation} />
      <form onSubmit={submit} noValidate>
        <FormErrors fb={fb} prefix="password" labels={{ current: t("account.current"), next: t("account.next") }} />
        <Field id="password-current" label={t("account.current")} {...fb.field("current")} required>
          {(props) => <input {...props} type="password" autoComplete="current-password" value={current}
            onChange={(e) => setCurrent(e.target.value)} />}
        </Field>
        <Field id="password-next" label={t("account.next")} hint={t("account.nextHint")} {...fb.field("next")} required>
          {(props) => <input {...props} type="password" autoComplete="new-password" value={next}
            onChange={(e) => setNext(e.target.value)} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button" disabled={fb.busy}>{t("account.changePassword")}</button>
        </div>
      </form>
    </section>
  );
}
