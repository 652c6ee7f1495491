// Risk assessment and internal control of a plan, fetched together and shared by the
// risk pages; the workshop polls so that every participant sees the others' settings.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { applyBatch, type BatchChange } from "./batch";
import { list, orgBase, request } from "./client";
import type {
  Assignment, ControlPoint, ControlResult, DeviationAction, InternalControlPlan, Risk, RiskAction, RiskMatrix,
} from "./riskTypes";
import type { Id } from "./types";

export interface PlanRisks {
  matrices: RiskMatrix[]; risks: Risk[]; actions: RiskAction[]; controlPlans: InternalControlPlan[];
  controlPoints: ControlPoint[]; assignments: Assignment[];
}

export function useRisks(org: string | undefined, planId: Id, pollMs?: number) {
  return useQuery({
    queryKey: ["risks", org, planId],
    enabled: !!org && Number.isInteger(planId),
    retry: false,
    refetchInterval: pollMs,
    queryFn: async (): Promise<PlanRisks> => {
      const o = org!;
      const f = { plan_id: planId };
      const [matrices, risks, actions, controlPlans, controlPoints, assignments] = await Promise.all([
        list<RiskMatrix>(o, "risk-matrices", f), list<Risk>(o, "risks", f), list<RiskAction>(o, "risk-actions", f),
        list<InternalControlPlan>(o, "internal-control-plans", f), list<ControlPoint>(o, "control-points", f),
        list<Assignment>(o, "assignments", f),
      ]);
      return { matrices, risks, actions, controlPlans, controlPoints, assignments };
    },
  });
}

// The results of the year's control points and the actions on their deviations.
export function useControlFollowUp(org: string | undefined, year: number | undefined) {
  return useQuery({
    queryKey: ["control-follow-up", org, year],
    enabled: !!org && year !== undefined,
    retry: false,
    queryFn: async () => {
      const [results, actions] = await Promise.all([
        list<ControlResult>(org!, "control-results", { year: year! }), list<DeviationAction>(org!, "deviation-actions"),
      ]);
      const ids = new Set(results.map((r) => r.id));
      return { results, actions: actions.filter((a) => ids.has(a.control_result_id)) };
    },
  });
}

export function usePatchRisk(org: string | undefined, planId: Id) {
  const client = useQueryClient();
  return useMutation({
    // `version`: the risk's row_version as last known; a change made meanwhile by
    // another participant is refused (409), never overwritten.
    mutationFn: ({ id, change, version }: { id: Id; change: Partial<Risk>; version?: number }) =>
      request<Risk>("PATCH", `${orgBase(org!)}/risks/${id}`, change, version),
    onSuccess: () => client.invalidateQueries({ queryKey: ["risks", org, planId] }),
  });
}

export interface ControlReport {
  existing: ControlResult | undefined;
  result: Pick<ControlResult, "control_point_id" | "year" | "point" | "performed" | "outcome" | "comment" | "reported_by">;
  deviation?: Pick<DeviationAction, "description" | "responsible" | "due_date">;
}

// Saves a control result (new, or a change of the one for the same point and period)
// and, for a deviation, the action taken on it.
export function useReportControl(org: string | undefined, year: number | undefined) {
  const client = useQueryClient();
  return useMutation({
    // One transaction (docs/authoring.md): the result and its deviation action are
    // stored together or not at all.
    mutationFn: async ({ existing, result, deviation }: ControlReport) => {
      const changes: BatchChange[] = [
        existing
          ? { action: "update", collection: "control-results", id: existing.id, row_version: existing.row_version, record: result }
          : { action: "create", collection: "control-results", ref: "result", record: result },
      ];
      if (deviation) {
        changes.push({
          action: "create", collection: "deviation-actions",
          record: { ...deviation, control_result_id: existing ? existing.id : { $ref: "result" }, action_status: "open" },
        });
      }
      const [saved] = await applyBatch(org!, changes);
      return saved.record as unknown as ControlResult;
    },
    onSettled: () => client.invalidateQueries({ queryKey: ["control-follow-up", org, year] }),
  });
}

export function riskExportUrl(org: string, planId: Id, format: "xlsx" | "csv"): string {
  return `${orgBase(org)}/plans/${planId}/risks?format=${format}`;
}
