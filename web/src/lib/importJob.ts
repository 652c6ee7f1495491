// Importing a file of outcomes as a background job on the server:
//   POST …/outcomes/import-jobs (text/csv or XLSX body) → 202 {"id","state":"queued"}
//   GET  …/outcomes/import-jobs/{id} → {"id","state","rows_done","rows_total"|null,"imported"|null,"errors":[{"row","column","message"}]}
// polled until the job has succeeded or failed. The fetch function, the CSRF token and
// the wait between polls are given, so that the logic runs in tests without a browser.

// interrupted: the server running the job stopped before it finished (nothing imported).
export type JobState = "queued" | "running" | "succeeded" | "failed" | "interrupted";
export interface JobError { row: number | null; column: string | null; message: string }
export interface ImportJob {
  id: string | number; state: JobState; rows_done: number; rows_total: number | null; imported: number | null; errors: JobError[];
}

export const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// The body's media type from the file's name (browsers often give XLSX no type, or a
// spreadsheet program's own for CSV).
export function importContentType(fileName: string): string | null {
  const name = fileName.toLowerCase();
  if (name.endsWith(".csv") || name.endsWith(".txt")) return "text/csv";
  if (name.endsWith(".xlsx")) return xlsxType;
  return null;
}

export interface Progress { percent: number | null; done: number; total: number | null }

// Per cent of the rows done; unknown (null) while the server does not yet know how many
// rows the file has. Never 100 before the job has succeeded.
export function progressOf(job: Pick<ImportJob, "state" | "rows_done" | "rows_total">): Progress {
  const done = Math.max(0, job.rows_done ?? 0);
  if (job.state === "succeeded") return { percent: 100, done, total: job.rows_total ?? done };
  if (job.rows_total === null || job.rows_total === undefined || job.rows_total <= 0) return { percent: null, done, total: null };
  const percent = Math.min(99, Math.floor((done * 100) / job.rows_total));
  return { percent, done, total: job.rows_total };
}

export const isFinished = (job: Pick<ImportJob, "state">) =>
  job.state === "succeeded" || job.state === "failed" || job.state === "interrupted";

export class ImportRequestError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = "ImportRequestError";
  }
}

export interface ImportClient {
  fetch: typeof fetch;
  csrfToken: string | null;
  language: string;
  sleep?: (ms: number) => Promise<void>;
  pollMs?: number;
}

async function answer<T>(response: Response, fallback: string): Promise<T> {
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: reported with the status below
  }
  if (!response.ok) {
    const message = (json as { error?: { message?: string } } | null)?.error?.message;
    throw new ImportRequestError(response.status, message ?? `${fallback} (${response.status})`);
  }
  return json as T;
}

export function importJobsUrl(org: string): string {
  return `/api/v1/organisations/${encodeURIComponent(org)}/outcomes/import-jobs`;
}

// fileName, when given, names the file in the server's errors, audit log and job.
export async function startImport(client: ImportClient, org: string, body: Blob, contentType: string,
  fileName?: string): Promise<Pick<ImportJob, "id" | "state">> {
  const headers: Record<string, string> = { "Content-Type": contentType, Accept: "application/json", "Accept-Language": client.language };
  if (client.csrfToken) headers["X-CSRF-Token"] = client.csrfToken;
  const url = fileName ? `${importJobsUrl(org)}?file=${encodeURIComponent(fileName)}` : importJobsUrl(org);
  const response = await client.fetch(url, { method: "POST", headers, body });
  return answer<Pick<ImportJob, "id" | "state">>(response, "upload refused");
}

// Polls the job until it is finished, telling `onUpdate` each state it sees.
export async function followImport(client: ImportClient, org: string, job: ImportJob, onUpdate: (job: ImportJob) => void,
  signal?: AbortSignal): Promise<ImportJob> {
  const sleep = client.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let current = job;
  onUpdate(current);
  while (!isFinished(current)) {
    await sleep(client.pollMs ?? 400);
    if (signal?.aborted) return current;
    const response = await client.fetch(`${importJobsUrl(org)}/${encodeURIComponent(String(current.id))}`, {
      headers: { Accept: "application/json", "Accept-Language": client.language },
    });
    current = await answer<ImportJob>(response, "job not readable");
    onUpdate(current);
  }
  return current;
}
