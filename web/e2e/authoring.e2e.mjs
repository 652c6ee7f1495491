// Plan authoring end to end in Chromium (issue 18, docs/authoring.md): a planner writes
// a new development area with a measure and its targets, a division activity under it
// and a unit activity under that; a second browser session edits the same measure and
// gets the conflict; a reviewer comments; the planner answers, resolves and submits.
// axe-core on every new page, screenshots to build/screenshots/.
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
const password = "Utkast-i-Bodens-vår-2026!";

let server, browser;
const problems = [];
const sessions = [];

before(async () => {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}: apt-get install chromium`);
  mkdirSync(shots, { recursive: true });
  server = await startServer();
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--no-sandbox"] });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// A signed-in browser of its own (a person at their own computer).
async function signedIn(username, displayName, expected = []) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "sv-SE" });
  const page = await ctx.newPage();
  page.on("pageerror", (e) => problems.push(`page error (${username}): ${e.message}`));
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    if (/status of 401/.test(m.text()) && /\/api\/v1\/auth\/(me|login)$/.test(m.location().url)) return;
    if (expected.some(([status, re]) => m.text().includes(`status of ${status}`) && re.test(m.location().url))) return;
    problems.push(`console (${username}): ${m.text()}`);
  });
  page.on("dialog", (d) => d.accept());
  await signIn(page, server.base, username, password, displayName);
  sessions.push(ctx);
  return page;
}

async function axe(page, name) {
  await page.waitForLoadState("networkidle");
  await expectNoAxeViolations(page, name);
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

const formOf = (page, heading) => page.locator("form", { has: page.getByRole("heading", { name: heading }) });

test("a planner writes a development area, a measure with targets and two levels of activities; a conflict; a review; submitted", async () => {
  for (const [user, name] of [["paula", "Paula Planerare"], ["pelle", "Pelle Planerare"], ["rut", "Rut Granskare"]]) {
    server.cli(["user", "add", user, "--name", name, "--org", "region-norrbotten", "--password-stdin"], password + "\n");
  }
  // Planners of the whole region; steering measures are the board's planners' (docs/permissions.md).
  for (const user of ["paula", "pelle"]) {
    for (const role of ["planner", "board_planner"]) {
      server.cli(["user", "role", user, "grant", role, "--org", "region-norrbotten", "--unit", "regionfullmaktige"]);
    }
  }
  server.cli(["user", "role", "rut", "grant", "reader", "--org", "region-norrbotten"]);
  // The 2025 plan is approved: it is written further as a new draft version.
  const plans = (await server.api("GET", `${org}/plans`)).json.items;
  const approved = plans.find((p) => p.key === "rs-plan-2025-2027");
  const made = await server.api("POST", `${org}/plans/${approved.id}/versions`, {});
  assert.equal(made.status, 201, JSON.stringify(made.json));
  const draft = made.json.plan;
  const units = (await server.api("GET", `${org}/units?limit=5000`)).json.items;
  const psykiatri = units.find((u) => u.key === "div-psykiatri");
  const vuxen = units.find((u) => u.key === "psykiatri-vuxenpsykiatri");

  // Paula's refusals are provoked on purpose (bad input, the conflict); her forms show them.
  const paula = await signedIn("paula", "Paula Planerare", [[422, /\/batch$/], [409, /\/batch$/]]);
  await paula.goto(`${server.base}/plans/${draft.id}`);
  await paula.getByRole("link", { name: "Skriv planen" }).click();
  await paula.getByRole("heading", { level: 1, name: "Skriv planen" }).waitFor();
  await paula.getByRole("heading", { name: "Ändrat sedan fastställd version" }).waitFor();
  await paula.getByText("Inget är ändrat sedan den fastställda versionen.").waitFor();
  await axe(paula, "40-authoring");

  // A development area: bad input first (no name, HTML in the description), nothing saved.
  const areas = paula.getByRole("region", { name: "Utvecklingsområden" });
  await areas.getByRole("button", { name: "Lägg till utvecklingsområde" }).click();
  let form = formOf(paula, "Nytt utvecklingsområde");
  await form.getByLabel("Beskrivning", { exact: true }).fill("Text <script>alert(1)</script>");
  await form.getByRole("button", { name: "Skapa" }).click();
  await form.getByRole("alert").filter({ hasText: "Rätta 2 fel" }).waitFor();
  await form.getByText("Fältet måste fyllas i.").first().waitFor();
  await form.getByText(/Innehåller HTML \(<script>/).first().waitFor();
  await axe(paula, "41-authoring-errors");
  const before = (await server.api("GET", `${org}/development-areas?plan_id=${draft.id}`)).json.total;
  await form.getByLabel(/^Namn/).fill("Psykisk hälsa hos unga");
  await form.getByLabel("Beskrivning", { exact: true }).fill("Tidiga insatser ");
  await form.getByRole("button", { name: "Fetstil" }).click();
  await form.getByRole("button", { name: "Förhandsgranska" }).click();
  await form.getByRole("region", { name: /Förhandsgranskning av Beskrivning/ }).locator("strong").waitFor();
  await form.getByRole("button", { name: "Skriv", exact: true }).click();
  await form.getByLabel("Prioriteringar (en per rad)").fill("Kortare väntetider till BUP\nSamverkan med skolan");
  await form.getByRole("button", { name: "Skapa" }).click();
  await paula.getByRole("status").filter({ hasText: "Skapat: Psykisk hälsa hos unga." }).waitFor();
  const area = (await server.api("GET", `${org}/development-areas?plan_id=${draft.id}&key=psykisk-halsa-hos-unga`)).json.items[0];
  assert.equal((await server.api("GET", `${org}/development-areas?plan_id=${draft.id}`)).json.total, before + 1);
  assert.deepEqual(area.priorities, ["Kortare väntetider till BUP", "Samverkan med skolan"]);
  assert.equal(area.description, "Tidiga insatser **text**");

  // A measure in it with a baseline for women and targets per year: one batch.
  const measures = paula.getByRole("region", { name: "Mått", exact: true });
  await measures.getByRole("button", { name: "Lägg till mått" }).click();
  form = formOf(paula, "Nytt mått");
  await form.getByLabel(/^Namn/).fill("Andel unga som fått vård inom 30 dagar");
  await form.getByLabel(/^Typ/).selectOption("steering");
  await form.getByLabel("Enhet (t.ex. %)").fill("%");
  await form.getByLabel("Utvecklingsområde").selectOption(String(area.id));
  await form.getByRole("button", { name: "Lägg till rad" }).click();
  await form.getByLabel("Rad 1: Typ").selectOption("baseline");
  await form.getByLabel("Rad 1: År").fill("2024");
  await form.getByLabel("Rad 1: Kön").selectOption("K");
  await form.getByLabel("Rad 1: Värde").fill("61,5");
  await form.getByRole("button", { name: "Lägg till rad" }).click();
  await form.getByLabel("Rad 2: År").fill("2026");
  await form.getByLabel("Rad 2: Värde").fill("80");
  await form.getByRole("button", { name: "Lägg till rad" }).click();
  await form.getByLabel("Rad 3: År").fill("2027");
  await form.getByLabel("Rad 3: Kvalitativt").selectOption("increase");
  await form.getByRole("button", { name: "Skapa" }).click();
  await paula.getByRole("status").filter({ hasText: "Skapat: Andel unga som fått vård inom 30 dagar." }).waitFor();
  const measure = (await server.api("GET", `${org}/measures?plan_id=${draft.id}&development_area_id=${area.id}`)).json.items[0];
  const targets = (await server.api("GET", `${org}/targets?measure_id=${measure.id}`)).json.items;
  assert.deepEqual(targets.map((t) => [t.kind, t.year, t.sex, t.value, t.qualitative]),
    [["baseline", 2024, "K", 61.5, null], ["target", 2026, null, 80, null], ["target", 2027, null, null, "increase"]]);

  // A division activity under the area, and a unit activity under that.
  const activities = paula.getByRole("region", { name: "Aktiviteter" });
  await activities.getByRole("button", { name: "Lägg till aktivitet" }).click();
  form = formOf(paula, "Ny aktivitet");
  await form.getByLabel(/^Namn/).fill("Snabbare vägar in till barn- och ungdomspsykiatrin");
  await form.getByLabel(/^Nivå/).selectOption("division");
  await form.getByLabel("Ansvarig enhet").selectOption(String(psykiatri.id));
  await form.getByLabel("Utvecklingsområde").selectOption(String(area.id));
  await form.getByRole("button", { name: "Skapa" }).click();
  await paula.getByRole("status").filter({ hasText: "Skapat: Snabbare vägar in" }).waitFor();
  const division = (await server.api("GET", `${org}/activities?plan_id=${draft.id}&development_area_id=${area.id}`)).json.items[0];
  assert.equal(division.level, "division");
  await activities.getByRole("button", { name: "Lägg till aktivitet" }).click();
  form = formOf(paula, "Ny aktivitet");
  await form.getByLabel(/^Namn/).fill("Drop-in-mottagning för unga vuxna");
  await form.getByLabel(/^Nivå/).selectOption("unit");
  await form.getByLabel("Ansvarig enhet").selectOption(String(vuxen.id));
  await form.getByLabel("Överordnad aktivitet").selectOption(String(division.id));
  await form.getByRole("button", { name: "Skapa" }).click();
  await paula.getByRole("status").filter({ hasText: "Skapat: Drop-in-mottagning för unga vuxna." }).waitFor();
  const unitActivity = (await server.api("GET", `${org}/activities?plan_id=${draft.id}&parent_id=${division.id}`)).json.items[0];
  assert.equal(unitActivity.owner_unit_id, vuxen.id);
  await paula.getByText(/3 tillagda, 0 borttagna och 0 ändrade poster sedan version/).waitFor().catch(async () => {
    await paula.getByText(/tillagda/).first().waitFor();
  });

  // Two planners open the same measure; Pelle saves first, Paula's save is refused with what he changed.
  const pelle = await signedIn("pelle", "Pelle Planerare");
  await pelle.goto(`${server.base}/plans/${draft.id}/edit`);
  await paula.getByRole("button", { name: `Ändra ${measure.name}` }).click();
  await pelle.getByRole("button", { name: `Ändra ${measure.name}` }).click();
  const pelleForm = formOf(pelle, /Ändra mått/);
  await pelleForm.getByLabel("Källa").fill("Väntetidsdatabasen");
  await pelleForm.getByRole("button", { name: "Spara" }).click();
  await pelle.getByRole("status").filter({ hasText: `Sparat: ${measure.name}.` }).waitFor();
  const paulaForm = formOf(paula, /Ändra mått/);
  await paulaForm.getByLabel("Källa").fill("Egen uppföljning");
  await paulaForm.getByLabel("Nummer").fill("U1");
  await paulaForm.getByRole("button", { name: "Spara" }).click();
  const conflict = paulaForm.getByRole("alert").filter({ hasText: "Någon annan har sparat" });
  await conflict.waitFor();
  await conflict.getByText(/Källa — Nu sparat: Väntetidsdatabasen/).waitFor();
  await axe(paula, "42-authoring-conflict");
  assert.equal((await server.api("GET", `${org}/measures/${measure.id}`)).json.source, "Väntetidsdatabasen", "the stale save changed nothing");
  await conflict.getByRole("button", { name: "Läs in den senaste versionen" }).click();
  assert.equal(await paulaForm.getByLabel("Källa").inputValue(), "Väntetidsdatabasen");
  await paulaForm.getByLabel("Nummer").fill("U1");
  await paulaForm.getByRole("button", { name: "Spara" }).click();
  await paula.getByRole("status").filter({ hasText: `Sparat: ${measure.name}.` }).waitFor();
  assert.equal((await server.api("GET", `${org}/measures/${measure.id}`)).json.number, "U1");

  // The reviewer comments on the measure and on the unit activity.
  const rut = await signedIn("rut", "Rut Granskare");
  await rut.goto(`${server.base}/plans/${draft.id}/edit`);
  await rut.getByRole("heading", { level: 1, name: "Skriv planen" }).waitFor();
  await rut.getByRole("heading", { name: "Aktiviteter" }).waitFor();
  assert.equal(await rut.getByRole("button", { name: /^Lägg till/ }).count(), 0, "a reader comments but does not write");
  for (const [item, text] of [[measure.name, "Målvärdet 80 % för 2026: varifrån kommer det?"], ["Drop-in-mottagning för unga vuxna", "Finns kostnaden med i ramen?"]]) {
    await rut.getByRole("button", { name: `Kommentera: ${item}` }).click();
    const panel = rut.getByRole("region", { name: `Kommentarer: ${item}` });
    await panel.getByRole("textbox", { name: /^Ny kommentar/ }).fill(text);
    await panel.getByRole("button", { name: "Skicka kommentar" }).click();
    await panel.getByText(text).waitFor();
  }
  await axe(rut, "43-authoring-comments");
  // Rut changes her open comment, and deletes one she wrote in the wrong place; the text
  // changed is marked so, and each is confirmed.
  const onActivity = rut.getByRole("region", { name: "Kommentarer: Drop-in-mottagning för unga vuxna" });
  await onActivity.getByRole("button", { name: "Ändra kommentaren av rut" }).click();
  await onActivity.getByRole("textbox", { name: /^Ny text för kommentaren/ }).fill("Finns kostnaden med i ramen för 2026?");
  await onActivity.getByRole("button", { name: "Spara ändringen" }).click();
  await onActivity.getByRole("status").filter({ hasText: "Kommentaren är ändrad." }).waitFor();
  await onActivity.getByText("Finns kostnaden med i ramen för 2026? (ändrad)").waitFor();
  await onActivity.getByRole("textbox", { name: /^Ny kommentar/ }).fill("Fel tråd, gäller måttet");
  await onActivity.getByRole("button", { name: "Skicka kommentar" }).click();
  await onActivity.getByText("Fel tråd, gäller måttet").waitFor();
  await onActivity.getByRole("button", { name: "Ta bort kommentaren av rut" }).nth(1).click();
  await onActivity.getByRole("status").filter({ hasText: "Kommentaren är borttagen." }).waitFor();
  assert.equal(await onActivity.getByText("Fel tråd, gäller måttet").count(), 0);
  await axe(rut, "43-authoring-comment-changed");
  const kept = (await server.api("GET", `${org}/plans/${draft.id}/comments`)).json.items;
  assert.deepEqual(kept.map((c) => c.body).sort(), ["Finns kostnaden med i ramen för 2026?", "Målvärdet 80 % för 2026: varifrån kommer det?"]);

  // The planner answers and resolves one; submitting lists the one left open.
  await paula.reload();
  await paula.getByText("2 olösta kommentarer i planen.").waitFor();
  await paula.getByRole("button", { name: `1 öppen kommentar: ${measure.name}` }).click();
  const panel = paula.getByRole("region", { name: `Kommentarer: ${measure.name}` });
  // Someone else's comment is not hers to change or delete (she holds no administrator role).
  assert.equal(await panel.getByRole("button", { name: /kommentaren av rut$/ }).count(), 0);
  await panel.getByRole("button", { name: "Svara" }).click();
  await panel.getByRole("textbox", { name: /^Svar till rut/ }).fill("Från regionens mål för 2026.");
  await panel.getByRole("button", { name: "Skicka svar" }).click();
  await panel.getByText("Från regionens mål för 2026.").waitFor();
  await panel.getByRole("button", { name: "Markera som löst" }).click();
  await panel.getByText("Löst av paula").waitFor();
  await paula.getByText("1 olöst kommentar i planen.").waitFor();
  await paula.goto(`${server.base}/plans/${draft.id}/versions`);
  const decision = paula.getByRole("region", { name: /Beslut om version/ });
  await decision.getByRole("button", { name: "Skicka in" }).click();
  const ask = decision.getByRole("region", { name: "Olösta kommentarer" });
  await ask.getByText("Finns kostnaden med i ramen för 2026?").waitFor();
  await axe(paula, "44-submit-unresolved");
  await ask.getByRole("button", { name: "Skicka in" }).click();
  await decision.getByRole("status").filter({ hasText: "är inskickad för godkännande" }).waitFor();
  assert.equal((await server.api("GET", `${org}/plans/${draft.id}`)).json.status, "submitted");
});

// The rest of what a planner must be able to do in the editor (issue 18): a directed
// assignment from one unit to another, refused first with the field named in Swedish;
// items reordered; an activity moved to another owner; the changes since the approved
// version listed while editing; the economy tables one named link away.
test("a planner writes a directed assignment, reorders, moves an activity to another owner and sees what changed", async () => {
  const plans = (await server.api("GET", `${org}/plans`)).json.items;
  const draft = plans.find((p) => p.key.startsWith("rs-plan-2025-2027-") && p.status !== "approved");
  assert.ok(draft, plans.map((p) => p.key).join(", "));
  // The first test submitted it: withdrawn, it is a draft again.
  if (draft.status === "submitted") assert.equal((await server.api("POST", `${org}/plans/${draft.id}/withdraw`, {})).status, 200);
  const units = (await server.api("GET", `${org}/units?limit=5000`)).json.items;
  const styrelse = units.find((u) => u.key === "regionstyrelsen");
  const psykiatri = units.find((u) => u.key === "div-psykiatri");
  const barn = units.find((u) => u.key !== "psykiatri-vuxenpsykiatri" && u.parent_id === psykiatri.id);
  assert.ok(barn, "a second unit under Division Psykiatri");
  const paula = await signedIn("paula", "Paula Planerare", [[422, /\/batch$/]]);
  await paula.goto(`${server.base}/plans/${draft.id}/edit`);
  await paula.getByRole("heading", { level: 1, name: "Skriv planen" }).waitFor();

  // The vision: written (or rewritten) in its own part of the editor.
  const vision = paula.getByRole("region", { name: "Vision", exact: true });
  const addVision = vision.getByRole("button", { name: "Lägg till planens vision" });
  if (await addVision.count()) await addVision.click();
  else await vision.getByRole("button", { name: /^Ändra / }).click();
  let form = formOf(paula, /^(Nytt avsnitt|Ändra avsnitt)/);
  const visionText = "Norrbotten – en hälsofrämjande region där unga får hjälp i tid.";
  await form.getByLabel("Text", { exact: true }).fill(visionText);
  await form.getByRole("button", { name: /^(Skapa|Spara)$/ }).click();
  await vision.getByText(visionText).waitFor();
  assert.ok((await server.api("GET", `${org}/sections?plan_id=${draft.id}&limit=5000`)).json.items.some((x) => x.body === visionText));

  // A directed assignment: without a title it is refused, the field named in Swedish, nothing saved.
  const assignments = paula.getByRole("region", { name: "Riktade uppdrag" });
  const count = (await server.api("GET", `${org}/assignments?plan_id=${draft.id}`)).json.total;
  await assignments.getByRole("button", { name: "Lägg till uppdrag" }).click();
  form = formOf(paula, "Nytt uppdrag");
  await form.getByLabel(/^Typ/).selectOption("directed");
  await form.getByRole("button", { name: "Skapa" }).click();
  const refusal = form.getByRole("alert").filter({ hasText: "Rätta 1 fel" });
  await refusal.waitFor();
  assert.match(await refusal.textContent(), /Rubrik: Fältet måste fyllas i\./);
  assert.equal(await form.getByLabel(/^Rubrik/).getAttribute("aria-invalid"), "true");
  assert.equal((await server.api("GET", `${org}/assignments?plan_id=${draft.id}`)).json.total, count, "nothing saved");
  await form.getByLabel(/^Rubrik/).fill("Gemensam mottagning för unga med psykisk ohälsa");
  await form.getByLabel("Givet av").selectOption(String(styrelse.id));
  await form.getByLabel("Givet till").selectOption(String(psykiatri.id));
  await form.getByRole("button", { name: "Skapa" }).click();
  await paula.getByRole("status").filter({ hasText: "Skapat: Gemensam mottagning för unga med psykisk ohälsa." }).waitFor();
  const made = (await server.api("GET", `${org}/assignments?plan_id=${draft.id}&limit=5000`)).json.items
    .find((a) => a.title === "Gemensam mottagning för unga med psykisk ohälsa");
  assert.deepEqual([made.kind, made.given_by_id, made.given_to_id], ["directed", styrelse.id, psykiatri.id]);

  // Reordering: the development area written in the first test moves up one place.
  const areas = paula.getByRole("region", { name: "Utvecklingsområden" });
  const order = async () => (await server.api("GET", `${org}/development-areas?plan_id=${draft.id}&limit=5000`)).json.items
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0) || a.id - b.id).map((a) => a.name);
  const was = await order();
  const at = was.indexOf("Psykisk hälsa hos unga");
  assert.ok(at > 0, `the new area is not first: ${was.join(", ")}`);
  await areas.getByRole("button", { name: "Flytta upp Psykisk hälsa hos unga" }).click();
  await paula.getByRole("status").filter({ hasText: "Flyttat: Psykisk hälsa hos unga." }).waitFor();
  const now = await order();
  assert.equal(now.indexOf("Psykisk hälsa hos unga"), at - 1);
  assert.equal(now[at], was[at - 1]);

  // The unit activity moves to another unit of the division: one save, the owner changed.
  const activities = paula.getByRole("region", { name: "Aktiviteter" });
  await activities.getByRole("button", { name: "Ändra Drop-in-mottagning för unga vuxna" }).click();
  form = formOf(paula, /Ändra aktivitet/);
  await form.getByLabel("Ansvarig enhet").selectOption(String(barn.id));
  await form.getByRole("button", { name: "Spara" }).click();
  await paula.getByRole("status").filter({ hasText: "Sparat: Drop-in-mottagning för unga vuxna." }).waitFor();
  const moved = (await server.api("GET", `${org}/activities?plan_id=${draft.id}&key=drop-in-mottagning-for-unga-vuxna`)).json.items[0];
  assert.equal(moved.owner_unit_id, barn.id);
  await activities.locator("li", { hasText: "Drop-in-mottagning för unga vuxna" }).filter({ hasText: barn.name }).waitFor();

  // What changed since the approved version, while editing: what this draft added is listed.
  const changes = paula.getByRole("region", { name: "Ändrat sedan fastställd version" });
  await changes.getByText("Tillagd: Drop-in-mottagning för unga vuxna").waitFor();
  await changes.getByText("Tillagd: Psykisk hälsa hos unga").waitFor();

  // The economy tables: a named part of the editor, each table one link away.
  const economy = paula.getByRole("region", { name: "Ekonomi" });
  await axe(paula, "45-authoring-more");
  await economy.getByRole("link", { name: "Ekonomiska ramar och ramförändringar" }).click();
  await paula.getByRole("heading", { level: 1, name: "Ekonomi" }).waitFor();
  assert.match(paula.url(), new RegExp(`/plans/${draft.id}/economy$`));
});

test("no console errors, page errors or Content-Security-Policy violations", async () => {
  for (const ctx of sessions) await ctx.close();
  assert.deepEqual(problems, []);
});
