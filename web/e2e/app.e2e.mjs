// End to end in a real browser: Debian's Chromium (headless) driven by playwright-core
// against the real server on a temp SQLite file with Region Norrbotten's plans. The
// client runs under the server's strict Content-Security-Policy; axe-core checks every
// page for WCAG 2.1 A/AA violations; screenshots of the main pages go to
// build/screenshots/ (or STYRKORT_SCREENSHOT_DIR) for a person to look at.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";
import { expectNoAxeViolations } from "./axe.mjs";
import { signInAs as signInAs_ } from "./signin.mjs";
import { adminPassword, repoDir, startServer } from "./server.mjs";

const chromiumPath = process.env.STYRKORT_CHROMIUM ?? "/usr/bin/chromium";
const shots = process.env.STYRKORT_SCREENSHOT_DIR ?? path.join(repoDir, "build", "screenshots");
const org = "/api/v1/organisations/region-norrbotten";

let server, browser, context, page;
const problems = [];  // console errors other than expected 404s, CSP violations, page errors
const refusalsExpected = [];  // URLs whose 403/409/422 a test provokes on purpose (a refused change)
const dialogs = [];   // messages of confirm() dialogs, which the test accepts

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
    const text = m.text();
    // A capability the server does not offer yet answers 404; the page says so itself.
    if (/Failed to load resource: the server responded with a status of 404/.test(text)) return;
    // Asking who is signed in answers 401 for a visitor who is not; so does a wrong password.
    if (/status of 401/.test(text) && /\/api\/v1\/auth\/(me|login)$/.test(m.location().url)) return;
    // A refusal a test provokes on purpose, which the page explains itself.
    if (/status of (403|409|422)/.test(text) && refusalsExpected.some((re) => re.test(m.location().url))) return;
    problems.push(`console: ${text}`);
  });
  page.on("dialog", (d) => { dialogs.push(d.message()); d.accept(); });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function checkAccessibility(name) {
  await expectNoAxeViolations(page, name);
}

async function shot(name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

async function visit(name, { screenshot = true } = {}) {
  await page.waitForLoadState("networkidle");
  await page.locator("h1").first().waitFor();
  await checkAccessibility(name);
  if (screenshot) await shot(name);
}

test("the server serves the client with a strict CSP and 404s for missing assets", async () => {
  const index = await fetch(server.base + "/plans/2/cascade");
  assert.equal(index.status, 200);
  assert.match(index.headers.get("content-type"), /^text\/html/);
  assert.match(index.headers.get("content-security-policy"), /script-src 'self'/);
  assert.equal((await fetch(server.base + "/assets/no-such-file.js")).status, 404);
  assert.equal((await fetch(server.base + "/%2e%2e/CMakeLists.txt")).status, 404);
});

test("a user opens the 2025 plan, walks the cascade to Psykiatri's Stegvis vård and back up to its goal", async () => {
  await page.goto(server.base + "/");
  await visit("01-plans");
  await page.getByRole("link", { name: "Regionstyrelsens plan 2025–2027" }).click();
  await page.getByRole("heading", { level: 1, name: "Regionstyrelsens plan 2025–2027" }).waitFor();
  await page.getByRole("heading", { name: "Vision", exact: true }).waitFor();
  await page.getByRole("heading", { name: /Strategiska mål/ }).first().waitFor();
  await page.getByRole("link", { name: "Läsanvisning" }).waitFor();
  await visit("02-plan-overview");
  await page.screenshot({ path: path.join(shots, "02-plan-overview-top.png") });
  // Printed, the plan is its text: no navigation, buttons or table of contents.
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator(".site-header").isVisible(), false);
  assert.equal(await page.getByRole("button", { name: "Skriv ut" }).isVisible(), false);
  assert.equal(await page.getByRole("heading", { name: "Läsanvisning" }).isVisible(), true);
  await page.screenshot({ path: path.join(shots, "02-plan-overview-print.png") });
  await page.emulateMedia({ media: "screen" });

  await page.getByRole("navigation", { name: "Planens delar" }).getByRole("link", { name: "Kaskad" }).click();
  await page.getByRole("heading", { level: 1, name: "Kaskaden" }).waitFor();
  const units = (await server.api("GET", `${org}/units?limit=5000`)).json.items;
  const psykiatri = units.find((u) => u.key === "div-psykiatri");
  await page.getByLabel("Enhet (med underliggande)").selectOption(String(psykiatri.id));
  await page.waitForURL(/unit=/);
  // Only Psykiatri's activities are left; another division's are gone.
  await page.getByRole("link", { name: "Införande av Stegvis vård" }).first().waitFor();
  assert.equal(await page.getByText("Hälsofrämjande och förebyggande insatser").count(), 0);
  // Psykiatri's missions within the development areas, and no other division's.
  const missions = page.getByRole("region", { name: "Utvecklingsområden och uppdrag" });
  await missions.locator("details").first().locator("summary").click();
  await missions.getByRole("heading", { name: "Psykiatri", exact: true }).first().waitFor();
  assert.equal(await missions.getByRole("heading", { name: "Nära", exact: true }).count(), 0);
  await visit("03-cascade-psykiatri");

  await page.getByRole("link", { name: "Införande av Stegvis vård" }).first().click();
  await page.getByRole("heading", { level: 1, name: "Införande av Stegvis vård" }).waitFor();
  const up = page.getByRole("region", { name: "Mål som aktiviteten bidrar till" });
  const goalLink = up.getByRole("link").first();
  const goalText = await goalLink.textContent();
  assert.ok(goalText && goalText.length > 10, "the activity names the goal it serves");
  await visit("04-activity");
  await goalLink.click();
  await page.getByRole("heading", { level: 1, name: goalText }).waitFor();
  // ... and from the goal back down to the activity.
  await page.getByRole("link", { name: "Införande av Stegvis vård" }).waitFor();
  await page.getByRole("heading", { name: "Bedömning av måluppfyllelse" }).waitFor();
  await visit("05-goal");
});

test("signing in: a wrong password is refused with a message, the right one signs in and returns to the page", async () => {
  const plans = (await server.api("GET", `${org}/plans`)).json.items;
  const plan2025 = plans.find((p) => p.first_year === 2025);
  await page.goto(`${server.base}/plans/${plan2025.id}/cascade`);
  await page.getByRole("link", { name: "Logga in" }).click();
  await page.getByRole("heading", { level: 1, name: "Logga in" }).waitFor();
  await page.getByRole("button", { name: "Logga in" }).click();
  await page.locator(".field__error", { hasText: "Skriv ditt användarnamn." }).waitFor();
  await visit("00-login-errors");
  await page.getByLabel("Användarnamn").fill("admin");
  await page.getByLabel("Lösenord").fill("inte-rätt-lösenord");
  await page.getByRole("button", { name: "Logga in" }).click();
  await page.getByRole("alert").filter({ hasText: "Fel användarnamn eller lösenord" }).waitFor();
  await page.getByLabel("Lösenord").fill(adminPassword);
  await page.getByRole("button", { name: "Logga in" }).click();
  await page.getByText("Inloggad som Administratör").waitFor();
  assert.match(page.url(), new RegExp(`/plans/${plan2025.id}/cascade$`));
  const cookies = await context.cookies();
  assert.equal(cookies.find((c) => c.name === "styrkort_session")?.httpOnly, true, "the session cookie is HttpOnly");
});

