// Signing in and out, and who is signed in (GET /api/v1/auth/me answers 401 for nobody).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, request } from "./client";

export interface Me {
  user: { id: number; username: string; display_name: string };
  roles: { organisation_id: number; role: string; unit_id: number | null }[];
  installation_admin: boolean;
  // An administrator whose organisation requires two-step verification, in a session
  // signed in without the code: only "Mitt konto" works (docs/security.md).
  mfa_enrolment_required?: boolean;
  mfa_sign_in_required?: boolean;
}

export const mfaLimited = (me: Me | null | undefined) => !!(me?.mfa_enrolment_required || me?.mfa_sign_in_required);

const meKey = ["auth", "me"];

export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: async (): Promise<Me | null> => {
      try {
        return await request<Me>("GET", "/api/v1/auth/me");
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
  });
}

// The password was right and the account has two-step verification: the code is asked
// for next, with this challenge (202 from POST /auth/login; no session yet).
export interface MfaChallenge { mfa_required: "totp"; mfa_challenge: string }
export type SignInAnswer = Me | MfaChallenge;
export const needsCode = (a: SignInAnswer): a is MfaChallenge => "mfa_challenge" in a;

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (credentials: { username: string; password: string } | { mfa_challenge: string; code: string }) =>
      "mfa_challenge" in credentials
        ? request<SignInAnswer>("POST", "/api/v1/auth/login/mfa", credentials)
        : request<SignInAnswer>("POST", "/api/v1/auth/login", credentials),
    // What may be read depends on who reads: everything is fetched again as this user.
    onSuccess: async (me) => {
      if (needsCode(me)) return;
      client.setQueryData(meKey, me);
      // Reset, not just invalidate: what was read signed in leaves the cache at once
      // (ASVS 14.3.1, docs/security.md) and is read again as the public sees it.
      await client.resetQueries({ predicate: (q) => q.queryKey[0] !== "auth" });
    },
  });
}

// Whether single sign-on (OpenID Connect) is offered, and where it begins.
export function useSso() {
  return useQuery({
    queryKey: ["auth", "sso"],
    queryFn: () => request<{ enabled: boolean; login_url?: string }>("GET", "/api/v1/auth/oidc"),
    staleTime: Infinity,
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    // A session begun at the identity provider ends there too: the answer names the
    // provider's sign-out page, which sends the browser back here afterwards.
    mutationFn: () => request<{ end_session_url?: string } | undefined>("POST", "/api/v1/auth/logout", {}),
    onSuccess: async (answer) => {
      client.setQueryData(meKey, null);
      if (answer?.end_session_url) {
        window.location.assign(answer.end_session_url);
        return;
      }
      // Reset, not just invalidate: what was read signed in leaves the cache at once
      // (ASVS 14.3.1, docs/security.md) and is read again as the public sees it.
      await client.resetQueries({ predicate: (q) => q.queryKey[0] !== "auth" });
    },
  });
}
