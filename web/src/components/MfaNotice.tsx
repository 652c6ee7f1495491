import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import { useMe, useSignOut } from "../api/auth";

// An administrator's session that owes its second factor (docs/security.md "Required of
// administrators"): every page but "Mitt konto" says why nothing else works and leads
// there — to turn it on, or to sign in again with the code once it is on. The server
// refuses the rest (403 mfa_enrolment_required / mfa_sign_in_required) whatever this shows.
export function MfaNotice({ onAccountPage = false }: { onAccountPage?: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  const signOut = useSignOut();
  const navigate = useNavigate();
  if (me.data?.mfa_sign_in_required) {
    const again = async () => {
      await signOut.mutateAsync();
      navigate("/login?next=%2Ftodo");
    };
    return (
      <div className="alert alert--error mfa-notice" role="status" data-testid="mfa-notice">
        <p>{onAccountPage ? t("account.signInAgain") : t("mfaGate.signIn")}</p>
        <button type="button" className="button" disabled={signOut.isPending} onClick={() => void again()}>
          {t("mfaGate.signInButton")}
        </button>
      </div>
    );
  }
  if (me.data?.mfa_enrolment_required && !onAccountPage) {
    return (
      <div className="alert alert--error mfa-notice" role="status" data-testid="mfa-notice">
        <p>{t("mfaGate.enrol")}</p>
        <p><Link to="/account">{t("mfaGate.enrolLink")}</Link></p>
      </div>
    );
  }
  return null;
}