test("creating a unit activity under the division activity: bad input saves nothing, good input is saved and linked both ways", async () => {
  const activities = (await server.api("GET", `${org}/activities?limit=5000`)).json.items;
  const parent = activities.find((a) => a.name === "Införande av Stegvis vård");
  await page.goto(`${server.base}/plans/${parent.plan_id}/activities/${parent.id}`);
  await page.getByRole("heading", { name: "Ny aktivitet under denna" }).waitFor();
  await page.getByRole("button", { name: "Skapa aktivitet" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "Rätta" });
  await alert.waitFor();
  assert.match(await alert.textContent(), /Namn: Fältet måste fyllas i/);
  assert.match(await alert.textContent(), /Välj den enhet som ansvarar/);
  await checkAccessibility("new-activity-errors");
  await shot("06-new-activity-errors");
  assert.equal((await server.api("GET", `${org}/activities?limit=5000`)).json.total, activities.length, "nothing saved");

  await page.getByLabel(/^Namn/).fill("Stegvis vård i vuxenpsykiatrin – öppenvårdens flöde");
  assert.equal(await page.getByLabel(/^Nyckel/).inputValue(), "stegvis-vard-i-vuxenpsykiatrin-oppenvardens-flode");
  const units = (await server.api("GET", `${org}/units?limit=5000`)).json.items;
  const vuxen = units.find((u) => u.key === "psykiatri-vuxenpsykiatri");
  await page.getByLabel(/^Ansvarig enhet/).selectOption(String(vuxen.id));
  await page.getByLabel("Slut").fill("2025-01-01");
  await page.getByLabel("Start").fill("2025-06-01");
  await page.getByRole("button", { name: "Skapa aktivitet" }).click();
  await page.getByText("Slutdatum kan inte vara före startdatum.").first().waitFor();
  assert.equal((await server.api("GET", `${org}/activities?limit=5000`)).json.total, activities.length, "nothing saved");
  await page.getByLabel("Slut").fill("2026-12-31");
  await page.getByRole("button", { name: "Skapa aktivitet" }).click();
  await page.getByRole("status").filter({ hasText: "Aktiviteten är skapad" }).waitFor();
  await shot("07-new-activity-created");

  const after = (await server.api("GET", `${org}/activities?limit=5000`)).json.items;
  const created = after.find((a) => a.parent_id === parent.id);
  assert.ok(created, "the new activity is stored under the division activity");
  assert.equal(created.level, "area");
  assert.equal(created.owner_unit_id, vuxen.id);
  assert.equal(created.end_date, "2026-12-31");
  // Down from the parent, and up from the new activity.
  await page.getByRole("region", { name: "Aktiviteter under denna" })
    .getByRole("link", { name: created.name }).click();
  await page.getByRole("heading", { level: 1, name: created.name }).waitFor();
  await page.getByRole("navigation", { name: "Du är här" }).getByRole("link", { name: "Införande av Stegvis vård" }).waitFor();
  await page.getByRole("region", { name: "Mål som aktiviteten bidrar till" }).getByRole("link").first().waitFor();
  await visit("08-new-activity-page");
});

test("search finds goals, activities and measures", async () => {
  const plans = (await server.api("GET", `${org}/plans`)).json.items;
  const plan2025 = plans.find((p) => p.key === "rs-plan-2025-2027");
  await page.goto(`${server.base}/plans/${plan2025.id}/search`);
  await page.getByRole("heading", { level: 1, name: "Sök i planen" }).waitFor();
  await page.getByRole("searchbox").fill("stegvis");
  await page.keyboard.press("Enter");
  await page.getByRole("status").filter({ hasText: /träff/ }).waitFor();
  await page.getByRole("link", { name: "Införande av Stegvis vård" }).waitFor();
  await visit("09-search");
  const plan2020 = plans.find((p) => p.key === "rs-plan-2020-2022");
  await page.goto(`${server.base}/plans/${plan2020.id}/search?q=utsl%C3%A4pp`);
  await page.getByText("Genomsnittligt utsläpp av personbilsparken").first().waitFor();
});

test("a measure page shows the trend chart with target and baseline and the table of values", async () => {
  const targets = (await server.api("GET", `${org}/targets?limit=5000`)).json.items;
  const counts = new Map();
  for (const t of targets) if (t.value !== null && t.year !== null) counts.set(t.measure_id, (counts.get(t.measure_id) ?? 0) + 1);
  const [measureId] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  const measure = (await server.api("GET", `${org}/measures/${measureId}`)).json;
  await page.goto(`${server.base}/plans/${measure.plan_id}/measures/${measureId}`);
  await page.getByRole("heading", { level: 1, name: measure.name }).waitFor();
  await page.getByRole("img", { name: /Diagram:/ }).waitFor();
  const table = page.getByRole("table");
  await table.waitFor();
  assert.ok((await table.getByRole("row").count()) > 2, "the table lists the values");
  await page.getByRole("columnheader", { name: "Målvärde" }).waitFor();
  await visit("10-measure");
  // Bad input is refused in the form, and nothing is stored.
  const before = (await server.api("GET", `${org}/outcomes?measure_id=${measureId}`)).json.total;
  await page.getByLabel(/^År/).selectOption("2020");
  await page.getByLabel(/^Kvinnor/).fill("åttio");
  await page.getByRole("button", { name: "Spara utfall" }).click();
  await page.getByText("Ange ett tal, till exempel 81,5.").first().waitFor();
  assert.equal((await server.api("GET", `${org}/outcomes?measure_id=${measureId}`)).json.total, before, "nothing saved");
  await checkAccessibility("outcome-errors");
  // K and M side by side: the table and the gap between them.
  await page.getByLabel(/^Kvinnor/).fill("81,5");
  await page.getByLabel(/^Män/).fill("70");
  await page.getByRole("button", { name: "Spara utfall" }).click();
  await page.getByText(/Sparat: utfallet för .* 2020 är registrerat\./).waitFor();
  const stored = (await server.api("GET", `${org}/outcomes?measure_id=${measureId}`)).json.items;
  assert.deepEqual(stored.map((o) => `${o.sex}=${o.value}`).sort(), ["K=81.5", "M=70"]);
  const row = page.getByRole("row").filter({ hasText: "81,5" });
  await row.waitFor();
  assert.match(await row.textContent(), /70\s%/);
  assert.match(await row.textContent(), /11,5\s%/);
  await shot("10-measure-with-outcomes");

  // The scorecard for the same unit and point flags the gap between women and men
  // (11.5 percentage points, above the 5-point threshold of per cent measures).
  const plan = (await server.api("GET", `${org}/plans/${measure.plan_id}`)).json;
  await page.goto(`${server.base}/plans/${measure.plan_id}/scorecard?unit=${plan.owner_unit_id}&year=2020&point=da04`);
  const goal = page.locator("details").filter({ hasText: measure.name });
  await goal.locator("summary").click();
  const measureRow = goal.getByRole("row").filter({ hasText: measure.name });
  await measureRow.getByText("Skillnad mellan könen").waitFor();
  assert.match(await measureRow.textContent(), /81,5\s%/);
  await checkAccessibility("scorecard-gender-gap");
  await shot("13-scorecard-gender-gap");
});

