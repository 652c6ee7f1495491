import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router-dom";
import { ApiError, isUnavailable } from "../api/client";

export function Loading() {
  const { t } = useTranslation();
  return <p className="state" role="status">{t("state.loading")}</p>;
}

export function ErrorState({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const location = useLocation();
  if (error instanceof ApiError && error.status === 401) {
    return (
      <div className="state state--info" role="alert">
        {t("login.needed")}{" "}
        <Link to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`}>{t("login.link")}</Link>
      </div>
    );
  }
  const message = error instanceof ApiError ? error.message : t("error.unknown");
  return <div className="state state--error" role="alert"><strong>{t("error.title")}</strong> {message}</div>;
}

// An honest empty state: no data, or a capability this server does not offer yet.
export function Unavailable({ error, what }: { error: unknown; what: string }) {
  const { t } = useTranslation();
  if (isUnavailable(error)) return <p className="state state--info">{t("state.unavailable", { what })}</p>;
  return <ErrorState error={error} />;
}
