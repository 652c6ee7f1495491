// Data fetching for the approval workflow (docs/workflow.md): follow-up reports and plan
// versions. After every action the affected queries are fetched again, so what is shown
// is the server's state, not a guess.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { list, orgBase, request } from "./client";
import type { Id, ReportingPoint } from "./types";
import type { FollowupReport, PlanDiff, PlanVersionSummary, WorkflowAction } from "./workflowTypes";

export interface ReportFilter { unit_id?: Id; year?: number; point?: ReportingPoint; state?: string }

export function useFollowupReports(org: string | undefined, filter: ReportFilter, enabled = true) {
  const f: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(filter)) if (v !== undefined) f[k] = v;
  return useQuery({
    queryKey: ["followup-reports", org, f],
    queryFn: () => list<FollowupReport>(org!, "followup-reports", f),
    enabled: !!org && enabled,
    retry: false,
  });
}

export function useCreateReport(org: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { unit_id: Id; year: number; point: ReportingPoint }) =>
      request<FollowupReport>("POST", `${orgBase(org!)}/followup-reports`, body),
    onSettled: () => client.invalidateQueries({ queryKey: ["followup-reports", org] }),
  });
}

export function useReportAction(org: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action, comment }: { id: Id; action: WorkflowAction; comment?: string }) =>
      request<FollowupReport>("POST", `${orgBase(org!)}/followup-reports/${id}/${action}`, comment === undefined ? {} : { comment }),
    onSettled: () => client.invalidateQueries({ queryKey: ["followup-reports", org] }),
  });
}

export function usePlanVersions(org: string | undefined, planId: Id) {
  return useQuery({
    queryKey: ["plan-versions", org, planId],
    queryFn: async () => (await request<{ items: PlanVersionSummary[] }>("GET", `${orgBase(org!)}/plans/${planId}/versions`)).items,
    enabled: !!org && Number.isInteger(planId),
    retry: false,
  });
}

// Every plan's status may change with an action (approving archives the previous version).
// Returned, so that the action's promise settles only when the new state has been fetched.
function refreshPlans(client: ReturnType<typeof useQueryClient>, org: string | undefined) {
  return Promise.all([
    client.invalidateQueries({ queryKey: ["plan-versions", org] }),
    client.invalidateQueries({ queryKey: ["plans", org] }),
    client.invalidateQueries({ queryKey: ["plan", org] }),
    client.invalidateQueries({ queryKey: ["plan-compare", org] }),
  ]);
}

export function useNewPlanVersion(org: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (planId: Id) =>
      request<{ plan: { id: Id; key: string; version: string | null } }>("POST", `${orgBase(org!)}/plans/${planId}/versions`, {}),
    onSettled: () => refreshPlans(client, org),
  });
}

export function usePlanAction(org: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action, comment }: { id: Id; action: WorkflowAction; comment?: string }) =>
      request<unknown>("POST", `${orgBase(org!)}/plans/${id}/${action}`, comment === undefined ? {} : { comment }),
    onSettled: () => refreshPlans(client, org),
  });
}

// What changed from plan `from` to plan `to`.
export function usePlanComparison(org: string | undefined, from: Id | undefined, to: Id) {
  return useQuery({
    queryKey: ["plan-compare", org, from, to],
    queryFn: () => request<PlanDiff>("GET", `${orgBase(org!)}/plans/${from}/compare?with=${to}`),
    enabled: !!org && from !== undefined && Number.isInteger(to),
    retry: false,
  });
}