test("activity follow-up: report DÅ 04 status and comment, with validation and a save confirmation", async () => {
  const activities = (await server.api("GET", `${org}/activities?limit=5000`)).json.items;
  const a = activities.find((x) => x.name === "Införande av Stegvis vård");
  await page.goto(`${server.base}/plans/${a.plan_id}/activities/${a.id}/follow-up`);
  await page.getByRole("heading", { level: 1, name: "Införande av Stegvis vård" }).waitFor();
  await page.getByLabel(/^År/).selectOption("2025");
  await page.getByLabel(/^Rapporteringstillfälle/).selectOption("da04");
  await page.getByRole("radio", { name: /Försenad/ }).check();
  await page.getByRole("button", { name: "Spara uppföljning" }).click();
  await page.getByText("Förklara i en kommentar varför aktiviteten är försenad eller avbruten.").first().waitFor();
  assert.equal((await server.api("GET", `${org}/activity-reports?activity_id=${a.id}`)).json.total, 0, "nothing saved");
  await checkAccessibility("follow-up-errors");
  await page.getByRole("radio", { name: /Pågår/ }).check();
  await page.getByLabel(/^Kommentar/).fill("Stegvis vård är infört på två av fyra mottagningar; övriga följer under hösten.");
  await page.getByRole("button", { name: "Spara uppföljning" }).click();
  await page.getByText("Sparat: uppföljningen för DÅ 04 2025 är registrerad.").waitFor();
  const saved = (await server.api("GET", `${org}/activity-reports?activity_id=${a.id}`)).json.items;
  assert.equal(saved.length, 1);
  assert.equal(saved[0].status, "in_progress");
  assert.equal(saved[0].point, "da04");
  await visit("11-follow-up");
  // Unsaved changes: leaving asks first. Keyboard only: type, then leave via the nav.
  await page.getByLabel(/^Kommentar/).focus();
  await page.keyboard.type(" Tillägg.");
  await page.getByText("Du har ändringar som inte är sparade.").waitFor();
  dialogs.length = 0;
  await page.getByRole("navigation", { name: "Planens delar" }).getByRole("link", { name: "Kaskad" }).click();
  await page.getByRole("heading", { level: 1, name: "Kaskaden" }).waitFor();
  assert.deepEqual(dialogs, ["Du har ändringar som inte är sparade. Vill du lämna sidan och förlora dem?"]);
  assert.equal((await server.api("GET", `${org}/activity-reports?activity_id=${a.id}`)).json.items[0].comment.endsWith("hösten."), true);
  await page.goBack();
  await page.getByRole("heading", { level: 1, name: "Införande av Stegvis vård" }).waitFor();
  // Back on the activity, its latest report shows.
  await page.getByRole("navigation", { name: "Du är här" }).getByRole("link", { name: "Införande av Stegvis vård" }).click();
  await page.getByText("Senast rapporterat").waitFor();
  assert.match(await page.locator("dl.facts").textContent(), /Pågår\s*DÅ 04 2025/);
});

test("scorecard page for a unit and reporting point", async () => {
  const plans = (await server.api("GET", `${org}/plans`)).json.items;
  const plan2025 = plans.find((p) => p.key === "rs-plan-2025-2027");
  await page.goto(`${server.base}/plans/${plan2025.id}/scorecard?year=2025&point=da04`);
  await page.getByRole("heading", { level: 1, name: "Styrkort" }).waitFor();
  await page.getByText(/Uppfyllt: \d+/).waitFor();
  // The DÅ 04 report made above shows on Psykiatri's scorecard: drill down to it.
  const units = (await server.api("GET", `${org}/units?limit=5000`)).json.items;
  await page.getByLabel("Enhet (med underliggande)").selectOption(String(units.find((u) => u.key === "div-psykiatri").id));
  const goal = page.locator("details").filter({ hasText: "Införande av Stegvis vård" });
  await goal.locator("summary").click();
  const item = goal.getByRole("listitem").filter({ hasText: "Införande av Stegvis vård" });
  await item.getByText("Pågår").waitFor();
  await visit("12-scorecard");
});

test("economy: frames with computed UB, detail tables and the check's findings; downloads of XLSX and CSV", async () => {
  const plans = (await server.api("GET", `${org}/plans`)).json.items;
  const plan2025 = plans.find((p) => p.key === "rs-plan-2025-2027");
  await page.goto(`${server.base}/plans/${plan2025.id}`);
  await page.getByRole("navigation", { name: "Planens delar" }).getByRole("link", { name: "Ekonomi" }).click();
  await page.getByRole("heading", { level: 1, name: "Ekonomi" }).waitFor();
  await page.getByRole("heading", { name: "Ekonomisk ram 2025, mnkr" }).waitFor();
  // Nära: IB −329,4 + index −67,3 + utökning 61,7 + omfördelning 25,2 = UB −309,8; the plan prints −309,9.
  const nara = page.getByRole("table", { name: "Ekonomisk ram 2025, mnkr" }).getByRole("row", { name: /^Nära/ });
  const text = (await nara.textContent()).replace(/\s/g, " ");
  assert.match(text, /−329,4/);
  assert.match(text, /−309,8/);
  assert.match(text, /skiljer sig från planens UB: −309,9/);
  // The detail table that "summerar totalt sett till noll" does not, and the check says so.
  await page.getByRole("heading", { name: /^Omfördelning inom ram 2025/ }).waitFor();
  await page.getByText(/Omfördelning inom ram 2025.*423,0 tkr/).first().waitFor();
  const zero = page.locator(".findings li", { hasText: "summerar totalt sett till noll): summan anges till 423,0 tkr" });
  assert.match(await zero.textContent(), /^✕Fel Omfördelning inom ram 2025/);
  // Stated totals beside their computed sums.
  await page.locator("summary").filter({ hasText: "Summor som planen anger" }).first().click();
  await page.getByRole("cell", { name: "Stämmer", exact: true }).first().waitFor();
  await visit("15-economy");
  // Downloads: the XLSX and the CSV of the same tables.
  for (const [name, ext] of [["Ladda ner som Excel (XLSX)", "xlsx"], ["Ladda ner som CSV", "csv"]]) {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name }).click()]);
    assert.equal(download.suggestedFilename(), `rs-plan-2025-2027-ekonomi.${ext}`);
    const bytes = readFileSync(await download.path());
    if (ext === "xlsx") assert.equal(bytes.subarray(0, 2).toString(), "PK");
    else assert.match(bytes.toString("utf8"), /Ekonomisk ram 2025/);
  }
  // The 2020 plan: results against the result target.
  const plan2020 = plans.find((p) => p.key === "rs-plan-2020-2022");
  await page.goto(`${server.base}/plans/${plan2020.id}/economy`);
  await page.getByRole("heading", { name: "Resultat och resultatmål" }).waitFor();
  const target = page.getByRole("row", { name: /^Mål en procent/ });
  assert.match((await target.textContent()).replace(/\s/g, " "), /Resultatmål\s*86\s*87\s*90/);
  await page.getByText(/resultatet 2021 \(-112 mnkr\) är under resultatmålet/).waitFor();
  await visit("16-economy-2020");
});

