// Data for writing a draft plan (docs/authoring.md): the batch that saves one action,
// the plan's assignments and targets, and the review's comment threads.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { applyBatch, type BatchChange } from "./batch";
import { list, orgBase, request } from "./client";
import type { Id, Target } from "./types";

export interface Assignment {
  id: Id; row_version?: number; position?: number; plan_id: Id; key: string; title: string; description: string | null;
  kind: string; given_by_id: Id | null; given_to_id: Id | null; owner: string | null; goal_id: Id | null;
}

export interface Comment { id: Id; author: string; body: string; created_at: string; row_version?: number; edited_at?: string | null }
export interface CommentThread extends Comment {
  plan_id: Id; entity: string; item_id: Id; item_label: string; resolved: boolean; resolved_by: string | null;
  resolved_at: string | null; replies: Comment[];
}

export function useAssignments(org: string | undefined, planId: Id) {
  return useQuery({
    queryKey: ["assignments", org, planId],
    queryFn: () => list<Assignment>(org!, "assignments", { plan_id: planId }),
    enabled: !!org && Number.isInteger(planId),
  });
}

// Every target of the plan's measures (for the measure editor), by measure.
export function usePlanTargets(org: string | undefined, measureIds: Id[]) {
  return useQuery({
    queryKey: ["plan-targets", org, measureIds.join(",")],
    queryFn: async () => {
      const all = await list<Target>(org!, "targets");
      const wanted = new Set(measureIds);
      return all.filter((t) => wanted.has(t.measure_id));
    },
    enabled: !!org,
  });
}

// One user action's changes, one transaction; afterwards everything the plan shows is
// fetched again, so that versions and positions are the server's.
export function useSaveBatch(org: string | undefined, planId: Id) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (changes: BatchChange[]) => applyBatch(org!, changes),
    onSettled: () => Promise.all([
      client.invalidateQueries({ queryKey: ["plan", org, planId] }),
      client.invalidateQueries({ queryKey: ["assignments", org, planId] }),
      client.invalidateQueries({ queryKey: ["plan-targets", org] }),
      client.invalidateQueries({ queryKey: ["targets", org] }),
      client.invalidateQueries({ queryKey: ["plan-compare", org] }),
    ]),
  });
}

const commentsUrl = (org: string, planId: Id) => `${orgBase(org)}/plans/${planId}/comments`;

export function useComments(org: string | undefined, planId: Id) {
  return useQuery({
    queryKey: ["comments", org, planId],
    queryFn: () => request<{ items: CommentThread[]; open: number }>("GET", commentsUrl(org!, planId)),
    enabled: !!org && Number.isInteger(planId),
    retry: false,
  });
}

export type CommentAction =
  | { kind: "start"; entity: string; item_id: Id; body: string }
  | { kind: "reply"; thread_id: Id; body: string }
  | { kind: "resolve" | "reopen"; thread_id: Id }
  // One's own comment changed, or a comment deleted, from the version read.
  | { kind: "edit"; comment_id: Id; body: string; row_version?: number }
  | { kind: "delete"; comment_id: Id; row_version?: number };

export function useCommentAction(org: string | undefined, planId: Id) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (a: CommentAction) => {
      const url = commentsUrl(org!, planId);
      if (a.kind === "start") return request<CommentThread>("POST", url, { entity: a.entity, item_id: a.item_id, body: a.body });
      if (a.kind === "reply") return request<CommentThread>("POST", url, { thread_id: a.thread_id, body: a.body });
      if (a.kind === "edit") return request<Comment>("PATCH", `${url}/${a.comment_id}`, { body: a.body }, a.row_version);
      if (a.kind === "delete") return request<undefined>("DELETE", `${url}/${a.comment_id}`, undefined, a.row_version);
      return request<CommentThread>("POST", `${url}/${a.thread_id}/${a.kind}`, {});
    },
    onSettled: () => client.invalidateQueries({ queryKey: ["comments", org, planId] }),
  });
}
