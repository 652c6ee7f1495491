import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router-dom";
import { ApiError } from "../api/client";
import { needsCode, useSignIn, useSso, type SignInAnswer } from "../api/auth";
import { Field } from "../components/Field";
import { FormErrors, useFormFeedback } from "../components/FormFeedback";
import type { FieldErrors } from "../lib/validation";
import { useTitle } from "../components/Title";

// Sign-in with a local account, or through the organisation's identity provider
// (single sign-on) when the server offers it. An account with two-step verification
// is asked for the app's code (or a recovery code) after the password; the session
// begins only then. Reading approved plans needs no account; reporting,
// planning and the scorecard do.
export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const signIn = useSignIn();
  const sso = useSso();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [challenge, setChallenge] = useState<string | null>(null);
  const [code, setCode] = useState("");
  const codeInput = useRef<HTMLInputElement>(null);
  useEffect(() => { if (challenge) codeInput.current?.focus(); }, [challenge]);
  // A wrong password or too many tries are said in the page's own words.
  const fb = useFormFeedback({
    refusal: null,
    describe: (err) => err instanceof ApiError
      ? err.status === 429 ? t("login.tooMany") : err.status === 401 ? (challenge ? err.message : t("login.failed")) : err.message
      : t("error.network"),
  });

  useTitle(t("login.title"));
  const next = params.get("next");
  // Without a page to return to, the home page "Att göra" is where a signed-in user starts.
  const target = next && next.startsWith("/") && !next.startsWith("//") ? next : "/todo";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    fb.clear();
    const found: FieldErrors = {};
    if (!username.trim()) found.username = "login.usernameMissing";
    if (!password) found.password = "login.passwordMissing";
    if (!fb.check(found)) return;
    let answer: SignInAnswer | null = null;
    if (!(await fb.run(async () => { answer = await signIn.mutateAsync({ username: username.trim(), password }); })) || !answer) return;
    done(answer);
  };

  // Signed in: to the page asked for, or to the account page when the organisation
  // requires two-step verification of this administrator and it is not on yet.
  const done = (answer: SignInAnswer) => {
    if (needsCode(answer)) {
      setPassword("");
      setChallenge(answer.mfa_challenge);
      return;
    }
    navigate(answer.mfa_enrolment_required ? "/account" : target);
  };

  const submitCode = async (event: FormEvent) => {
    event.preventDefault();
    fb.clear();
    if (!fb.check(code.trim() ? {} : { code: "loginMfa.codeMissing" })) return;
    let answer: SignInAnswer | null = null;
    if (!(await fb.run(async () => { answer = await signIn.mutateAsync({ mfa_challenge: challenge!, code: code.trim() }); })) || !answer) {
      setCode("");
      return;
    }
    done(answer);
  };

  if (challenge) {
    return (
      <section className="page-narrow">
        <h1>{t("loginMfa.title")}</h1>
        <p className="lead">{t("loginMfa.lead")}</p>
        <form onSubmit={submitCode} noValidate>
          <FormErrors fb={fb} prefix="login" labels={{ code: t("loginMfa.code") }} />
          <Field id="login-code" label={t("loginMfa.code")} hint={t("loginMfa.codeHint")} {...fb.field("code")} required>
            {(props) => <input {...props} ref={codeInput} type="text" inputMode="text" autoComplete="one-time-code"
              spellCheck={false} value={code} onChange={(e) => setCode(e.target.value)} />}
          </Field>
          <div className="form-actions">
            <button type="submit" className="button" disabled={fb.busy}>
              {fb.busy ? t("login.signingIn") : t("loginMfa.submit")}
            </button>
            <button type="button" className="link" onClick={() => { fb.clear(); setChallenge(null); setCode(""); }}>
              {t("loginMfa.back")}
            </button>
          </div>
        </form>
      </section>
    );
  }

  const ssoFailed = params.get("sso_error") !== null && !fb.serverError;

  return (
    <section className="page-narrow">
      <h1>{t("login.title")}</h1>
      <p className="lead">{t("login.intro")}</p>
      {ssoFailed && <p className="alert alert--error" role="alert">{t("login.ssoFailed")}</p>}
      {sso.data?.enabled && sso.data.login_url && (
        <p>
          <a className="button" href={`${sso.data.login_url}?return_to=${encodeURIComponent(target)}`}>{t("login.sso")}</a>
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <FormErrors fb={fb} prefix="login" labels={{ username: t("login.username"), password: t("login.password") }} />
        <Field id="login-username" label={t("login.username")} {...fb.field("username")} required>
          {(props) => <input {...props} type="text" autoComplete="username" value={username}
            onChange={(e) => setUsername(e.target.value)} />}
        </Field>
        <Field id="login-password" label={t("login.password")} {...fb.field("password")} required>
          {(props) => <input {...props} type="password" autoComplete="current-password" value={password}
            onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        <button type="submit" className="button" disabled={fb.busy}>
          {fb.busy ? t("login.signingIn") : t("login.submit")}
        </button>
      </form>
    </section>
  );
}
