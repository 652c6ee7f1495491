// The documents' HTML in a real browser (docs/documents.md): Debian's Chromium driven by
// playwright-core against the real server on a temp SQLite file with Region Norrbotten's
// plans. axe-core checks the plan documents and a follow-up report for WCAG 2.1 A/AA
// violations (zero allowed), the buttons on the plan overview and the report page lead
// to them, and screenshots go to build/screenshots/ for a person to look at.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";
import { adminPassword, repoDir, startServer } from "./server.mjs";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const chromiumPath = process.env.STYRKORT_CHROMIUM ?? "/usr/bin/chromium";
const shots = process.env.STYRKORT_SCREENSHOT_DIR ?? path.join(repoDir, "build", "screenshots");
const org = "/api/v1/organisations/region-norrbotten";

let server, browser, context, page;

before(async () => {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}: apt-get install chromium`);
  mkdirSync(shots, { recursive: true });
  server = await startServer();
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--no-sandbox"] });
  context = await browser.newContext({ viewport: { width: 1100, height: 1400 }, locale: "sv-SE" });
  page = await context.newPage();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function axe(name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
  const details = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("\n    ")}`);
  assert.equal(result.violations.length, 0, `axe on ${name}:\n  ${details.join("\n  ")}`);
}

async function planId(key) {
  const r = await server.api("GET", `${org}/plans?key=${key}`);
  return r.json.items[0].id;
}

test("both plan documents as HTML pass axe, public like the approved plans", async () => {
  for (const key of ["rs-plan-2020-2022", "rs-plan-2025-2027"]) {
    const id = await planId(key);
    const res = await page.goto(`${server.base}${org}/plans/${id}/document?format=html`);
    assert.equal(res.status(), 200);
    assert.match(res.headers()["content-type"], /^text\/html/);
    await page.locator("h1").waitFor();
    await axe(`document ${key}`);
    assert.ok(await page.locator("nav.toc a").count() > 10, "a table of contents of links");
    assert.ok(await page.locator("table thead th[scope=col]").count() > 20, "tables with column headers");
    await page.screenshot({ path: path.join(shots, `30-document-${key}.png`) });
  }
});

test("the plan overview links to the plan document in each format", async () => {
  const id = await planId("rs-plan-2025-2027");
  await page.goto(`${server.base}/plans/${id}`);
  const pdf = page.getByRole("link", { name: "Plandokument som PDF" });
  await pdf.waitFor();
  for (const [name, type] of [["Plandokument som PDF", "application/pdf"], ["Plandokument som Word (DOCX)", "wordprocessingml"],
    ["Plandokument som Utskriftsvänlig HTML", "text/html"]]) {
    const href = await page.getByRole("link", { name }).getAttribute("href");
    const res = await page.request.get(server.base + href);
    assert.equal(res.status(), 200, name);
    assert.ok(res.headers()["content-type"].includes(type), `${name}: ${res.headers()["content-type"]}`);
  }
  await axe("plan overview with document links");
});

test("a follow-up report needs sign-in; signed in, its HTML passes axe and the report page links to it", async () => {
  const id = await planId("rs-plan-2020-2022");
  const url = `${server.base}${org}/plans/${id}/followup-document?unit=regiondirektoren&year=2021&point=ar&format=html`;
  let res = await page.goto(url);
  assert.equal(res.status(), 401);
  const login = await page.request.post(`${server.base}/api/v1/auth/login`, { data: { username: "admin", password: adminPassword } });
  assert.equal(login.status(), 200);
  res = await page.goto(url);
  assert.equal(res.status(), 200);
  await page.locator("h1", { hasText: "Uppföljning ÅR 2021" }).waitFor();
  await axe("follow-up report");
  await page.screenshot({ path: path.join(shots, "31-document-followup.png") });

  await page.goto(`${server.base}/plans/${id}/reports`);
  const link = page.getByRole("link", { name: "Uppföljningsrapport som PDF" });
  await link.waitFor();
  const href = await link.getAttribute("href");
  assert.match(href, /followup-document\?unit=\d+&year=\d+&point=da04&format=pdf/);
  const pdf = await page.request.get(server.base + href);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()["content-type"], "application/pdf");
});
