// Risk assessment and internal control in a real browser (docs/risk.md), in the style of
// app.e2e.mjs: Debian's Chromium against the real server on a temp SQLite file with the
// Norrbotten plans and the shipped example risk assessment of the 2020 plan; axe-core on
// every page; screenshots to build/screenshots/.
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";
import { expectNoAxeViolations } from "./axe.mjs";
import { signIn as signInPage } from "./signin.mjs";
import { repoDir, startServer } from "./server.mjs";

const chromiumPath = process.env.STYRKORT_CHROMIUM ?? "/usr/bin/chromium";
const shots = process.env.STYRKORT_SCREENSHOT_DIR ?? path.join(repoDir, "build", "screenshots");
const org = "/api/v1/organisations/region-norrbotten";
const password = "Riskmatris-i-Kiruna-2026!";

let server, browser, page, plan2020;
const problems = [];

before(async () => {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}: apt-get install chromium`);
  mkdirSync(shots, { recursive: true });
  server = await startServer();
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--no-sandbox"] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "sv-SE" });
  page = await context.newPage();
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    if (/status of 401/.test(m.text()) && /\/api\/v1\/auth\/(me|login)$/.test(m.location().url)) return;
    problems.push(`console: ${m.text()}`);
  });
  plan2020 = (await server.api("GET", `${org}/plans`)).json.items.find((p) => p.key === "rs-plan-2020-2022");
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function checkAccessibility(name) {
  await expectNoAxeViolations(page, name);
}

async function visit(name) {
  await page.waitForLoadState("networkidle");
  await page.locator("h1").first().waitFor();
  await checkAccessibility(name);
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

function signIn(username, displayName) {
  return signInPage(page, server.base, username, password, displayName);
}

const cell = (when, p, c) => page.locator(`table.heat-map[data-when="${when}"] td[data-probability="${p}"][data-consequence="${c}"]`);

test("heat map and register: the example risks counted before and after actions, a cell filters the register by keyboard", async () => {
  await page.goto(`${server.base}/plans/${plan2020.id}`);
  await page.getByRole("navigation", { name: "Planens delar" }).getByRole("link", { name: "Risker" }).click();
  await page.getByRole("heading", { level: 1, name: "Riskbedömning" }).waitFor();
  await page.getByText("Exempel som visar funktionen, inte organisationens beslut.").waitFor();
  // Two example risks stand at probability 4 × consequence 3 (value 12) before actions; one is left after.
  assert.equal(await cell("before", 4, 3).getAttribute("data-count"), "2");
  assert.equal(await cell("after", 4, 3).getAttribute("data-count"), "1");
  assert.match(await cell("before", 4, 3).innerText(), /2 risker\s*▲ Värde 12/);
  assert.match(await cell("before", 1, 1).innerText(), /0 risker\s*Värde 1/);
  await page.getByText("5 av 7 risker kräver åtgärd.").waitFor();
  await page.getByText("7 av 7 risker visas.").waitFor();
  await visit("40-risk-heat-map");

  // Keyboard: the cell is a button with its whole meaning in its name.
  const button = cell("before", 4, 3).getByRole("button");
  assert.match(await button.textContent(), /^Sannolikhet 4 \(Sannolik\), konsekvens 3 \(Kännbar\): 2 risker ▲ Värde 12, åtgärd krävs$/);
  await button.focus();
  await page.keyboard.press("Enter");
  await page.getByText("2 av 7 risker visas.").waitFor();
  const register = page.getByRole("region", { name: "Riskregister" });
  await register.getByRole("rowheader", { name: /Väntetiderna överskrider vårdgarantin/ }).waitFor();
  await register.getByText("Ingen åtgärd").waitFor();
  await page.getByRole("button", { name: "Visa alla risker" }).click();
  await page.getByText("7 av 7 risker visas.").waitFor();
  // Filter and sort the register.
  await page.getByLabel("Sök").fill("inköp");
  await page.getByText("1 av 7 risker visas.").waitFor();
  await page.getByLabel("Sök").fill("");
  await page.getByLabel("Endast risker som kräver åtgärd").check();
  await page.getByText("5 av 7 risker visas.").waitFor();
  await page.getByLabel("Endast risker som kräver åtgärd").uncheck();
  const firstValue = async () => (await register.locator("tbody tr").first().locator("td").nth(5).innerText()).replace("▲", "").trim();
  const sortByValue = register.getByRole("button", { name: /^Värde/ });
  await sortByValue.click();
  await register.getByRole("columnheader", { name: /^Värde/ }).and(page.locator('[aria-sort="descending"]')).waitFor();
  assert.equal(await firstValue(), "12", "descending: the highest value first");
  await sortByValue.focus();
  await page.keyboard.press("Enter");
  await register.getByRole("columnheader", { name: /^Värde/ }).and(page.locator('[aria-sort="ascending"]')).waitFor();
  assert.equal(await firstValue(), "4", "ascending: the lowest value (2 × 2) first");
  await visit("41-risk-register");
  // The downloads are the server's export of the same register.
  const csvLink = page.getByRole("link", { name: /Riskregister \(CSV\)/ });
  const csv = await fetch(server.base + (await csvLink.getAttribute("href")));
  assert.equal(csv.status, 200);
  assert.match(await csv.text(), /risk-exempel-07;Väntetiderna överskrider vårdgarantin;/);
  assert.match(await page.getByRole("link", { name: /Riskregister \(Excel \(XLSX\)\)/ }).getAttribute("href"), /format=xlsx/);
});

test("workshop: a planner sets probability and consequence and the matrix follows at once", async () => {
  server.cli(["user", "add", "rut", "--name", "Rut Riskplanerare", "--org", "region-norrbotten", "--password-stdin"], password + "\n");
  server.cli(["user", "role", "rut", "grant", "board_planner", "--org", "region-norrbotten"]);
  await signIn("rut", "Rut Riskplanerare");
  await page.goto(`${server.base}/plans/${plan2020.id}/risks/workshop`);
  await page.getByRole("heading", { level: 1, name: "Riskworkshop" }).waitFor();
  await page.getByText("Risk 1 av 7").waitFor();
  assert.equal(await cell("before", 3, 4).getAttribute("data-count"), "1");
  await page.getByRole("group", { name: "Sannolikhet", exact: true }).getByRole("radio", { name: "1 Osannolik" }).check();
  // The matrix moves before the server answers, then the save is confirmed.
  assert.equal(await cell("before", 3, 4).getAttribute("data-count"), "0");
  assert.equal(await cell("before", 1, 4).getAttribute("data-count"), "1");
  await page.getByText("Sparat: Kostnaderna växer snabbare än intäkterna har värdet 4.").waitFor();
  const saved = (await server.api("GET", `${org}/risks?key=risk-exempel-01`)).json.items[0];
  assert.equal(saved.probability, 1);
  await visit("42-risk-workshop");
  await page.getByRole("button", { name: /Nästa risk/ }).click();
  await page.getByText("Risk 2 av 7").waitFor();
});

test("internal control: the person named reports a deviation with its action; the board's report shows it", async () => {
  server.cli(["user", "add", "kim", "--name", "Kim Kontrollant", "--org", "region-norrbotten", "--password-stdin"], password + "\n");
  server.cli(["user", "role", "kim", "grant", "reader", "--org", "region-norrbotten"]);
  const point = (await server.api("GET", `${org}/control-points?key=kontrollpunkt-exempel-01`)).json.items[0];
  const named = await server.api("PATCH", `${org}/control-points/${point.id}`, { performer_user: "kim", row_version: point.row_version });
  assert.equal(named.status, 200, JSON.stringify(named.json));
  await signIn("kim", "Kim Kontrollant");
  await page.goto(`${server.base}/plans/${plan2020.id}/risks/internal-control`);
  await page.getByRole("heading", { level: 1, name: "Internkontrollplan" }).waitFor();
  await page.getByRole("heading", { name: /Exempel på internkontrollplan 2020/ }).waitFor();
  // Only the named point offers Kim a report button: Kim holds no role over the others' units.
  assert.equal(await page.getByRole("button", { name: /^Rapportera:/ }).count(), 1);
  await page.getByRole("button", { name: /^Rapportera: Avtalstrohet/ }).click();
  const form = page.getByRole("form", { name: /Rapportera kontrollresultat/ });
  // Nothing chosen: refused in the browser, naming what is missing, nothing sent.
  await form.getByRole("button", { name: "Spara resultatet" }).click();
  await form.getByRole("alert").getByText("Välj rapporteringstillfälle.").waitFor();
  await checkAccessibility("43-control-result-errors");
  await form.getByLabel(/^Rapporteringstillfälle/).selectOption("da08");
  await form.getByRole("radio", { name: "Genomförd", exact: true }).check();
  await form.getByRole("radio", { name: "Avvikelse", exact: true }).check();
  await form.getByLabel(/^Kommentar/).fill("Två av tjugo inköp gjordes utanför avtal.");
  await form.getByRole("button", { name: "Spara resultatet" }).click();
  await form.getByRole("alert").getByText("Beskriv åtgärden vid avvikelsen.").waitFor();
  await form.getByLabel(/^Åtgärd vid avvikelse/).fill("Påminnelse till beställarna om avtalen.");
  await form.getByLabel(/^Ansvarig/).fill("Inköpschef");
  await form.getByLabel(/^Klart senast/).fill("2020-10-31");
  await visit("44-control-result-form");
  await form.getByRole("button", { name: "Spara resultatet" }).click();
  await page.getByText(/Sparat: Avtalstrohet.*DÅ08 2020: genomförd, avvikelse\./).waitFor();
  await page.getByText("DÅ08: Genomförd, avvikelse").waitFor();
  const results = (await server.api("GET", `${org}/control-results?control_point_id=${point.id}`)).json.items;
  assert.equal(results.length, 1);
  assert.equal(results[0].reported_by, "kim");
  const audit = (await server.api("GET", `${org}/audit?entity=control_result`)).json.items;
  assert.equal(audit[0].actor, "kim");

  await page.getByRole("link", { name: "Internkontrollrapport" }).click();
  await page.getByRole("heading", { level: 1, name: "Internkontrollrapport 2020" }).waitFor();
  const report = page.getByRole("region", { name: "Internkontrollrapport 2020" });
  await report.getByText("Påminnelse till beställarna om avtalen. — Inköpschef, klart senast 2020-10-31:").waitFor();
  await report.getByText("Öppen").waitFor();
  await visit("45-internal-control-report");
});

test("no console errors, page errors or Content-Security-Policy violations", () => {
  assert.deepEqual(problems, []);
});