test("economy: Bilaga 5's 211 requests sorted and filtered with the keyboard; Bilaga 6 with subtotals per district", async () => {
  const plans = (await server.api("GET", `${org}/plans`)).json.items;
  const plan2025 = plans.find((p) => p.key === "rs-plan-2025-2027");
  await page.goto(`${server.base}/plans/${plan2025.id}/economy`);
  await page.getByRole("navigation", { name: "Ekonomins delar" }).getByRole("link", { name: "Investeringsäskanden" }).click();
  await page.getByRole("heading", { level: 1, name: "Investeringsäskanden" }).waitFor();
  const status = page.getByRole("status").filter({ hasText: "äskanden visas" });
  await status.waitFor();
  assert.match(await status.textContent(), /^211 av 211 äskanden visas\./);
  const requests = (await server.api("GET", `${org}/investment-requests?plan_id=${plan2025.id}&limit=5000`)).json.items;
  const funktion = requests.filter((r) => r.division === "Division Funktion");
  const kr = funktion.reduce((s, r) => s + r.amount, 0);
  // Keyboard only: the division filter, then sorting by amount.
  await page.getByLabel("Division").focus();
  await page.getByLabel("Division").selectOption("Division Funktion");
  const expected = `${funktion.length} av 211 äskanden visas. Summa av de visade: ${new Intl.NumberFormat("sv-SE").format(kr / 1000)} tkr.`;
  await page.getByRole("status").filter({ hasText: expected }).waitFor();
  assert.match(page.url(), /division=Division\+Funktion|division=Division%20Funktion/);
  const sortButton = page.getByRole("button", { name: /^Belopp \(tkr\)/ });
  await sortButton.focus();
  await page.keyboard.press("Enter");
  const header = page.getByRole("columnheader", { name: /^Belopp/ });
  await page.waitForFunction(() => [...document.querySelectorAll("th[aria-sort]")].some((th) => th.getAttribute("aria-sort") !== "none"));
  const sort = await header.getAttribute("aria-sort");
  const amounts = await page.getByRole("region", { name: "Investeringsäskanden" }).locator("tbody td.num").allTextContents();
  const values = amounts.map((a) => Number(a.replace(/\s/g, "").replace("−", "-").replace(",", ".")));
  const sortedValues = [...values].sort((a, b) => (sort === "ascending" ? a - b : b - a));
  assert.deepEqual(values, sortedValues, `amounts sorted ${sort}`);
  assert.equal(values.length, funktion.length);
  assert.ok(values[0] !== values[values.length - 1], "the amounts differ, so the order means something");
  await visit("17-investment-requests");
  await page.getByLabel("Division").selectOption("");
  await page.getByLabel("Ramtyp").selectOption("art");
  await page.getByRole("status").filter({ hasText: `${requests.filter((r) => r.frame_type === "art").length} av 211` }).waitFor();

  await page.getByRole("navigation", { name: "Ekonomins delar" }).getByRole("link", { name: "Fastighetsinvesteringar" }).click();
  await page.getByRole("heading", { level: 1, name: "Fastighetsinvesteringar" }).waitFor();
  const sunderby = page.locator("tbody", { has: page.locator("th", { hasText: "Sunderby Fastighetsdistrikt" }) });
  const sub = sunderby.getByRole("row", { name: /^Delsumma reinvestering/ });
  // Sunderby's re-investments add up to 111,2 mnkr; the plan states 112,2.
  assert.match((await sub.textContent()).replace(/\s/g, " "), /111,2.*planen anger 112,2/);
  await page.getByRole("row", { name: /^Totalsumma/ }).waitFor();
  await visit("18-property-investments");
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.goto(`${server.base}/plans/${plan2025.id}/economy`);
  await page.getByRole("heading", { name: "Ekonomisk ram 2025, mnkr" }).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the economy page is ${overflow}px wider than a tablet`);
  await visit("19-economy-tablet");
  await page.setViewportSize({ width: 1280, height: 900 });
});

test("import page: choosing no file or a wrong type is refused before anything is sent", async () => {
  const plans = (await server.api("GET", `${org}/plans`)).json.items;
  const plan2020 = plans.find((p) => p.key === "rs-plan-2020-2022");
  await page.goto(`${server.base}/plans/${plan2020.id}`);
  await page.locator(".account").getByText(/Inloggad som|Logga in/).first().waitFor();
  if (await page.getByRole("link", { name: "Logga in" }).count()) {
    // Importing needs an account: signed in through the page, as a user would.
    await page.getByRole("link", { name: "Logga in" }).click();
    await page.getByLabel("Användarnamn").fill("admin");
    await page.getByLabel("Lösenord").fill(adminPassword);
    await page.getByRole("button", { name: "Logga in" }).click();
    await page.getByText("Inloggad som Administratör").waitFor();
  }
  await page.getByRole("navigation", { name: "Planens delar" }).getByRole("link", { name: "Importera" }).click();
  await page.getByRole("heading", { level: 1, name: "Importera utfall" }).waitFor();
  await visit("20-import");
  const sent = [];
  const listener = (r) => { if (r.url().includes("/import-jobs")) sent.push(r.url()); };
  page.on("request", listener);
  await page.getByRole("button", { name: "Ladda upp och importera" }).click();
  await page.getByText("Välj en fil att importera.").waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), "import-file");
  await page.getByLabel("Fil med utfall").setInputFiles({ name: "utfall.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF") });
  await page.getByRole("button", { name: "Ladda upp och importera" }).click();
  await page.getByText("Filen måste vara en CSV- eller XLSX-fil.").waitFor();
  await checkAccessibility("import-errors");
  page.off("request", listener);
  assert.deepEqual(sent, [], "nothing was uploaded");
});

test("import page: a CSV of outcomes imported as a job with a progress bar; a bad file saves nothing and names row and column", async () => {
  const plans = (await server.api("GET", `${org}/plans`)).json.items;
  const plan2020 = plans.find((p) => p.key === "rs-plan-2020-2022");
  // A measure reported by sex (K, M and total rows are refused for one that is not).
  const measure = (await server.api("GET", `${org}/measures?plan_id=${plan2020.id}&key=sm-21`)).json.items[0];
  const count = async () => (await server.api("GET", `${org}/outcomes?measure_id=${measure.id}&year=2022`)).json.total;
  assert.equal(await count(), 0);
  await page.goto(`${server.base}/plans/${plan2020.id}/import`);
  await page.getByRole("heading", { level: 1, name: "Importera utfall" }).waitFor();
  const header = "plan;mått;enhet;år;tillfälle;kön;värde\n";
  const rows = ["div-narsjukvard;2022;ÅR;K;300", "div-narsjukvard;2022;ÅR;M;260", "div-narsjukvard;2022;ÅR;total;280",
    "div-lanssjukvard;2022;ÅR;K;270", "div-lanssjukvard;2022;ÅR;M;250", "div-lanssjukvard;2022;ÅR;total;260,5"];
  const csv = header + rows.map((r) => `rs-plan-2020-2022;sm-21;${r}`).join("\n") + "\n";
  // A bad value on the file's third line: the job fails, names row and column, and saves nothing.
  const bad = header + "rs-plan-2020-2022;sm-21;div-narsjukvard;2022;ÅR;K;300\nrs-plan-2020-2022;sm-21;div-narsjukvard;2022;ÅR;M;tolv\n";
  await page.getByLabel("Fil med utfall").setInputFiles({ name: "utfall-fel.csv", mimeType: "text/csv", buffer: Buffer.from(bad, "utf8") });
  await page.getByRole("button", { name: "Ladda upp och importera" }).click();
  await page.getByText("Importen misslyckades.").waitFor();
  const errors = page.getByRole("table", { name: /fel i filen/ });
  const errorRow = errors.getByRole("row").filter({ hasText: "tolv" });
  assert.match(await errorRow.textContent(), /^3\s*(värde|value)/);
  assert.equal(await count(), 0, "nothing saved");
  await checkAccessibility("import-failed");
  await shot("21-import-failed");

  await page.getByLabel("Fil med utfall").setInputFiles({ name: "utfall.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
  await page.getByRole("button", { name: "Ladda upp och importera" }).click();
  await page.getByText("Klart: 6 utfall importerades.").waitFor();
  const bar = page.getByRole("progressbar", { name: "Förlopp" });
  assert.equal(await bar.getAttribute("aria-valuenow"), "100");
  assert.match(await bar.getAttribute("aria-valuetext"), /^Klar: 6 av 6 rader \(100 %\)$/);
  assert.equal(await count(), 6);
  await checkAccessibility("import-done");
  await shot("22-import-done");
});

function signInAs(username, pass, displayName) {
  return signInAs_(page, server.base, username, pass, displayName);
}

const password = "Stegvis-Vård-i-Luleå-2025!";
// A workflow state's badge: symbol and text, found by its text.
const badge = (scope, text) => scope.locator(".badge").filter({ hasText: new RegExp(`^\\W*${text}$`) }).first();
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

test("follow-up report: a reporter submits, the division's planner returns it with a comment, the reporter corrects it and it is approved", async () => {
  // Accounts as an operator creates them: a reporter for Vuxenpsykiatri and a planner for Psykiatri, the level above.
  server.cli(["user", "add", "rita", "--name", "Rita Rapportör", "--org", "region-norrbotten", "--password-stdin"], password + "\n");
  server.cli(["user", "role", "rita", "grant", "reporter", "--org", "region-norrbotten", "--unit", "psykiatri-vuxenpsykiatri"]);
  server.cli(["user", "add", "petra", "--name", "Petra Planerare", "--org", "region-norrbotten", "--password-stdin"], password + "\n");
  server.cli(["user", "role", "petra", "grant", "planner", "--org", "region-norrbotten", "--unit", "div-psykiatri"]);
  const units = (await server.api("GET", `${org}/units?limit=5000`)).json.items;
  const vuxen = units.find((u) => u.key === "psykiatri-vuxenpsykiatri");
  const plans = (await server.api("GET", `${org}/plans`)).json.items;
  const plan2025 = plans.find((p) => p.key === "rs-plan-2025-2027");
  const parent = (await server.api("GET", `${org}/activities?plan_id=${plan2025.id}&limit=5000`)).json.items
    .find((a) => a.name === "Införande av Stegvis vård");
  const created = await server.api("POST", `${org}/activities`, {
    plan_id: plan2025.id, key: "stegvis-vard-vuxen-rapport", name: "Stegvis vård på vuxenpsykiatrins mottagningar",
    level: "area", owner_unit_id: vuxen.id, parent_id: parent.id,
  });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  const activity = created.json;
  const reportsOf = async () => (await server.api("GET", `${org}/followup-reports?unit_id=${vuxen.id}&year=2025&point=da08`)).json.items;

  // The reporter writes the follow-up of DÅ 08 2025, creates the report and submits it.
  await signInAs("rita", password, "Rita Rapportör");
  await page.goto(`${server.base}/plans/${plan2025.id}/activities/${activity.id}/follow-up`);
  await page.getByRole("heading", { level: 1, name: activity.name }).waitFor();
  await page.getByLabel(/^År/).selectOption("2025");
  await page.getByLabel("Rapporteringstillfälle").selectOption("da08");
  const panel = page.getByRole("region", { name: "Rapport för Vuxenpsykiatri · DÅ 08 2025" });
  await panel.getByText("Ingen rapport").first().waitFor();
  await page.getByRole("radio", { name: /Pågår/ }).check();
  await page.getByLabel(/^Kommentar/).fill("Två av fyra mottagningar arbetar enligt stegvis vård.");
  await page.getByRole("button", { name: "Spara uppföljning" }).click();
  await page.getByText("Sparat: uppföljningen för DÅ 08 2025 är registrerad.").waitFor();
  assert.equal(await panel.getByRole("button", { name: /Godkänn|Återsänd/ }).count(), 0, "a reporter is offered no decision");
  await panel.getByRole("button", { name: "Skapa rapport" }).click();
  await panel.getByRole("status").filter({ hasText: "rapporten för Vuxenpsykiatri DÅ 08 2025 är skapad som utkast" }).waitFor();
  await badge(panel, "Utkast").waitFor();
  // Keyboard only: the submit button is reached and pressed without a mouse.
  await panel.getByRole("button", { name: "Skicka in" }).focus();
  await page.keyboard.press("Enter");
  await panel.getByRole("status").filter({ hasText: "är inskickad för godkännande" }).waitFor();
  await badge(panel, "Inskickad").waitFor();
  assert.equal((await reportsOf())[0].state, "submitted");
  // While submitted, the follow-up is locked: the form says so and does not offer to save.
  await page.getByText("Enhetens rapport för perioden är inskickad: uppföljningen kan inte ändras").waitFor();
  assert.equal(await page.getByRole("button", { name: "Spara uppföljning" }).isDisabled(), true);
  await visit("23-follow-up-report-submitted");

  // The planner of Psykiatri finds it among the reports awaiting approval and returns it with a comment.
  await signInAs("petra", password, "Petra Planerare");
  await page.goto(`${server.base}/plans/${plan2025.id}`);
  await page.getByRole("navigation", { name: "Planens delar" }).getByRole("link", { name: "Rapporter" }).click();
  await page.getByRole("heading", { level: 1, name: "Uppföljningsrapporter" }).waitFor();
  const waiting = page.getByRole("region", { name: /Väntar på ditt godkännande/ });
  await waiting.getByRole("link", { name: "Rapport för Vuxenpsykiatri · DÅ 08 2025" }).click();
  const decision = page.getByRole("region", { name: "Rapport för Vuxenpsykiatri · DÅ 08 2025" });
  await decision.getByRole("button", { name: "Godkänn" }).waitFor();
  // The operator takes the planner role away while the page is open: the click is refused with 403,
  // said in Swedish, and nothing changes. The role given back, the page works again.
  const id = (await reportsOf())[0].id;
  server.cli(["user", "role", "petra", "revoke", "planner", "--org", "region-norrbotten", "--unit", "div-psykiatri"]);
  refusalsExpected.push(new RegExp(`/followup-reports/${id}/approve$`));
  await decision.getByRole("button", { name: "Godkänn" }).click();
  const forbidden = decision.getByRole("alert").filter({ hasText: "Inget ändrades." });
  await forbidden.waitFor();
  assert.match(await forbidden.textContent(), /Du har inte behörighet: \S/);
  assert.equal((await reportsOf())[0].state, "submitted", "nothing changed");
  server.cli(["user", "role", "petra", "grant", "planner", "--org", "region-norrbotten", "--unit", "div-psykiatri"]);
  await page.reload();
  await decision.getByRole("button", { name: "Godkänn" }).waitFor();
  // Meanwhile the report is withdrawn (here by the administrator, who holds every role): the page
  // still offers "Godkänn", the server refuses with 409 and its reason, and the page shows the new state.
  assert.equal((await server.api("POST", `${org}/followup-reports/${id}/withdraw`, {})).status, 200);
  await decision.getByRole("button", { name: "Godkänn" }).click();
  const refused = decision.getByRole("alert").filter({ hasText: "Inget ändrades." });
  await refused.waitFor();
  assert.match(await refused.textContent(), /Det går inte just nu: .*Vuxenpsykiatri.*utkast/);
  await badge(decision, "Utkast").waitFor();
  assert.equal(await decision.getByRole("button", { name: "Godkänn" }).count(), 0);
  assert.equal((await reportsOf())[0].state, "draft", "nothing approved");
  await checkAccessibility("report-refused");
  // Submitted again (by the administrator); the planner's page fetches it anew.
  assert.equal((await server.api("POST", `${org}/followup-reports/${id}/submit`, {})).status, 200);
  await page.reload();
  await decision.getByRole("button", { name: "Godkänn" }).waitFor();
  await decision.getByRole("button", { name: "Återsänd …" }).focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.activeElement?.tagName === "TEXTAREA");  // the comment box has focus
  // A return without a comment is refused before anything is sent.
  await decision.getByRole("button", { name: "Återsänd med kommentar" }).click();
  await decision.getByText("Skriv en kommentar om vad som ska rättas.").waitFor();
  assert.equal((await reportsOf())[0].state, "submitted", "nothing changed");
  await checkAccessibility("report-return-errors");
  await page.keyboard.type("Analysen saknar uppdelning på kvinnor och män.");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await decision.getByRole("status").filter({ hasText: "är återsänd med din kommentar" }).waitFor();
  // The form is gone with the state it belonged to; keyboard focus is on the confirmation, not lost.
  await page.waitForFunction(() => document.activeElement?.getAttribute("role") === "status");
  await badge(decision, "Återsänd").waitFor();
  const returned = (await reportsOf())[0];
  assert.equal(returned.state, "returned");
  assert.equal(returned.comment, "Analysen saknar uppdelning på kvinnor och män.");
  await page.getByRole("table").getByRole("row", { name: /Vuxenpsykiatri/ }).getByText("Analysen saknar uppdelning").waitFor();
  await visit("24-reports-returned");

  // The reporter sees the comment, reopens, corrects and submits again; the planner approves.
  await signInAs("rita", password, "Rita Rapportör");
  await page.goto(`${server.base}/plans/${plan2025.id}/reports?unit=${vuxen.id}&year=2025&point=da08`);
  const own = page.getByRole("region", { name: "Rapport för Vuxenpsykiatri · DÅ 08 2025" });
  await own.getByText("Analysen saknar uppdelning på kvinnor och män.").waitFor();
  await badge(own, "Återsänd").waitFor();
  await visit("25-report-returned-reporter");
  await own.getByRole("button", { name: "Öppna för ändring" }).click();
  await badge(own, "Utkast").waitFor();
  await own.getByRole("button", { name: "Skicka in" }).click();
  await badge(own, "Inskickad").waitFor();

  await signInAs("petra", password, "Petra Planerare");
  await page.goto(`${server.base}/plans/${plan2025.id}/reports?unit=${vuxen.id}&year=2025&point=da08`);
  const again = page.getByRole("region", { name: "Rapport för Vuxenpsykiatri · DÅ 08 2025" });
  await again.getByRole("button", { name: "Godkänn" }).click();
  await again.getByRole("status").filter({ hasText: "är godkänd" }).waitFor();
  await badge(again, "Godkänd").waitFor();
  assert.equal(await again.getByRole("button").count(), 0, "an approved report offers no more actions");
  const approved = (await reportsOf())[0];
  assert.equal(approved.state, "approved");
  assert.equal(approved.decided_by, "petra");
  assert.equal(await page.getByRole("region", { name: /Väntar på ditt godkännande/ }).getByRole("link").count(), 0);
});

test("plan versions: a new version of the approved 2020 plan, an edited goal in the comparison, submitted and approved by the level above", async () => {
  server.cli(["user", "add", "greta", "--name", "Greta Granskare", "--org", "region-norrbotten", "--password-stdin"], password + "\n");
  server.cli(["user", "role", "greta", "grant", "planner", "--org", "region-norrbotten", "--unit", "regionfullmaktige"]);
  const plans = (await server.api("GET", `${org}/plans`)).json.items;
  const plan2020 = plans.find((p) => p.key === "rs-plan-2020-2022");
  await signInAs("admin", adminPassword, "Administratör");
  await page.goto(`${server.base}/plans/${plan2020.id}`);
  await page.getByRole("link", { name: "Versioner" }).click();
  await page.getByRole("heading", { level: 1, name: "Versioner" }).waitFor();
  const table = page.getByRole("table", { name: /1 version av planen/ });
  await table.getByRole("row", { name: /Version 1/ }).getByText("Fastställd").waitFor();
  await table.getByRole("button", { name: "Ny version utifrån version 1" }).click();
  await page.getByRole("status").filter({ hasText: "Klart: version 2 är skapad som utkast." }).waitFor();
  const v2 = (await server.api("GET", `${org}/plans?key=rs-plan-2020-2022-v2`)).json.items[0];
  assert.equal(v2.status, "draft");
  assert.equal(await page.getByRole("button", { name: /^Ny version/ }).count(), 0, "one new version at a time");

  // The draft is changed like any draft (here through the API): a goal gets a new wording.
  const goal = (await server.api("GET", `${org}/goals?plan_id=${v2.id}&key=goal-1`)).json.items[0];
  const edited = await server.api("PATCH", `${org}/goals/${goal.id}`, { text: "Jämlik hälsa och god vård för alla i Norrbotten", row_version: goal.row_version });
  assert.equal(edited.status, 200, JSON.stringify(edited.json));

  await page.getByRole("link", { name: "Ändringar i version 2" }).first().click();
  await page.getByRole("heading", { level: 1, name: "Ändringar i version 2" }).waitFor();
  await page.getByText("Tillagda: 0, borttagna: 0, ändrade: 1.").waitFor();
  const goals = page.getByRole("region", { name: "Strategiska mål" });
  await goals.getByRole("heading", { name: "Ändrad (1)" }).waitFor();
  const change = goals.getByRole("table", { name: /Ändrade uppgifter för Jämlik hälsa och god vård för alla i Norrbotten/ });
  const row = change.getByRole("row", { name: /^Text/ });
  assert.match(await row.textContent(), new RegExp(`Före: ${escape(goal.text.slice(0, 20))}.*Efter: Jämlik hälsa och god vård för alla i Norrbotten`));
  await visit("26-plan-compare");

  // Submitted by its author; the author may not approve it, the level above does.
  await page.goto(`${server.base}/plans/${v2.id}/versions`);
  const decision = page.getByRole("region", { name: "Beslut om version 2" });
  await decision.getByRole("button", { name: "Skicka in" }).click();
  await decision.getByRole("status").filter({ hasText: "version 2 är inskickad för godkännande" }).waitFor();
  assert.equal(await decision.getByRole("button", { name: "Godkänn" }).count(), 0, "nobody approves their own submission");
  await visit("27-plan-versions");
  await signInAs("greta", password, "Greta Granskare");
  await page.goto(`${server.base}/plans/${v2.id}/versions`);
  await page.getByRole("region", { name: "Beslut om version 2" }).getByRole("button", { name: "Godkänn" }).click();
  const line = page.getByRole("table", { name: /2 versioner av planen/ });
  await line.getByRole("row", { name: /Version 2/ }).getByText("Fastställd").waitFor();
  await line.getByRole("row", { name: /Version 1/ }).getByText("Arkiverad").waitFor();
  assert.equal((await server.api("GET", `${org}/plans/${plan2020.id}`)).json.status, "archived");
  assert.equal((await server.api("GET", `${org}/plans/${v2.id}`)).json.status, "approved");
  await signInAs("admin", adminPassword, "Administratör");
});

test("keyboard: skip link first, focus moves to the content; English on request", async () => {
  await page.goto(server.base + "/");
  await page.getByRole("heading", { level: 1, name: "Planer" }).waitFor();
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Hoppa till innehållet");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  assert.match(await page.evaluate(() => document.activeElement?.textContent ?? ""), /Regionstyrelsens plan/);
  await page.getByRole("button", { name: "English" }).click();
  await page.getByRole("heading", { level: 1, name: "Plans" }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
  await checkAccessibility("plans-en");
  await page.getByRole("button", { name: "Svenska" }).click();
  await page.getByRole("heading", { level: 1, name: "Planer" }).waitFor();
  await page.goto(server.base + "/no/such/page");
  await visit("13-not-found", { screenshot: false });
  await page.getByRole("heading", { level: 1, name: "Sidan finns inte" }).waitFor();
});

test("tablet width: the cascade is usable without horizontal scrolling", async () => {
  await page.setViewportSize({ width: 768, height: 1024 });
  const plans = (await server.api("GET", `${org}/plans`)).json.items;
  await page.goto(`${server.base}/plans/${plans.find((p) => p.key === "rs-plan-2025-2027").id}/cascade`);
  await page.getByRole("heading", { level: 1, name: "Kaskaden" }).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the viewport`);
  await visit("14-cascade-tablet");
  await page.setViewportSize({ width: 1280, height: 900 });
});

