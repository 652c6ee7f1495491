import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router-dom";
import { ApiError } from "../api/client";
import { useSignIn, useSso } from "../api/auth";
import { Field } from "../components/Field";
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
  const [errors, setErrors] = useState<{ username?: string; password?: string }>({});

  useTitle(t("login.title"));
  const next = params.get("next");
  // Without a page to return to, the home page "Att göra" is where a signed-in user starts.
  const target = next && next.startsWith("/") && !next.startsWith("//") ? next : "/todo";

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = {
      username: username.trim() ? undefined : "login.usernameMissing",
      password: password ? undefined : "login.passwordMissing",
    };
    setErrors(found);
    if (found.username || found.password) return;
    signIn.mutate({ username: username.trim(), password }, { onSuccess: () => navigate(target) });
  };

  const ssoError = params.get("sso_error");
  const failure = ssoError ? t("login.ssoFailed") : signIn.error instanceof ApiError
    ? signIn.error.status === 429 ? t("login.tooMany") : signIn.error.status === 401 ? t("login.failed") : signIn.error.message
    : signIn.error ? t("error.network") : null;

  return (
    <section className="page-narrow">
      <h1>{t("login.title")}</h1>
      <p className="lead">{t("login.intro")}</p>
      {failure && <p className="alert alert--error" role="alert">{failure}</p>}
      {sso.data?.enabled && sso.data.login_url && (
        <p>
          <a className="button" href={`${sso.data.login_url}?return_to=${encodeURIComponent(target)}`}>{t("login.sso")}</a>
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <Field id="login-username" label={t("login.username")} error={errors.username} required>
          {(props) => <input {...props} type="text" autoComplete="username" value={username}
            onChange={(e) => setUsername(e.target.value)} />}
        </Field>
        <Field id="login-password" label={t("login.password")} error={errors.password} required>
          {(props) => <input {...props} type="password" autoComplete="current-password" value={password}
            onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        <button type="submit" className="button" disabled={signIn.isPending}>
          {signIn.isPending ? t("login.signingIn") : t("login.submit")}
        </button>
      </form>
    </section>
  );
}
