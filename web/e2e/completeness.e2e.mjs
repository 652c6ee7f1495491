// The reporting round in a real browser (docs/reporting-round.md), in the style of
// app.e2e.mjs: Debian's Chromium against the real server on a temp SQLite file with the
// Norrbotten plans. The completeness heat map (values written in the cells, drill-down by
// keyboard, closing refused with the list) and the home page "Att göra" of a reporter, an
// approver, a controller and a politician; axe-core on each page; screenshots to
// build/screenshots/.
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";
import { expectNoAxeViolations } from "./axe.mjs";
import { signInAs as signInAs_ } from "./signin.mjs";
import { adminPassword, repoDir, startServer } from "./server.mjs";

const chromiumPath = process.env.STYRKORT_CHROMIUM ?? "/usr/bin/chromium";
const shots = process.env.STYRKORT_SCREENSHOT_DIR ?? path.join(repoDir, "build", "screenshots");
const org = "/api/v1/organisations/region-norrbotten";
const password = "Rapportomgång-i-Luleå-2026!";

let server, browser, context, page, period, nara;
const problems = [];

before(async () => {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}: apt-get install chromium`);
  mkdirSync(shots, { recursive: true });
  server = await startServer();
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--no-sandbox"] });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "sv-SE" });
  page = await context.newPage();
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    if (/status of 401/.test(m.text()) && /\/api\/v1\/auth\/(me|login)$/.test(m.location().url)) return;
    // The refusal the test provokes: closing a period while reports are missing.
    if (/status of 409/.test(m.text()) && /\/reporting-periods\/\d+\/close$/.test(m.location().url)) return;
    problems.push(`console: ${m.text()} (${m.location().url})`);
  });
  const created = await server.api("POST", `${org}/reporting-periods`, { year: 2025, point: "da04", status: "open", deadline: "2025-05-15" });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  period = created.json;
  const units = (await server.api("GET", `${org}/units?limit=5000`)).json.items;
  nara = units.find((u) => u.key === "div-nara");
  // Nära has reported one of its twelve activities; Funktion has submitted its report.
  const activity = (await server.api("GET", `${org}/activities?owner_unit_id=${nara.id}&limit=1`)).json.items[0];
  assert.equal((await server.api("POST", `${org}/activity-reports`, { activity_id: activity.id, year: 2025, point: "da04", status: "in_progress" })).status, 201);
  const funktion = units.find((u) => u.key === "div-funktion");
  assert.equal((await server.api("POST", `${org}/followup-reports`, { unit_id: funktion.id, year: 2025, point: "da04" })).status, 201);
  for (const [name, display, role, unit] of [
    ["rita", "Rita Rapportör", "reporter", "div-nara"],
    ["petra", "Petra Planerare", "planner", "regiondirektoren"],
    ["karin", "Karin Kontroller", "controller", "div-psykiatri"],
    ["pelle", "Pelle Politiker", "reader", null],
  ]) {
    server.cli(["user", "add", name, "--name", display, "--org", "region-norrbotten", "--password-stdin"], password + "\n");
    server.cli(["user", "role", name, "grant", role, "--org", "region-norrbotten", ...(unit ? ["--unit", unit] : [])]);
  }
  // Funktion's report goes up for decision, submitted by the operator's session (admin may).
  const report = (await server.api("GET", `${org}/followup-reports?unit_id=${funktion.id}`)).json.items[0];
  assert.equal((await server.api("POST", `${org}/followup-reports/${report.id}/submit`, {})).status, 200);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  assert.deepEqual(problems, []);
});

async function visit(name) {
  await page.waitForLoadState("networkidle");
  await page.locator("h1").first().waitFor();
  await expectNoAxeViolations(page, name);
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

function signInAs(username, displayName, pass = password) {
  return signInAs_(page, server.base, username, pass, displayName);
}

const row = (key) => page.locator(`table.completeness-map tr[data-unit="${key}"]`);
const cellOf = (key, part) => row(key).locator(`td[data-part="${part}"]`);

test("heat map: values written in the cells, 'inget att rapportera', drill-down by keyboard, downloads", async () => {
  await signInAs("admin", "Administratör", adminPassword);
  await page.goto(`${server.base}/completeness?period=${period.id}&unit=${nara.id}`);
  await page.getByRole("heading", { level: 1, name: "Fullständighet" }).waitFor();
  await page.getByRole("table", { name: /Fullständighet per enhet och del, DÅ 04 2025/ }).waitFor();
  assert.equal((await cellOf("div-nara", "activities").innerText()).trim(), "1 av 12 (8 %)");
  assert.equal(await cellOf("div-nara", "activities").getAttribute("data-percent"), "8");
  assert.match(await cellOf("div-nara", "activities").getAttribute("class"), /completeness-map__cell--1/);
  assert.equal((await cellOf("nara-primarvard-kiruna", "activities").innerText()).trim(), "inget att rapportera");
  assert.equal((await cellOf("div-nara", "report").innerText()).trim(), "ej påbörjad");
  await visit("60-completeness-heat-map");

  // Keyboard: the cell is a button named by unit, part and value; Enter opens what is missing.
  const button = cellOf("div-nara", "activities").getByRole("button");
  assert.equal(await button.getAttribute("aria-label"), "Nära, Aktiviteter: 1 av 12 (8 %)");
  await button.focus();
  await page.keyboard.press("Enter");
  const details = page.getByRole("region", { name: "Saknas för Nära: Aktiviteter" });
  await details.waitFor();
  assert.equal(await details.getByRole("listitem").count(), 11);
  assert.equal(await page.evaluate(() => document.activeElement?.id), "missing-title");
  assert.equal(await button.getAttribute("aria-pressed"), "true");
  await visit("61-completeness-missing");

  const xlsx = await page.getByRole("link", { name: "Excel (XLSX)" }).getAttribute("href");
  const download = await page.request.get(server.base + xlsx);
  assert.equal(download.status(), 200);
  assert.match(download.headers()["content-type"], /spreadsheetml/);
});

test("closing: refused with the list of units without a submitted report", async () => {
  await page.goto(`${server.base}/completeness?period=${period.id}`);
  await page.getByRole("button", { name: "Stäng perioden" }).click();
  const alert = page.getByRole("alert");
  await alert.getByText(/Perioden kan inte stängas: \d+ enheter har inte lämnat in sin rapport\./).waitFor();
  await alert.getByText("Nära (ej påbörjad)").waitFor();
  assert.equal((await server.api("GET", `${org}/reporting-periods/${period.id}`)).json.status, "open");
  await page.getByRole("button", { name: "Stäng ändå (administratör)" }).waitFor();
  await visit("62-completeness-close-refused");
});

test("home page of a reporter: the unit's missing parts and the deadline", async () => {
  await signInAs("rita", "Rita Rapportör");
  await page.getByRole("heading", { level: 1, name: "Att göra" }).waitFor();
  const section = page.getByRole("region", { name: "Att rapportera" });
  await section.getByRole("link", { name: "Nära" }).waitFor();
  assert.match(await section.innerText(), /Saknas: aktiviteter, målbedömningar, rapport — Sista dag 2025-05-15/);
  assert.equal(await page.getByRole("region", { name: "Rapporter som väntar på ditt beslut" }).count(), 0);
  await page.getByRole("region", { name: "Aviseringar" }).waitFor();
  await page.getByRole("link", { name: "Alla planer" }).waitFor();
  await visit("63-home-reporter");
});

test("home page of an approver: the submitted report waiting for the decision", async () => {
  await signInAs("petra", "Petra Planerare");
  const section = page.getByRole("region", { name: "Rapporter som väntar på ditt beslut" });
  await section.getByText("Funktion").waitFor();
  await visit("64-home-approver");
});

test("home page of a controller: completeness of the subtree and the economy findings", async () => {
  await signInAs("karin", "Karin Kontroller");
  const section = page.getByRole("region", { name: "Fullständighet i ditt ansvarsområde" });
  await section.getByRole("link", { name: "Psykiatri" }).waitFor();
  await section.getByRole("heading", { name: "Ekonomiska avvikelser" }).waitFor();
  await visit("65-home-controller");
  // The link leads to the heat map of that subtree.
  await section.getByRole("link", { name: "Psykiatri" }).click();
  await page.getByRole("table", { name: /Fullständighet per enhet och del/ }).waitFor();
  await row("div-psykiatri").waitFor();
});

test("home page of a politician: the region's scorecard", async () => {
  await signInAs("pelle", "Pelle Politiker");
  const section = page.getByRole("region", { name: "Regionens styrkort" });
  await section.getByText(/DÅ 04 2025/).waitFor();
  assert.ok(await section.getByRole("listitem").count() > 0);
  await visit("66-home-politician");
});