// Economy editing is the controllers' work: a user with the role controller on the
// board's subtree (made with the CLI, as accounts are), in a browser context of their own.
const controllerPassword = "Blåbär-Hjortron-Lingon-77";
let controller = null;  // { page, draft }

async function controllerSession() {
  if (controller) return controller;
  server.cli(["user", "add", "karin", "--name", "Karin Kontroller", "--org", "region-norrbotten", "--password-stdin"], controllerPassword + "\n");
  server.cli(["user", "role", "karin", "grant", "controller", "--org", "region-norrbotten", "--unit", "regionstyrelsen"]);
  // The shipped plans are approved, so frozen: frames change in a new version, a draft
  // (made by the administrator, a planner; one already in the works is used as it is).
  const plans = (await server.api("GET", `${org}/plans`)).json.items;
  const approved = plans.find((p) => p.key === "rs-plan-2025-2027");
  const made = await server.api("POST", `${org}/plans/${approved.id}/versions`, {});
  const draft = made.status === 201 || made.status === 200 ? made.json.plan
    : (await server.api("GET", `${org}/plans/${approved.id}/versions`)).json.items.find((v) => v.status === "draft");
  assert.ok(draft, `a draft version of the 2025 plan (${made.status} ${JSON.stringify(made.json)})`);
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "sv-SE" });
  const p = await ctx.newPage();
  p.on("pageerror", (e) => problems.push(`page error (controller): ${e.message}`));
  p.on("console", (m) => {
    if (m.type() !== "error") return;
    if (/status of 401/.test(m.text()) && /\/api\/v1\/auth\/(me|login)$/.test(m.location().url)) return;
    // The refusal the test provokes (a decision on a plan submitted meanwhile); the form shows it.
    if (/status of 409/.test(m.text()) && /\/investment-requests\/\d+$/.test(m.location().url)) return;
    problems.push(`console (controller): ${m.text()}`);
  });
  p.on("dialog", (d) => { dialogs.push(d.message()); d.accept(); });
  await p.goto(`${server.base}/login`);
  await p.getByLabel("Användarnamn").fill("karin");
  await p.getByLabel("Lösenord").fill(controllerPassword);
  await p.getByRole("button", { name: "Logga in" }).click();
  await p.getByText("Inloggad som Karin Kontroller").waitFor();
  controller = { page: p, draft, approved, ctx };
  return controller;
}

