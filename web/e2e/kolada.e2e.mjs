// Kolada's public KPI data in a real browser (docs/kolada.md), in the style of
// app.e2e.mjs: Debian's Chromium against the real server on a temp SQLite file with the
// Norrbotten plans and the stored v3 test pages of tests/kolada/pages imported by the
// CLI; a measure linked to a KPI through the search and link form, then its comparison
// page: charts for women and men, values with "Källa: Kolada", rank among the regions,
// the target "I nivå med riket" judged against the nation. axe-core on every page;
// screenshots to build/screenshots/.
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";
import { expectNoAxeViolations } from "./axe.mjs";
import { signIn } from "./signin.mjs";
import { adminPassword, repoDir, startServer } from "./server.mjs";

const chromiumPath = process.env.STYRKORT_CHROMIUM ?? "/usr/bin/chromium";
const shots = process.env.STYRKORT_SCREENSHOT_DIR ?? path.join(repoDir, "build", "screenshots");
const org = "/api/v1/organisations/region-norrbotten";
const pages = path.join(repoDir, "tests", "kolada", "pages");

let server, browser, page, plan2020, measure;
const problems = [];

before(async () => {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}: apt-get install chromium`);
  mkdirSync(shots, { recursive: true });
  server = await startServer();
  server.cli(["import", "kolada", path.join(pages, "v3_kpi_N00945,N60007,U07414.json"),
    path.join(pages, "v3_municipality_0000,0021,0022,0023,0024,0025,2580.json"), path.join(pages, "municipality_groups.json"),
    path.join(pages, "v3_data_kpi_N00945,N60007,U07414_municipality_0000,0021,0022,0023,0024,0025,2580_year_2021,2022,2023.json"),
    "--org", "region-norrbotten"]);
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--no-sandbox"] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "sv-SE" });
  page = await context.newPage();
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    if (/status of 401/.test(m.text()) && /\/api\/v1\/auth\/(me|login)$/.test(m.location().url)) return;
    // An unlinked measure's comparison is 404: the page says so.
    if (/status of 404/.test(m.text()) && /kolada-comparison$/.test(m.location().url)) return;
    problems.push(`console: ${m.text()}`);
  });
  plan2020 = (await server.api("GET", `${org}/plans`)).json.items.find((p) => p.key === "rs-plan-2020-2022");
  // sm-57 has the target "I nivå med riket" for 2022 (the KPI is test data, not its real source).
  measure = (await server.api("GET", `${org}/measures?plan_id=${plan2020.id}&key=sm-57`)).json.items[0];
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function visit(name) {
  await page.waitForLoadState("networkidle");
  await page.locator("h1").first().waitFor();
  await expectNoAxeViolations(page, name);
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

test("a measure is linked to a Kolada KPI and compared with the nation and the regions", async () => {
  await signIn(page, server.base, "admin", adminPassword, "Administratör");

  await page.goto(`${server.base}/plans/${plan2020.id}/measures/${measure.id}`);
  await page.getByRole("link", { name: "Jämför med riket och andra regioner" }).click();
  await page.getByText("Måttet är inte kopplat till något nyckeltal i Kolada.").waitFor();
  await visit("kolada-unlinked");

  // The KPI search over the imported catalogue, and the link with a comparison group.
  await page.getByLabel("Sök nyckeltal (id eller namn)").fill("förtroende");
  await page.getByLabel("Jämförelsegrupp (id, valfri)").fill("G0001");
  await page.getByRole("button", { name: "Koppla N00945" }).click();
  await page.getByText("Måttet är kopplat till N00945.").waitFor();
  await page.getByRole("heading", { name: "Kvinnor: Region Norrbotten, riket och övriga regioner" }).waitFor();
  await page.getByRole("heading", { name: "Män: Region Norrbotten, riket och övriga regioner" }).waitFor();
  assert.equal(await page.locator("canvas[role=img]").count(), 2);

  // Raw values with their source; the missing value of women 2022 said as such.
  const raw = page.getByRole("table", { name: "Värden per år och kön: egen organisation och riket" });
  await raw.getByRole("row", { name: /2022 Kvinnor inget värde \(Saknas\) 29,5/ }).waitFor();
  await raw.getByRole("row", { name: /2023 Män 31,7 32/ }).waitFor();
  assert.ok(await page.getByText("Källa: Kolada").count() >= 1);
  // Computed figures: lower is better for sm-57 (direction decrease); women 2023: 30,9
  // among 29,8, 33,2, 27, 32 and 30,9 → 3 of 5.
  const figures = page.getByRole("table", { name: "Beräknade jämförelser per år och kön" });
  await figures.getByRole("row", { name: /2023 Kvinnor \+0,9 3 av 5 50/ }).waitFor();
  await page.getByText("Beräknat av Styrkort ur offentliga nyckeltal.").waitFor();
  assert.equal(await page.locator("section[aria-labelledby=kolada-figures]").getByText("Källa: Kolada").count(), 0,
    "computed figures must not name Kolada as their source");
  // "I nivå med riket" (2022) against the nation's value of the same year.
  await page.getByText("2022, Män: uppfyllt (29,4 mot rikets 31,5)").waitFor();
  await page.getByText("2022, Kvinnor: uppgift saknas").waitFor();
  await visit("kolada-comparison");

  // Unlinked again with the version read.
  await page.getByRole("button", { name: "Ta bort kopplingen" }).click();
  await page.getByText("Kopplingen är borttagen.").waitFor();
  await page.getByText("Måttet är inte kopplat till något nyckeltal i Kolada.").waitFor();
  assert.deepEqual(problems, []);
});
