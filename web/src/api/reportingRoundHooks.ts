// The reporting round over the API: completeness, opening and closing a period, the
// user's to-do (docs/reporting-round.md).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { list, orgBase, request } from "./client";
import type { Completeness, Todo } from "./reportingRoundTypes";
import type { Id } from "./types";

export interface ReportingPeriod { id: Id; year: number; point: string; status: "open" | "closed"; deadline: string | null; row_version?: number }

export function useReportingPeriods(org: string | undefined) {
  return useQuery({ queryKey: ["reporting-periods", org], queryFn: () => list<ReportingPeriod>(org!, "reporting-periods"), enabled: !!org });
}

export const completenessUrl = (org: string, period: Id, unit: string, format?: "xlsx" | "csv") => {
  const params = new URLSearchParams();
  if (unit) params.set("unit", unit);
  if (format) params.set("format", format);
  const q = params.toString();
  return `${orgBase(org)}/reporting-periods/${period}/completeness${q ? "?" + q : ""}`;
};

// Members only: `enabled` false for the public (and after signing out), so nothing asks in vain.
export function useCompleteness(org: string | undefined, period: Id | undefined, unit: string, enabled = true) {
  return useQuery({
    queryKey: ["completeness", org, period, unit],
    queryFn: () => request<Completeness>("GET", completenessUrl(org!, period!, unit)),
    enabled: !!org && !!period && enabled,
  });
}

export function useTodo(org: string | undefined, enabled: boolean) {
  return useQuery({ queryKey: ["todo", org], queryFn: () => request<Todo>("GET", `${orgBase(org!)}/me/todo`), enabled: !!org && enabled });
}

// Open or close: one action, one request; what it changed is read again.
export function usePeriodAction(org: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ period, action, force }: { period: Id; action: "open" | "close"; force?: boolean }) =>
      request<Record<string, unknown>>("POST", `${orgBase(org!)}/reporting-periods/${period}/${action}`, force ? { force: true } : {}),
    onSuccess: () => {
      for (const key of ["reporting-periods", "completeness", "todo"]) client.invalidateQueries({ queryKey: [key] });
    },
  });
}