async function axeOn(p, name) {
  await expectNoAxeViolations(p, name);
}

test("economy editing: a controller adds a frame change line on a draft plan and UB follows; a bad amount saves nothing", async () => {
  const { page: p, draft, approved } = await controllerSession();
  const nara = async () => (await server.api("GET", `${org}/cost-frame-lines?plan_id=${draft.id}&key=ram-2025-nara`)).json.items[0];
  const lines = async () => (await server.api("GET", `${org}/frame-change-lines?plan_id=${draft.id}&limit=5000`)).json.items;
  const before = await lines();
  const naraBefore = await nara();
  await p.goto(`${server.base}/plans/${draft.id}/economy`);
  await p.getByRole("heading", { level: 1, name: "Ekonomi" }).waitFor();
  const naraRow = p.getByRole("table", { name: "Ekonomisk ram 2025, mnkr" }).getByRole("row", { name: /^Nära/ });
  assert.match((await naraRow.textContent()).replace(/\s/g, " "), /−309,8/);
  const editor = p.locator("details.editor", { has: p.getByText("Ändra rader i Utökning av ram 2025, tkr") });
  await editor.locator("summary").click();
  await editor.getByLabel(/^Förändring/).fill("Ny vårdplatsavdelning Piteå");
  await editor.getByLabel(/^Rad i ramtabellen/).selectOption({ label: "Ekonomisk ram 2025: Nära" });
  assert.equal(await editor.getByLabel(/^Kolumn/).inputValue(), "Nära");
  // More decimals than whole kronor allow in tkr: refused in the form, nothing sent.
  await editor.getByLabel(/^Belopp \(tkr\)/).fill("2 500,5555");
  await editor.getByRole("button", { name: "Lägg till rad" }).click();
  const message = "Beloppet går inte jämnt upp i hela kronor: ange högst 3 decimaler i tkr. Inget avrundas.";
  await editor.locator(".field__error", { hasText: message }).waitFor();
  await editor.getByRole("alert").filter({ hasText: "Rätta 1 fel" }).waitFor();
  assert.equal((await editor.getByLabel(/^Belopp \(tkr\)/).getAttribute("aria-invalid")), "true");
  await axeOn(p, "frame-change-errors");
  await p.screenshot({ path: path.join(shots, "23-frame-change-error.png"), fullPage: false });
  assert.equal((await lines()).length, before.length, "nothing saved");
  assert.equal((await nara()).increase, naraBefore.increase, "the frame is unchanged");

  // 2 500 tkr more for Nära: the frame table counts costs as negative, so its utökning
  // column goes from 61,7 to 59,2 mnkr and UB from −309,8 to −312,3.
  await editor.getByLabel(/^Belopp \(tkr\)/).fill("2 500");
  await editor.getByRole("button", { name: "Lägg till rad" }).click();
  await editor.getByRole("status").filter({ hasText: "Sparat: raden ”Ny vårdplatsavdelning Piteå” (2 500,0 tkr) är tillagd." }).waitFor();
  await p.waitForFunction(() => /−312,3/.test([...document.querySelectorAll("table tr")].find((r) => r.querySelector("th")?.textContent === "Nära")?.textContent ?? ""));
  assert.match((await naraRow.textContent()).replace(/\s/g, " "), /59,2.*−312,3/);
  const added = (await lines()).find((l) => l.description === "Ny vårdplatsavdelning Piteå");
  assert.equal(added.amount, 2_500_000);
  assert.equal(added.frame_line_id, naraBefore.id);
  assert.equal((await nara()).increase, naraBefore.increase - 2_500_000);
  assert.equal((await nara()).closing, -312_300_000);
  // The detail table and its sums show the new row.
  await p.getByRole("table", { name: "Utökning av ram 2025, tkr", exact: true }).getByRole("row", { name: /^Ny vårdplatsavdelning Piteå/ }).waitFor();
  await axeOn(p, "economy-edited");
  await p.screenshot({ path: path.join(shots, "23-economy-edit.png"), fullPage: true });

  // Deleted again (confirmed), the frame goes back.
  dialogs.length = 0;
  await editor.getByRole("button", { name: "Ta bort raden Ny vårdplatsavdelning Piteå (Nära)" }).click();
  await editor.getByRole("status").filter({ hasText: "är borttagen" }).waitFor();
  assert.match(dialogs[0], /^Ta bort raden ”Ny vårdplatsavdelning Piteå”/);
  assert.equal((await nara()).increase, naraBefore.increase);
  assert.equal((await lines()).length, before.length);

  // The frame line's own columns: löne- och prisindex has no detail table, so it is
  // changed on the line itself, in mnkr like the table; UB shows as it is typed.
  const frameEditor = p.locator("details.editor", { has: p.getByText("Ändra ramen i Ekonomisk ram 2025, mnkr") });
  await frameEditor.locator("summary").click();
  await frameEditor.getByLabel(/^Rad i ramtabellen/).selectOption({ label: "Nära" });
  const index = frameEditor.getByLabel(/^Löne- och prisindex \(mnkr\)/);
  assert.equal(await index.inputValue(), "−67,3");
  await index.fill("−70,0000005");
  await frameEditor.getByRole("button", { name: "Spara raden" }).click();
  await frameEditor.getByText("Beloppet går inte jämnt upp i hela kronor: ange högst 6 decimaler i mnkr. Inget avrundas.").first().waitFor();
  assert.equal((await nara()).wage_price_index, naraBefore.wage_price_index, "nothing saved");
  await index.fill("−70");
  await frameEditor.getByText(/^UB \(beräknad\):\s*−312,5\s*mnkr$/).waitFor();
  await frameEditor.getByRole("button", { name: "Spara raden" }).click();
  await frameEditor.getByRole("status").filter({ hasText: "Sparat: Nära har nu UB −312,5 mnkr." }).waitFor();
  assert.equal((await nara()).wage_price_index, -70_000_000);
  await p.waitForFunction(() => /−312,5/.test([...document.querySelectorAll("table tr")].find((r) => r.querySelector("th")?.textContent === "Nära")?.textContent ?? ""));

  // In the approved plan the frames are frozen: no editing offered, and the page says why.
  await p.goto(`${server.base}/plans/${approved.id}/economy`);
  await p.getByText(/Planen är fastställd och låst: ramar och investeringar ändras i en ny version/).waitFor();
  assert.equal(await p.getByText("Ändra rader i Utökning av ram 2025, tkr").count(), 0);
  // The server refuses a change to it too, with a message naming the plan.
  const frozenLine = (await server.api("GET", `${org}/cost-frame-lines?plan_id=${approved.id}&key=ram-2025-nara`)).json.items[0];
  const refused = await server.api("PATCH", `${org}/cost-frame-lines/${frozenLine.id}`, { increase: 1, row_version: frozenLine.row_version });
  assert.equal(refused.status, 409);
});

