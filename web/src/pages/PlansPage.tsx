import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { useOrganisation, usePlans } from "../api/hooks";
import { ErrorState, Loading } from "../components/States";
import { useTitle } from "../components/Title";

export function PlansPage() {
  const { t } = useTranslation();
  const org = useOrganisation();
  const plans = usePlans(org.data?.key);
  useTitle(t("plans.title"));
  if (org.error || plans.error) return <ErrorState error={org.error ?? plans.error} />;
  if (!plans.data) return <Loading />;
  const sorted = [...plans.data].sort((a, b) => b.first_year - a.first_year);
  return (
    <>
      <p className="eyebrow">{org.data?.name}</p>
      <h1>{t("plans.title")}</h1>
      <p className="lead">{t("plans.lead")}</p>
      {sorted.length === 0 ? <p className="state">{t("plans.none")}</p> : (
        <ul className="card-list">
          {sorted.map((p) => (
            <li key={p.id} className="card">
              <h2 className="card__title"><Link to={`/plans/${p.id}`}>{p.title}</Link></h2>
              <p className="muted">
                {p.first_year}–{p.last_year} · {t(`planStatus.${p.status}`)}
                {p.version ? ` · ${t("plan.version")} ${p.version}` : ""}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
