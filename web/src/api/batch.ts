// POST /organisations/{org}/batch (docs/authoring.md "One transaction per action"):
// every change of one user action in one request, all stored or none. A change may
// name a record an earlier change creates ({"$ref": name}); updates and deletes carry
// the row_version they were read at, so that a change made meanwhile is refused (409).
import { orgBase, request } from "./client";
import type { Id } from "./types";

export type Ref = { $ref: string };
export type IdOrRef = Id | Ref;

export type BatchChange =
  | { action: "create"; collection: string; ref?: string; record: Record<string, unknown> }
  | { action: "update" | "replace"; collection: string; id: IdOrRef; row_version?: number; record: Record<string, unknown> }
  | { action: "delete"; collection: string; id: IdOrRef; row_version?: number };

export interface BatchResult {
  action: string; collection: string; id: Id; ref?: string; record?: Record<string, unknown> & { id: Id; row_version: number };
}

export async function applyBatch(org: string, changes: BatchChange[]): Promise<BatchResult[]> {
  const answer = await request<{ results: BatchResult[] }>("POST", `${orgBase(org)}/batch`, { changes });
  return answer.results;
}

// The path of a refusal names the change: "changes[2].record.year" → change 2, field "year".
export function changeOfPath(path: string | null): { index: number; field: string | null } | null {
  const m = path?.match(/^changes\[(\d+)\](?:\.record\.([A-Za-z_]+))?/);
  return m ? { index: Number(m[1]), field: m[2] ?? null } : null;
}