test("budget follow-up: a controller reports budget, outcome and forecast on the approved plan and sees the deviation", async () => {
  const { page: p, approved } = await controllerSession();
  await p.goto(`${server.base}/plans/${approved.id}/economy`);
  const form = p.locator("form", { has: p.getByRole("heading", { name: "Rapportera budgetuppföljning" }) });
  await form.waitFor();
  const units = (await server.api("GET", `${org}/units?limit=5000`)).json.items;
  const naraUnit = units.find((u) => u.key === "div-nara");
  await form.getByLabel("Enhet", { exact: true }).selectOption(String(naraUnit.id));
  await form.getByLabel("Tillfälle").selectOption("da04");
  await form.getByLabel(/^Budget \(tkr\)/).fill("10 000");
  await form.getByLabel(/^Utfall \(tkr\)/).fill("4 800,5");
  await form.getByLabel(/^Prognos \(tkr\)/).fill("10 250,25");
  await form.getByText(/Avvikelse prognos: \+250,25\s*tkr \(2,5\s*%\)/).waitFor();
  await form.getByRole("button", { name: "Spara budgetuppföljning" }).click();
  await form.getByRole("status").filter({ hasText: "Sparat: budgetuppföljningen för Nära, DÅ 04 2025 är registrerad." }).waitFor();
  const saved = (await server.api("GET", `${org}/budget-follow-ups?plan_id=${approved.id}`)).json.items;
  assert.equal(saved.length, 1);
  assert.deepEqual([saved[0].budget, saved[0].outcome, saved[0].forecast], [10_000_000, 4_800_500, 10_250_250]);
  const row = p.getByRole("table", { name: "Budgetuppföljning 2025" }).getByRole("row", { name: /^Nära/ });
  const text = (await row.textContent()).replace(/\s/g, " ");
  assert.match(text, /10 000.*4 800,5.*10 250,25.*−5 199,5.*−52,0 %.*250,25.*2,5 %/);
  await axeOn(p, "budget-follow-up");
  await p.screenshot({ path: path.join(shots, "24-budget-follow-up.png"), fullPage: true });
  // Unsaved input: leaving through the app's navigation asks first.
  await form.getByLabel(/^Budget \(tkr\)/).fill("12 000");
  await form.getByText("Du har ändringar som inte är sparade.").waitFor();
  dialogs.length = 0;
  await p.getByRole("navigation", { name: "Planens delar" }).getByRole("link", { name: "Kaskad" }).click();
  await p.getByRole("heading", { level: 1, name: "Kaskaden" }).waitFor();
  assert.deepEqual(dialogs, ["Du har ändringar som inte är sparade. Vill du lämna sidan och förlora dem?"]);
});

