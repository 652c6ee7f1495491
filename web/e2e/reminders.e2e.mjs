// Reminders in a real browser (docs/reporting-round.md "Påminnelser"): a controller sets
// the reminder rules of a reporting period (bad days refused in the form), sets their
// e-mail address (an invalid one refused), and sees on /notifications what the server's
// scheduler said to them; the unsubscribe page refuses a wrong link. axe-core on every
// page, keyboard use, screenshots to build/screenshots/.
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";
import { expectNoAxeViolations } from "./axe.mjs";
import { signIn } from "./signin.mjs";
import { repoDir, startServer } from "./server.mjs";

const chromiumPath = process.env.STYRKORT_CHROMIUM ?? "/usr/bin/chromium";
const shots = process.env.STYRKORT_SCREENSHOT_DIR ?? path.join(repoDir, "build", "screenshots");
const org = "/api/v1/organisations/region-norrbotten";
const password = "Påminn-mig-i-Piteå-2026!";

let server, browser, page, period;
const problems = [];

// A deadline three days from today (UTC): the 3-day rule the test adds is due at once.
function inDays(n) {
  const d = new Date(Date.now() + n * 86_400_000);
  return d.toISOString().slice(0, 10);
}

before(async () => {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}: apt-get install chromium`);
  mkdirSync(shots, { recursive: true });
  process.env.STYRKORT_REMINDER_INTERVAL = "1";  // the scheduler of this server plans every second
  server = await startServer();
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--no-sandbox"] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "sv-SE" });
  page = await context.newPage();
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    if (/status of 401/.test(m.text()) && /\/api\/v1\/auth\/(me|login)$/.test(m.location().url)) return;
    if (/status of (404|422)/.test(m.text())) return;  // the refusals this test asks for
    problems.push(`console: ${m.text()}`);
  });
  const created = await server.api("POST", `${org}/reporting-periods`, { year: 2026, point: "da04", status: "open", deadline: inDays(3) });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  period = created.json;
  // Kim reports for a unit that owes activity status in 2026 (the 2025–2027 plan).
  const plans = (await server.api("GET", `${org}/plans?limit=100`)).json.items;
  const plan2025 = plans.find((p) => p.first_year <= 2026 && p.last_year >= 2026);
  const activities = (await server.api("GET", `${org}/activities?plan_id=${plan2025.id}&limit=5000`)).json.items;
  const owned = activities.find((a) => a.owner_unit_id !== null && (!a.end_date || a.end_date >= "2026-01-01") &&
    (!a.start_date || a.start_date <= "2026-04-30"));
  const unit = { id: owned.owner_unit_id };
  server.cli(["user", "add", "kim", "--name", "Kim Kontroll", "--org", "region-norrbotten", "--password-stdin"], password + "\n");
  server.cli(["user", "role", "kim", "grant", "controller", "--org", "region-norrbotten"]);
  server.cli(["user", "role", "kim", "grant", "reporter", "--org", "region-norrbotten", "--unit", String(unit.id)]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  delete process.env.STYRKORT_REMINDER_INTERVAL;
});

async function visit(name) {
  await page.waitForLoadState("networkidle");
  await page.locator("h1").first().waitFor();
  await expectNoAxeViolations(page, name);
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

test("a controller sets reminder rules, an address, and reads the notifications", async () => {
  await signIn(page, server.base, "kim", password, "Kim Kontroll");

  await page.getByRole("link", { name: "Aviseringar", exact: true }).click();
  await page.getByRole("heading", { name: "Aviseringar", level: 1 }).waitFor();
  await page.getByText("Du har inga påminnelser.").waitFor();
  await visit("reminders-notifications-empty");

  // An invalid address is refused in the form; a valid one is saved.
  await page.getByLabel("E-postadress").fill("kim@");
  await page.getByRole("button", { name: "Spara inställningar" }).click();
  await page.getByText("Ange en giltig e-postadress").first().waitFor();
  const settings = await server.api("GET", `${org}/reminders/log`);
  assert.equal(settings.status, 200);
  await page.getByLabel("E-postadress").fill("kim.kontroll@norrbotten.example");
  await page.getByLabel("Språk i e-post").selectOption("sv");
  await page.getByRole("button", { name: "Spara inställningar" }).click();
  await page.getByText("Inställningarna är sparade.").waitFor();

  // The rules of the period, by keyboard: negative days refused before sending.
  await page.getByRole("link", { name: /Regler för 2026 DÅ 04/ }).click();
  await page.getByRole("heading", { name: /Påminnelseregler – 2026 DÅ 04/ }).waitFor();
  await page.getByText("Perioden har inga påminnelseregler.").waitFor();
  await visit("reminders-rules-empty");
  await page.getByLabel("När").selectOption("before_deadline");
  await page.getByLabel("Antal dagar").fill("-1");
  await page.getByText("Ange antal dagar: 0 eller fler.").first().waitFor();
  await page.getByRole("button", { name: "Lägg till regel" }).click();
  let rules = (await server.api("GET", `${org}/reminder-rules?period_id=${period.id}`)).json.items;
  assert.equal(rules.length, 0, "nothing stored for negative days");
  await page.getByLabel("Antal dagar").fill("3");
  await page.getByLabel("Antal dagar").press("Enter");
  // Waited for by the new rule's own button (the page's lead also speaks of returns).
  await page.getByRole("button", { name: "Ta bort regeln 3 dagar före sista dag" }).waitFor();
  await page.getByLabel("När").selectOption("on_return");
  await page.getByRole("button", { name: "Lägg till regel" }).focus();
  await page.keyboard.press("Enter");
  await page.getByRole("button", { name: "Ta bort regeln När en rapport skickas tillbaka" }).waitFor();
  rules = (await server.api("GET", `${org}/reminder-rules?period_id=${period.id}`)).json.items;
  assert.deepEqual(rules.map((r) => [r.kind, r.days]).sort(), [["before_deadline", 3], ["on_return", null]]);
  await visit("reminders-rules");

  // The scheduler (every second here) plans the 3-day reminder to kim, who misses the
  // unit's report; without an SMTP server it is shown in the app only.
  let items = [];
  for (let i = 0; i < 60 && items.length === 0; ++i) {
    await new Promise((r) => setTimeout(r, 500));
    const log = await server.api("GET", `${org}/reminders/log`);
    items = log.json.items.filter((m) => m.rule_id !== null);
  }
  assert.ok(items.length >= 1, "the scheduler planned the reminder");
  await page.getByRole("link", { name: "Till aviseringarna" }).click();
  await page.getByRole("heading", { name: "Dina påminnelser" }).waitFor();
  await page.getByText(/Påminnelse: uppföljning för .* 2026 DÅ 04 senast/).first().waitFor();
  await visit("reminders-notifications");

  // Unsubscribing with a wrong link is refused with the server's message.
  await page.goto(server.base + "/unsubscribe?token=fel-nyckel");
  await page.getByRole("heading", { name: "Avsluta påminnelser", level: 1 }).waitFor();
  await page.getByRole("button", { name: "Avsluta påminnelser" }).click();
  await page.getByText("länken gäller inte").waitFor();
  await visit("reminders-unsubscribe");
  assert.deepEqual(problems, []);
});
