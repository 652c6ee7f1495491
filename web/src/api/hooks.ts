// Data fetching with TanStack Query: one query per thing a page shows, cached and
// shared between pages.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, list, listUrl, orgBase, request } from "./client";
import { outcomeBatch, type OutcomeBase } from "../lib/outcomeBatch";
import type {
  Activity, ActivityReport, DevelopmentArea, Goal, GoalAssessment, Id, Measure, Mission, Organisation, Outcome, Perspective, Plan,
  Scorecard, Section, SuccessFactor, Target, Unit,
} from "./types";

export function useOrganisation() {
  return useQuery({
    queryKey: ["organisations"],
    queryFn: async () => {
      const page = await request<{ items: Organisation[] }>("GET", "/api/v1/organisations?limit=100");
      if (page.items.length === 0) throw new ApiError(404, "no_organisation", "");
      return page.items[0];
    },
    staleTime: Infinity,
  });
}

export function usePlans(org: string | undefined) {
  return useQuery({ queryKey: ["plans", org], queryFn: () => list<Plan>(org!, "plans"), enabled: !!org });
}

export function useUnits(org: string | undefined) {
  return useQuery({ queryKey: ["units", org], queryFn: () => list<Unit>(org!, "units"), enabled: !!org, staleTime: 60_000 });
}

export interface PlanBundle {
  plan: Plan; sections: Section[]; perspectives: Perspective[]; goals: Goal[]; developmentAreas: DevelopmentArea[];
  missions: Mission[]; successFactors: SuccessFactor[]; activities: Activity[]; measures: Measure[];
}

export function usePlan(org: string | undefined, planId: Id) {
  return useQuery({
    queryKey: ["plan", org, planId],
    enabled: !!org && Number.isInteger(planId),
    queryFn: async (): Promise<PlanBundle> => {
      const o = org!;
      const f = { plan_id: planId };
      const [plan, sections, perspectives, goals, developmentAreas, missions, successFactors, activities, measures] =
        await Promise.all([
          request<Plan>("GET", `${orgBase(o)}/plans/${planId}`),
          list<Section>(o, "sections", f), list<Perspective>(o, "perspectives", f), list<Goal>(o, "goals", f),
          list<DevelopmentArea>(o, "development-areas", f), list<Mission>(o, "missions", f),
          list<SuccessFactor>(o, "success-factors", f), list<Activity>(o, "activities", f), list<Measure>(o, "measures", f),
        ]);
      return { plan, sections, perspectives, goals, developmentAreas, missions, successFactors, activities, measures };
    },
  });
}

export function useTargets(org: string | undefined, measureId: Id) {
  return useQuery({
    queryKey: ["targets", org, measureId],
    queryFn: () => list<Target>(org!, "targets", { measure_id: measureId }),
    enabled: !!org,
  });
}

// Follow-up data (issue 4). These collections may not exist on this server yet; the
// pages then say that follow-up is not available instead of showing anything made up.
export function useOutcomes(org: string | undefined, measureId: Id) {
  return useQuery({
    queryKey: ["outcomes", org, measureId],
    queryFn: () => list<Outcome>(org!, "outcomes", { measure_id: measureId }),
    enabled: !!org,
    retry: false,
  });
}

export function useActivityReports(org: string | undefined, activityId: Id) {
  return useQuery({
    queryKey: ["activity-reports", org, activityId],
    queryFn: () => list<ActivityReport>(org!, "activity-reports", { activity_id: activityId }),
    enabled: !!org,
    retry: false,
  });
}

export function useSaveActivityReport(org: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (r: Omit<ActivityReport, "id"> & { id?: Id }) => {
      const { id, row_version, ...body } = r;
      return id === undefined
        ? request<ActivityReport>("POST", `${orgBase(org!)}/activity-reports`, body)
        : request<ActivityReport>("PUT", `${orgBase(org!)}/activity-reports/${id}`, body, row_version);
    },
    onSuccess: (saved) => {
      client.invalidateQueries({ queryKey: ["activity-reports", org, saved.activity_id] });
      client.invalidateQueries({ queryKey: ["scorecard", org] });
    },
  });
}

// Saves K, M and total outcomes of one unit and period, updating those already there,
// in one request: if one value is refused, none is saved and the error names it.
export function useSaveOutcomes(org: string | undefined, measureId: Id) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ existing, base, values }: {
      existing: Outcome[]; base: OutcomeBase; values: Partial<Record<"K" | "M" | "total", number>>;
    }) => {
      const result = await request<{ items: Outcome[] }>("POST", `${orgBase(org!)}/outcomes/batch`, outcomeBatch(existing, base, values));
      return result.items;
    },
    onSettled: () => {
      client.invalidateQueries({ queryKey: ["outcomes", org, measureId] });
      client.invalidateQueries({ queryKey: ["scorecard", org] });
    },
  });
}

export function useGoalAssessments(org: string | undefined, goalId: Id) {
  return useQuery({
    queryKey: ["goal-assessments", org, goalId],
    queryFn: () => list<GoalAssessment>(org!, "goal-assessments", { goal_id: goalId }),
    enabled: !!org,
    retry: false,
  });
}

export function useSaveGoalAssessment(org: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (a: Omit<GoalAssessment, "id"> & { id?: Id }) => {
      const { id, row_version, ...body } = a;
      return id === undefined
        ? request<GoalAssessment>("POST", `${orgBase(org!)}/goal-assessments`, body)
        : request<GoalAssessment>("PUT", `${orgBase(org!)}/goal-assessments/${id}`, body, row_version);
    },
    onSuccess: (saved) => {
      client.invalidateQueries({ queryKey: ["goal-assessments", org, saved.goal_id] });
      client.invalidateQueries({ queryKey: ["scorecard", org] });
    },
  });
}

export function useScorecard(org: string | undefined, unit: string, year: number, point: string) {
  return useQuery({
    queryKey: ["scorecard", org, unit, year, point],
    enabled: !!org && unit !== "",
    retry: false,
    queryFn: () => {
      const params = new URLSearchParams({ unit, year: String(year), point });
      return request<Scorecard>("GET", `${orgBase(org!)}/scorecard?${params.toString()}`);
    },
  });
}

export function useCreateActivity(org: string | undefined, planId: Id) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => request<Activity>("POST", `${orgBase(org!)}/activities`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: ["plan", org, planId] }),
  });
}

export { listUrl };