test("investment requests: a controller creates a request on the draft plan, sees who decides it and approves it", async () => {
  const { page: p, draft, approved } = await controllerSession();
  const requests = async () => (await server.api("GET", `${org}/investment-requests?plan_id=${draft.id}&limit=5000`)).json.items;
  const count = (await requests()).length;
  await p.goto(`${server.base}/plans/${draft.id}/economy/requests`);
  await p.getByRole("heading", { level: 1, name: "Investeringsäskanden" }).waitFor();
  await p.locator("summary", { hasText: "Nytt investeringsäskande" }).click();
  const form = p.locator("form", { has: p.getByRole("heading", { name: /^Nytt äskande i/ }) });
  assert.equal(await form.getByLabel(/^ID/).inputValue(), "6237");
  await form.getByRole("button", { name: "Spara äskandet" }).click();
  const alert = form.getByRole("alert").filter({ hasText: "Rätta" });
  await alert.waitFor();
  assert.match(await alert.textContent(), /Ramtyp: Välj ramtyp\./);
  assert.match(await alert.textContent(), /Benämning: Fältet måste fyllas i\./);
  assert.equal((await requests()).length, count, "nothing saved");
  await form.getByLabel(/^Division/).fill("Division Nära");
  await form.getByLabel(/^Verksamhetsområde/).fill("VO Primärvård");
  await form.getByLabel(/^Benämning/).fill("Ultraljudsapparat Gällivare hälsocentral");
  await form.getByLabel(/^Ramtyp/).selectOption("mt");
  await form.getByLabel(/^Äskat belopp \(tkr\)/).fill("2 600");
  await form.getByText("Regionstyrelsen (delegationsordningen: över 2 000 tkr per objekt)").waitFor();
  await axeOn(p, "request-form");
  await form.getByRole("button", { name: "Spara äskandet" }).click();
  await form.getByRole("status").filter({ hasText: "Sparat: äskande 6237 ”Ultraljudsapparat Gällivare hälsocentral”, 2 600 tkr, status Äskad. Beslutas av: Regionstyrelsen." }).waitFor();
  const created = (await requests()).find((r) => r.key === "6237");
  assert.equal(created.amount, 2_600_000);
  assert.equal(created.status, "requested");

  // Approving it: found by its name, decided with the keyboard.
  await p.getByLabel("Sök benämning").fill("Ultraljudsapparat Gällivare");
  await p.getByRole("status").filter({ hasText: /^1 av 212 äskanden visas/ }).waitFor();
  const decide = p.getByRole("button", { name: "Besluta om äskande 6237: Ultraljudsapparat Gällivare hälsocentral" });
  await decide.focus();
  await p.keyboard.press("Enter");
  const decision = p.getByRole("group", { name: "Beslut om äskande 6237: Ultraljudsapparat Gällivare hälsocentral" });
  await decision.getByText("Regionstyrelsen (delegationsordningen").waitFor();
  await decision.getByRole("radio", { name: "Beviljad" }).check();
  // Meanwhile the draft is submitted for decision, which freezes it: the server refuses
  // the change (409) and the form says so, naming the plan; nothing is saved.
  assert.equal((await server.api("POST", `${org}/plans/${draft.id}/submit`, {})).status, 200);
  await p.getByRole("button", { name: "Spara beslutet" }).click();
  const refusal = p.getByRole("alert").filter({ hasText: "Inget sparades." });
  await refusal.waitFor();
  assert.match(await refusal.textContent(), /Ändringen är inte tillåten just nu: planen 'rs-plan-2025-2027-v2' är inskickad och låst för ändringar/);
  assert.equal((await requests()).find((r) => r.key === "6237").status, "requested", "nothing saved");
  await axeOn(p, "request-refused");
  await p.screenshot({ path: path.join(shots, "25-investment-request-refused.png"), fullPage: false });
  // Withdrawn to a draft again, the same decision is saved.
  assert.equal((await server.api("POST", `${org}/plans/${draft.id}/withdraw`, {})).status, 200);
  await p.getByRole("button", { name: "Spara beslutet" }).click();
  await p.getByRole("status").filter({ hasText: "Sparat: äskande 6237 ”Ultraljudsapparat Gällivare hälsocentral” har status Beviljad (beslutas av Regionstyrelsen)." }).waitFor();
  assert.equal((await requests()).find((r) => r.key === "6237").status, "approved");
  // The decision closes and the keyboard focus is back on the row's button.
  await p.waitForFunction(() => document.activeElement?.getAttribute("aria-label") === "Besluta om äskande 6237: Ultraljudsapparat Gällivare hälsocentral");
  const row = p.getByRole("row", { name: /Ultraljudsapparat Gällivare/ });
  assert.match(await row.textContent(), /✓Beviljad/);
  await axeOn(p, "request-approved");
  await p.screenshot({ path: path.join(shots, "25-investment-request-approved.png"), fullPage: false });

  // The approved plan's requests are frozen: no decisions offered there.
  await p.goto(`${server.base}/plans/${approved.id}/economy/requests`);
  await p.getByText(/Planen är fastställd och låst: investeringsäskanden ändras i en ny version/).waitFor();
  assert.equal(await p.getByRole("button", { name: /^Besluta om äskande/ }).count(), 0);
  await controller.ctx.close();
});

test("no console errors, page errors or Content-Security-Policy violations", () => {
  assert.deepEqual(problems, []);
});
