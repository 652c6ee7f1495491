import { Suspense, useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Link, NavLink, Outlet, useLocation, useMatch } from "react-router-dom";
import { setLanguage } from "../i18n";
import { useMe, useSignOut } from "../api/auth";
import { MfaNotice } from "./MfaNotice";
import { Loading } from "./States";

// The frame of every page: skip link, header with the plan's navigation, language
// switch, and a main region that receives focus after each navigation so that screen
// reader and keyboard users start at the new content.
export function Layout() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const plan = useMatch("/plans/:planId/*");
  const planId = plan?.params.planId;
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [location.pathname]);

  const me = useMe();
  const signOut = useSignOut();
  const other = i18n.language === "en" ? "sv" : "en";
  return (
    <>
      <a className="skip-link" href="#main">{t("nav.skip")}</a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link to="/" className="brand">
            <span className="brand__mark" aria-hidden="true">▮▮▮</span> Styrkort
          </Link>
          {planId && (
            <nav aria-label={t("nav.label")} className="main-nav">
              <NavLink end to={`/plans/${planId}`}>{t("nav.overview")}</NavLink>
              <NavLink to={`/plans/${planId}/cascade`}>{t("nav.cascade")}</NavLink>
              <NavLink to={`/plans/${planId}/scorecard`}>{t("nav.scorecard")}</NavLink>
              <NavLink to={`/plans/${planId}/economy`}>{t("nav.economy")}</NavLink>
              <NavLink to={`/plans/${planId}/risks`}>{t("risk.nav")}</NavLink>
              {me.data && <NavLink to={`/plans/${planId}/import`}>{t("nav.import")}</NavLink>}
              {me.data && <NavLink to={`/plans/${planId}/reports`}>{t("reports.nav")}</NavLink>}
              <NavLink to={`/plans/${planId}/search`}>{t("nav.search")}</NavLink>
            </nav>
          )}
          <div className="account">
            {me.data ? (
              <>
                <Link to="/todo">{t("round.homeNav")}</Link>
                <span>{t("login.signedInAs", { name: me.data.user.display_name || me.data.user.username })}</span>
                <Link to="/account">{t("account.nav")}</Link>
                <Link to="/notifications">{t("reminders.nav")}</Link>
                <button type="button" className="link" onClick={() => signOut.mutate()}>{t("login.signOut")}</button>
              </>
            ) : me.isSuccess && location.pathname !== "/login" ? (
              <Link to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`}>{t("login.link")}</Link>
            ) : null}
          </div>
          <button type="button" className="lang-switch" lang={other} onClick={() => setLanguage(other)}>
            {other === "en" ? "English" : "Svenska"}
          </button>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {location.pathname !== "/account" && <MfaNotice />}
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="site-footer">
        <p>{t("footer.text")}</p>
      </footer>
    </>
  );
}
