import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router-dom";
import { useQueryClient } from "@tanstack/react-query";
import { useMe } from "../api/auth";
import { Field } from "../components/Field";
import { FormErrors, useFormFeedback } from "../components/FormFeedback";
import { ErrorState, Loading } from "../components/States";
import { useTitle } from "../components/Title";
import { csrfTokenFrom } from "../lib/csrf";
import { formatNumber } from "../lib/format";
import {
  followImport, importContentType, ImportRequestError, progressOf, startImport, type ImportClient, type ImportJob,
} from "../lib/importJob";
import { usePlanPage } from "./usePlanPage";

// Import of outcomes from a CSV or XLSX file as a job on the server: choose the file,
// upload, follow the progress bar, and read the result or the errors by row and column.
export function ImportPage() {
  const { t, i18n } = useTranslation();
  const { plan, orgKey, error } = usePlanPage();
  const me = useMe();
  const location = useLocation();
  const queries = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  // The file's own problems are shown at the file field; the server's refusal as every form shows one.
  const fb = useFormFeedback({ describe: (err) => (err instanceof ImportRequestError ? err.message : t("error.network")) });
  const busy = fb.busy;
  const [job, setJob] = useState<ImportJob | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const result = useRef<HTMLDivElement>(null);
  const leaving = useRef(new AbortController());
  useTitle(t("import.title"));
  useEffect(() => {
    const controller = leaving.current;
    return () => controller.abort();
  }, []);

  if (error) return <ErrorState error={error} />;
  if (!plan.data || !orgKey || me.isPending) return <Loading />;
  if (!me.data) {
    return (
      <>
        <p className="eyebrow">{plan.data.plan.title}</p>
        <h1>{t("import.title")}</h1>
        <div className="state state--info" role="alert">
          {t("login.needed")}{" "}
          <Link to={`/login?next=${encodeURIComponent(location.pathname)}`}>{t("login.link")}</Link>
        </div>
      </>
    );
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    fb.clear();
    const type = file ? importContentType(file.name) : null;
    if (!fb.check(!file ? { file: "import.chooseFile" } : !type ? { file: "import.wrongType" } : {}, () => input.current?.focus())) return;
    if (!file || !type) return;
    setJob(null);
    const client: ImportClient = { fetch: window.fetch.bind(window), csrfToken: csrfTokenFrom(document.cookie, window.location.protocol === "https:"), language: i18n.language || "sv" };
    const done = await fb.run(async () => {
      const started = await startImport(client, orgKey, file, type, file.name);
      const final = await followImport(client, orgKey, { rows_done: 0, rows_total: null, imported: null, errors: [], ...started }, setJob, leaving.current.signal);
      if (final.state === "succeeded") {
        queries.invalidateQueries({ queryKey: ["outcomes", orgKey] });
        queries.invalidateQueries({ queryKey: ["scorecard", orgKey] });
      }
    });
    if (done) requestAnimationFrame(() => result.current?.focus());
  };

  const progress = job ? progressOf(job) : null;
  const lang = i18n.language;
  const progressText = progress && job ? (progress.total !== null
    ? t("import.rowsOf", { done: formatNumber(progress.done, lang, 0), total: formatNumber(progress.total, lang, 0), percent: progress.percent })
    : t("import.rows", { done: formatNumber(progress.done, lang, 0) })) : "";

  return (
    <>
      <p className="eyebrow">{plan.data.plan.title}</p>
      <h1>{t("import.title")}</h1>
      <p className="lead">{t("import.lead")}</p>
      <details className="panel">
        <summary>{t("import.formatTitle")}</summary>
        <p>{t("import.format")}</p>
        <pre className="example">plan;mått;enhet;år;tillfälle;kön;värde{"\n"}{plan.data.plan.key};sm-27;div-narsjukvard;2021;ÅR;K;81,5</pre>
      </details>
      <form onSubmit={submit} noValidate className="form panel" aria-labelledby="import-form-heading">
        <h2 id="import-form-heading">{t("import.formTitle")}</h2>
        <FormErrors fb={fb} prefix="import" labels={{ file: t("import.file") }} listFields={false} />
        <Field id="import-file" label={t("import.file")} hint={t("import.fileHint")} {...fb.field("file")}>
          {(p) => <input {...p} ref={input} type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => { setFile(e.target.files?.[0] ?? null); fb.setErrors({}); }} disabled={busy} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>{busy ? t("import.working") : t("import.submit")}</button>
        </div>
      </form>

      <div ref={result} tabIndex={-1} className="import-result">
        {job && progress && (
          <section aria-labelledby="import-progress-heading" className="panel">
            <h2 id="import-progress-heading">{t("import.progressTitle")}</h2>
            <div className="progress" role="progressbar" aria-labelledby="import-progress-heading" aria-valuemin={0} aria-valuemax={100}
              aria-valuenow={progress.percent ?? undefined} aria-valuetext={`${t(`import.state.${job.state}`)}: ${progressText}`}>
              <div className={`progress__bar${progress.percent === null ? " progress__bar--unknown" : ""}`}
                style={{ width: `${progress.percent ?? 100}%` }} />
            </div>
            <p className="strong">{t(`import.state.${job.state}`)} – {progressText}</p>
            <div role="status" aria-live="polite">
              {job.state === "succeeded" && (
                <div className="alert alert--success"><span aria-hidden="true">✓ </span>{t("import.succeeded", { count: job.imported ?? 0 })}</div>
              )}
              {job.state === "interrupted" && (
                <div className="alert alert--error"><strong>{t("import.interrupted")}</strong> {t("form.notSaved")}</div>
              )}
              {job.state === "failed" && (
                <div className="alert alert--error">
                  <strong>{t("import.failed")}</strong> {job.imported ? t("import.partly", { count: job.imported }) : t("form.notSaved")}
                </div>
              )}
            </div>
            {job.errors.length > 0 && (
              <table className="table">
                <caption>{t("import.errors", { count: job.errors.length })}</caption>
                <thead><tr><th scope="col">{t("import.row")}</th><th scope="col">{t("import.column")}</th><th scope="col">{t("import.message")}</th></tr></thead>
                <tbody>
                  {job.errors.map((er, i) => (
                    <tr key={i}><td>{er.row ?? "–"}</td><td>{er.column ?? "–"}</td><td>{er.message}</td></tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        )}
      </div>
    </>
  );
}
