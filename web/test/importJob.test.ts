import { describe, expect, it } from "vitest";
import {
  followImport, importContentType, ImportRequestError, progressOf, startImport, xlsxType, type ImportClient, type ImportJob,
} from "../src/lib/importJob";

// A fake server that follows the import-job contract: the upload answers 202 queued,
// each poll moves the job along the given states.
function fakeServer(states: Partial<ImportJob>[], upload: { status: number; body: unknown } = { status: 202, body: { id: "7", state: "queued" } }) {
  const calls: { url: string; method: string; headers: Record<string, string>; body: unknown }[] = [];
  let poll = 0;
  const fetchFn = (async (url: string, init: RequestInit = {}) => {
    calls.push({ url, method: init.method ?? "GET", headers: (init.headers ?? {}) as Record<string, string>, body: init.body });
    if ((init.method ?? "GET") === "POST") return new Response(JSON.stringify(upload.body), { status: upload.status });
    const base = { id: "7", state: "running", rows_done: 0, rows_total: null, imported: null, errors: [] };
    const state = states[Math.min(poll++, states.length - 1)];
    return new Response(JSON.stringify({ ...base, ...state }), { status: 200 });
  }) as unknown as typeof fetch;
  const client: ImportClient = { fetch: fetchFn, csrfToken: "tok", language: "sv", sleep: async () => {} };
  return { client, calls };
}

describe("the import job", () => {
  it("uploads the file with its type and the CSRF token, then polls until it succeeds", async () => {
    const { client, calls } = fakeServer([
      { state: "running", rows_done: 0, rows_total: null },
      { state: "running", rows_done: 150, rows_total: 600 },
      { state: "succeeded", rows_done: 600, rows_total: 600, imported: 600 },
    ]);
    const body = new Blob(["plan;mått;år;tillfälle;värde\n"]);
    const job = await startImport(client, "region-norrbotten", body, "text/csv");
    expect(job).toEqual({ id: "7", state: "queued" });
    expect(calls[0]).toMatchObject({
      url: "/api/v1/organisations/region-norrbotten/outcomes/import-jobs", method: "POST",
      headers: { "Content-Type": "text/csv", "X-CSRF-Token": "tok", "Accept-Language": "sv" }, body,
    });
    const seen: ImportJob[] = [];
    const final = await followImport(client, "region-norrbotten", { rows_done: 0, rows_total: null, imported: null, errors: [], ...job }, (j) => seen.push(j));
    expect(final.state).toBe("succeeded");
    expect(final.imported).toBe(600);
    expect(seen.map((j) => j.state)).toEqual(["queued", "running", "running", "succeeded"]);
    expect(calls.slice(1).every((c) => c.url === "/api/v1/organisations/region-norrbotten/outcomes/import-jobs/7" && c.method === "GET")).toBe(true);
    expect(seen.map((j) => progressOf({ ...j, rows_done: j.rows_done ?? 0, rows_total: j.rows_total ?? null }).percent))
      .toEqual([null, null, 25, 100]);
  });

  it("stops at a failed job and keeps its errors by row and column", async () => {
    const errors = [{ row: 3, column: "värde", message: "'tolv' är inget tal" }];
    const { client } = fakeServer([{ state: "failed", rows_done: 2, rows_total: 10, imported: null, errors }]);
    const final = await followImport(client, "o", { id: "7", state: "queued", rows_done: 0, rows_total: null, imported: null, errors: [] }, () => {});
    expect(final.state).toBe("failed");
    expect(final.errors).toEqual(errors);
  });

  it("stops at an interrupted job (its server stopped) and keeps the server's message", async () => {
    const errors = [{ row: null, column: null, message: "servern som körde importen stannade innan den var klar; inget importerades – importera filen igen" }];
    const { client, calls } = fakeServer([{ state: "running", rows_done: 5, rows_total: 10 }, { state: "interrupted", rows_done: 5, rows_total: 10, errors }]);
    const final = await followImport(client, "o", { id: "7", state: "queued", rows_done: 0, rows_total: null, imported: null, errors: [] }, () => {});
    expect(final.state).toBe("interrupted");
    expect(final.errors).toEqual(errors);
    expect(calls.length).toBe(2);
    expect(progressOf(final).percent).toBe(50);
  });

  it("names the file in the upload's URL when given", async () => {
    const { client, calls } = fakeServer([]);
    await startImport(client, "region-norrbotten", new Blob(["x"]), "text/csv", "utfall 2021.csv");
    expect(calls[0].url).toBe("/api/v1/organisations/region-norrbotten/outcomes/import-jobs?file=utfall%202021.csv");
  });

  it("a refused upload is an error with the server's message", async () => {
    const { client } = fakeServer([], { status: 415, body: { error: { code: "unsupported_media_type", message: "innehållet måste vara text/csv" } } });
    await expect(startImport(client, "o", new Blob(["x"]), "text/csv")).rejects.toEqual(new ImportRequestError(415, "innehållet måste vara text/csv"));
  });

  it("stops polling when the page is left", async () => {
    const { client, calls } = fakeServer([{ state: "running", rows_done: 1, rows_total: 10 }]);
    const controller = new AbortController();
    const final = await followImport(client, "o", { id: "7", state: "queued", rows_done: 0, rows_total: null, imported: null, errors: [] },
      (j) => { if (j.state === "running") controller.abort(); }, controller.signal);
    expect(final.state).toBe("running");
    expect(calls.length).toBe(1);
  });
});

describe("progress and file types", () => {
  it("never shows 100 % before the job has succeeded, and nothing made up while the total is unknown", () => {
    expect(progressOf({ state: "running", rows_done: 999, rows_total: 1000 }).percent).toBe(99);
    expect(progressOf({ state: "running", rows_done: 5, rows_total: null })).toEqual({ percent: null, done: 5, total: null });
    expect(progressOf({ state: "queued", rows_done: 0, rows_total: 0 }).percent).toBeNull();
    expect(progressOf({ state: "succeeded", rows_done: 10, rows_total: null })).toEqual({ percent: 100, done: 10, total: 10 });
  });
  it("knows CSV and XLSX by the file name", () => {
    expect(importContentType("utfall.CSV")).toBe("text/csv");
    expect(importContentType("utfall.xlsx")).toBe(xlsxType);
    expect(importContentType("utfall.xls")).toBeNull();
    expect(importContentType("utfall.pdf")).toBeNull();
  });
});
