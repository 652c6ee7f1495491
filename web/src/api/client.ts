// Thin fetch wrapper for /api/v1: JSON in and out, the user's language sent along so
// that error messages come back in Swedish or English, errors turned into ApiError.
import i18n from "../i18n";
import { changesState, csrfTokenFrom } from "../lib/csrf";
import type { ListPage } from "./types";

// A field another user changed since the version the form was read from (409 stale_version).
export interface ChangedField { field: string; label_sv: string; label_en: string }

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly path: string | null = null,
    // stale_version: the record as it is stored now (null: deleted) and what changed.
    readonly current: Record<string, unknown> | null = null,
    readonly changedFields: ChangedField[] = [],
    // The whole error object, for answers that carry more (e.g. the reports that keep a period open).
    readonly details: Record<string, unknown> | null = null,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export function isStale(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 409 && error.code === "stale_version";
}

// A 404 on a collection means this server does not offer the capability (yet).
export function isUnavailable(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 405) && error.code === "not_found";
}

// `version`: the row_version of the record as read, sent as If-Match on a change so
// that a change made meanwhile by someone else is refused (409), never overwritten.
export async function request<T>(method: string, url: string, body?: unknown, version?: number): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json", "Accept-Language": i18n.language || "sv" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (version !== undefined) headers["If-Match"] = `"${version}"`;
  if (changesState(method)) {
    const token = csrfTokenFrom(document.cookie, window.location.protocol === "https:");
    if (token) headers["X-CSRF-Token"] = token;
  }
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, "network", i18n.t("error.network"));
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON: reported below with the status.
  }
  if (!response.ok) {
    const err = (json as { error?: { code?: string; message?: string; path?: string;
      current?: Record<string, unknown> | null; changed_fields?: ChangedField[] } } | null)?.error;
    throw new ApiError(response.status, err?.code ?? "http_" + response.status,
      err?.message ?? i18n.t("error.status", { status: response.status }), err?.path ?? null,
      err?.current ?? null, err?.changed_fields ?? [], (err as Record<string, unknown> | undefined) ?? null);
  }
  return json as T;
}

export const orgBase = (org: string) => `/api/v1/organisations/${encodeURIComponent(org)}`;

export function listUrl(org: string, collection: string, filters: Record<string, string | number> = {}): string {
  const params = new URLSearchParams({ limit: "5000" });
  for (const [k, v] of Object.entries(filters)) params.set(k, String(v));
  return `${orgBase(org)}/${collection}?${params.toString()}`;
}

export async function list<T>(org: string, collection: string, filters: Record<string, string | number> = {}): Promise<T[]> {
  const page = await request<ListPage<T>>("GET", listUrl(org, collection, filters));
  return page.items;
}
