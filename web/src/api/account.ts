// The signed-in user's own account (page "Mitt konto"): two-step verification (TOTP),
// recovery codes, open sessions and the password (docs/security.md).
import { useQuery } from "@tanstack/react-query";
import { request } from "./client";

export interface MfaStatus {
  totp_enabled: boolean; totp_pending: boolean; confirmed_at: string | null; recovery_codes_left: number; required: boolean;
}
export interface Enrolment { secret: string; otpauth_uri: string; qr_svg: string }
export interface SessionItem { id: number; created_at: string; last_seen_at: string; remote: string | null; current: boolean }

export const mfaKey = ["auth", "mfa"];
export const sessionsKey = ["auth", "sessions"];

export function useMfaStatus(enabled: boolean) {
  return useQuery({ queryKey: mfaKey, queryFn: () => request<MfaStatus>("GET", "/api/v1/auth/mfa"), enabled });
}

export function useSessions(enabled: boolean) {
  return useQuery({
    queryKey: sessionsKey, enabled,
    queryFn: async () => (await request<{ items: SessionItem[] }>("GET", "/api/v1/auth/sessions")).items,
  });
}

export const beginEnrolment = () => request<Enrolment>("POST", "/api/v1/auth/mfa/totp", {});
export const confirmEnrolment = (code: string) =>
  request<{ recovery_codes: string[] }>("POST", "/api/v1/auth/mfa/totp/confirm", { code });
// `proof`: a current code from the app, or the password.
const proofBody = (proof: string) => (/^[\d\s-]{6,9}$/.test(proof) ? { code: proof } : { password: proof });
export const disableTotp = (proof: string) => request<void>("POST", "/api/v1/auth/mfa/totp/disable", proofBody(proof));
export const newRecoveryCodes = (proof: string) =>
  request<{ recovery_codes: string[] }>("POST", "/api/v1/auth/mfa/recovery-codes", proofBody(proof));
export const endSession = (id: number) => request<void>("DELETE", `/api/v1/auth/sessions/${id}`);
export const changePassword = (current_password: string, new_password: string) =>
  request<unknown>("POST", "/api/v1/auth/password", { current_password, new_password });
