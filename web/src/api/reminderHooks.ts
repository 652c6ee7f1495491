// Reminders (docs/reporting-round.md "Påminnelser"): one's e-mail settings, the in-app
// notifications, and the reminder rules of a reporting period.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { list, orgBase, request } from "./client";

export interface MySettings { user_id: number; username: string; email: string | null; language: "sv" | "en"; reminders: boolean }
export type ReminderKind = "before_deadline" | "after_deadline" | "on_return";
export interface Notification {
  id: number; kind: ReminderKind; subject: string; body: string; link: string; language: string;
  state: "pending" | "sending" | "sent" | "failed" | "skipped"; created_at: string; sent_at: string | null;
  period_id: number | null; unit_id: number | null;
}
export interface ReminderRule { id: number; period_id: number; kind: ReminderKind; days: number | null; note: string | null; row_version: number }
export interface ReportingPeriod { id: number; year: number; point: string; status: "open" | "closed"; deadline: string | null }

export function useMySettings(enabled = true) {
  return useQuery({
    queryKey: ["reminders", "settings"],
    queryFn: () => request<MySettings>("GET", "/api/v1/auth/me/settings"),
    enabled,
  });
}

export function useSaveMySettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string | null; language: "sv" | "en"; reminders: boolean }) =>
      request<MySettings>("POST", "/api/v1/auth/me/settings", body),
    onSuccess: (saved) => client.setQueryData(["reminders", "settings"], saved),
  });
}

export function useNotifications(org: string | undefined) {
  return useQuery({
    queryKey: ["reminders", "notifications", org],
    queryFn: async () => (await request<{ items: Notification[] }>("GET", `${orgBase(org!)}/me/notifications`)).items,
    enabled: !!org,
    // The server's scheduler adds to them at any time: read afresh whenever shown.
    staleTime: 0,
    refetchOnMount: "always",
  });
}

export function useReportingPeriods(org: string | undefined) {
  return useQuery({
    queryKey: ["reporting-periods", org],
    queryFn: () => list<ReportingPeriod>(org!, "reporting-periods"),
    enabled: !!org,
  });
}

export function useReminderRules(org: string | undefined, period: number) {
  return useQuery({
    queryKey: ["reminder-rules", org, period],
    queryFn: () => list<ReminderRule>(org!, "reminder-rules", { period_id: period }),
    enabled: !!org && Number.isInteger(period),
  });
}

export function useAddRule(org: string | undefined, period: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (rule: { kind: ReminderKind; days: number | null }) =>
      request<ReminderRule>("POST", `${orgBase(org!)}/reminder-rules`,
        rule.kind === "on_return" ? { period_id: period, kind: rule.kind } : { period_id: period, ...rule }),
    onSettled: () => client.invalidateQueries({ queryKey: ["reminder-rules", org, period] }),
  });
}

export function useRemoveRule(org: string | undefined, period: number) {
  const client = useQueryClient();
  return useMutation({
    // The version read goes along (If-Match): a rule changed meanwhile is not removed blindly.
    mutationFn: (rule: ReminderRule) => request<void>("DELETE", `${orgBase(org!)}/reminder-rules/${rule.id}`, undefined, rule.row_version),
    onSettled: () => client.invalidateQueries({ queryKey: ["reminder-rules", org, period] }),
  });
}

export function useUnsubscribe() {
  return useMutation({
    mutationFn: (token: string) => request<{ reminders: boolean; username: string }>("POST", "/api/v1/reminders/unsubscribe", { token }),
  });
}
