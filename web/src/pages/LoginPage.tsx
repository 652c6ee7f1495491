import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router-dom";
import { ApiError } from "../api/client";
import { useSignIn, useSso } from "../api/auth";
import { Field } from "../components/Field";
import { FormErrors, useFormFeedback } from "../components/FormFeedback";
import type { FieldErrors } from "../lib/validation";
import { useTitle } from "../components/Title";

// Sign-in with a local account, or through the organisation's identity provider
// (single sign-on) when the server offers it. Reading approved plans needs no account; reporting,
// planning and the scorecard do.
export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const signIn = useSignIn();
  const sso = useSso();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  // A wrong password or too many tries are said in the page's own words.
  const fb = useFormFeedback({
    refusal: null,
    describe: (err) => err instanceof ApiError
      ? err.status === 429 ? t("login.tooMany") : err.status === 401 ? t("login.failed") : err.message
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
    if (await fb.run(async () => { await signIn.mutateAsync({ username: username.trim(), password }); })) navigate(target);
  };

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
