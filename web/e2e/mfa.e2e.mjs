// Two-step verification in a real browser (docs/security.md "Tvåstegsverifiering"): a user
// opens "Mitt konto", turns TOTP on by scanning (here: reading) the secret and typing a code
// computed in this test with RFC 6238, gets ten recovery codes, signs out, signs in again
// with the password and then the code (a wrong code refused in Swedish), and ends another
// of their sessions. Then an administrator whose organisation requires it: signed in with
// the password alone, they land on "Mitt konto" with the reason, every other page shows it
// (and the server refuses), they enrol by keyboard, sign out and in again with the code,
// and the notice is gone. axe-core on every page, keyboard focus, screenshots to build/screenshots/.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";
import { expectNoAxeViolations } from "./axe.mjs";
import { repoDir, startServer } from "./server.mjs";

const chromiumPath = process.env.STYRKORT_CHROMIUM ?? "/usr/bin/chromium";
const shots = process.env.STYRKORT_SCREENSHOT_DIR ?? path.join(repoDir, "build", "screenshots");
const password = "Två-steg-i-Kiruna-2026!";

// RFC 4648 base32 and RFC 6238 TOTP (HMAC-SHA-1, six digits, 30 s), as an app computes them.
function base32Decode(text) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0, value = 0;
  const out = [];
  for (const ch of text.replace(/[\s=]/g, "").toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(ch);
    bits += 5;
    if (bits >= 8) { out.push((value >>> (bits - 8)) & 0xff); bits -= 8; }
  }
  return Buffer.from(out);
}
function totp(key, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(binary).padStart(6, "0");
}
const stepNow = () => Math.floor(Date.now() / 1000 / 30);

let server, browser, context, page;
const problems = [];

before(async () => {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}: apt-get install chromium`);
  mkdirSync(shots, { recursive: true });
  server = await startServer();
  server.cli(["user", "add", "tove", "--name", "Tove Tvåsteg", "--org", "region-norrbotten", "--password-stdin"], password + "\n");
  server.cli(["user", "role", "tove", "grant", "reader", "--org", "region-norrbotten"]);
  server.cli(["user", "add", "adam", "--name", "Adam Administratör", "--org", "region-norrbotten", "--password-stdin"], password + "\n");
  server.cli(["user", "role", "adam", "grant", "administrator", "--org", "region-norrbotten"]);
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--no-sandbox"] });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "sv-SE" });
  page = await context.newPage();
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    // Not signed in yet; the wrong codes this test sends; the limited administrator's refusals.
    if (/status of (401|403|422)/.test(m.text())) return;
    problems.push(`console: ${m.text()}`);
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function visit(name, ready = page.locator("h1").first()) {
  await page.waitForLoadState("networkidle");
  await ready.waitFor();
  await expectNoAxeViolations(page, name);
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

async function signInWithPassword(user = "tove") {
  await page.goto(server.base + "/login");
  await page.getByLabel("Användarnamn").fill(user);
  await page.getByLabel("Lösenord").fill(password);
  await page.getByRole("button", { name: "Logga in" }).click();
}

test("a user turns on two-step verification and signs in with a code", async () => {
  await signInWithPassword();
  await page.getByText("Inloggad som Tove Tvåsteg").waitFor();
  await page.getByRole("link", { name: "Mitt konto" }).click();
  await page.getByRole("heading", { name: "Mitt konto", level: 1 }).waitFor();
  await page.getByText("Tvåstegsverifiering är av.").waitFor();
  await visit("account");

  // Enrol: the QR code and the key; a wrong code is refused on its field.
  await page.getByRole("button", { name: "Aktivera tvåstegsverifiering" }).click();
  const secret = (await page.getByTestId("totp-secret").textContent()).trim();
  assert.match(secret, /^[A-Z2-7]{32}$/, "a 160-bit key in base32");
  assert.ok(await page.getByRole("img", { name: "QR-kod med nyckeln för autentiseringsappen" }).isVisible());
  await visit("account-enrol");
  const key = base32Decode(secret);
  await page.getByLabel("Kod från appen").fill(totp(key, stepNow() + 5));  // not a current code
  await page.getByRole("button", { name: "Bekräfta och aktivera" }).click();
  await page.getByText("koden stämmer inte").first().waitFor();
  const confirmedStep = stepNow();
  await page.getByLabel("Kod från appen").fill(totp(key, confirmedStep));
  await page.getByRole("button", { name: "Bekräfta och aktivera" }).click();
  await page.getByText("Tvåstegsverifiering är aktiverad.").waitFor();
  const codes = (await page.getByTestId("recovery-codes").locator("code").allTextContents()).map((c) => c.trim());
  assert.equal(codes.length, 10);
  for (const c of codes) assert.match(c, /^[a-z2-7]{5}-[a-z2-7]{5}$/);
  await page.getByText(/Tvåstegsverifiering är på sedan .* Du har 10 oanvända återställningskoder\./).waitFor();
  await visit("account-recovery-codes");

  // Sign out, and in again: the password, then the code.
  await page.getByRole("button", { name: "Logga ut" }).click();
  await page.getByRole("link", { name: "Logga in" }).waitFor();
  await signInWithPassword();
  await page.getByRole("heading", { name: "Tvåstegsverifiering", level: 1 }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), "login-code", "the code field has focus");
  const noSession = await context.cookies();
  assert.ok(!noSession.some((c) => c.name.endsWith("styrkort_session") && c.value), "no session before the code");
  await visit("login-code");
  await page.getByLabel("Kod", { exact: false }).first().fill("000000");
  await page.keyboard.press("Enter");
  await page.getByText("fel kod").waitFor();
  // The next step's code (inside the ±1 window, never used before).
  await page.getByLabel("Kod", { exact: false }).first().fill(totp(key, Math.max(stepNow(), confirmedStep) + 1));
  await page.keyboard.press("Enter");
  await page.getByText("Inloggad som Tove Tvåsteg").waitFor();
  assert.ok((await context.cookies()).some((c) => c.name.endsWith("styrkort_session") && c.value), "a session after the code");

  // Another session, signed in elsewhere with a recovery code; ended from the account page.
  const first = await fetch(server.base + "/api/v1/auth/login", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ username: "tove", password }),
  });
  assert.equal(first.status, 202);
  const { mfa_challenge } = await first.json();
  const second = await fetch(server.base + "/api/v1/auth/login/mfa", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ mfa_challenge, code: codes[0] }),
  });
  assert.equal(second.status, 200, await second.text());
  await page.getByRole("link", { name: "Mitt konto" }).click();
  await page.getByRole("heading", { name: "Inloggade sessioner" }).waitFor();
  await page.getByText("Den här sessionen").waitFor();
  await page.getByText(/Du har 9 oanvända återställningskoder/).waitFor();
  const end = page.getByRole("button", { name: /^Avsluta sessionen från/ });
  assert.equal(await end.count(), 1);
  await end.focus();
  await page.keyboard.press("Enter");
  await page.getByText("Sessionen är avslutad.").waitFor();
  await page.waitForFunction(() => document.querySelectorAll("table tbody tr").length === 1);
  await visit("account-sessions");
  assert.deepEqual(problems, []);
});

test("an administrator whose organisation requires it must turn it on before anything else", async () => {
  server.cli(["mfa-required", "region-norrbotten", "on"]);
  await signInWithPassword("adam");
  // Straight to the account page, with the reason; the password form is not offered.
  await page.getByRole("heading", { name: "Mitt konto", level: 1 }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/account");
  await page.getByText("Din organisation kräver tvåstegsverifiering för administratörer. Aktivera den nu").waitFor();
  assert.equal(await page.getByRole("heading", { name: "Byt lösenord" }).count(), 0);
  await visit("account-mfa-required");

  // Another page: the notice says why and leads back; the server refused the page's reads.
  // Waited for as a response, not by the load state: the link navigates inside the
  // loaded page, so "networkidle" is reached at once and a slow read would be missed.
  const refusal = page.waitForResponse((r) => r.status() === 403 && r.url().includes("/api/"), { timeout: 30000 });
  await page.getByRole("link", { name: "Att göra" }).click();
  const notice = page.getByTestId("mfa-notice");
  await notice.getByText("Tills du har aktiverat den och loggat in igen med koden kan du bara använda Mitt konto.").waitFor();
  const refusedUrl = (await refusal).url();  // throws when the server refused nothing
  const refused = await page.evaluate(async (url) => {
    const r = await fetch(url);
    return { status: r.status, body: await r.json() };
  }, refusedUrl);
  assert.equal(refused.status, 403);
  assert.equal(refused.body.error.code, "mfa_enrolment_required");
  assert.match(refused.body.error.message, /tvåstegsverifiering krävs/);
  // The page's own answer is the server's refusal, in Swedish, beside the notice.
  await page.getByRole("alert").getByText("tvåstegsverifiering krävs för administratörer").waitFor();
  await visit("mfa-required-notice", notice);

  // By keyboard: the notice's link to the account page, then enrolment.
  const link = notice.getByRole("link", { name: "Aktivera tvåstegsverifiering under Mitt konto" });
  await link.focus();
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Mitt konto", level: 1 }).waitFor();
  const start = page.getByRole("button", { name: "Aktivera tvåstegsverifiering" });
  await start.focus();
  await page.keyboard.press("Enter");
  const secret = (await page.getByTestId("totp-secret").textContent()).trim();
  const key = base32Decode(secret);
  const confirmedStep = stepNow();
  await page.getByLabel("Kod från appen").focus();
  await page.keyboard.type(totp(key, confirmedStep));
  await page.keyboard.press("Enter");
  await page.getByText("Tvåstegsverifiering är aktiverad.").waitFor();
  // Still limited: the session was signed in without the code.
  await page.getByText("Logga sedan ut och logga in igen med koden från appen").waitFor();
  await visit("account-mfa-sign-in-again");
  const again = page.getByRole("button", { name: "Logga ut och logga in med koden" });
  await again.focus();
  await page.keyboard.press("Enter");
  await page.getByLabel("Användarnamn").waitFor();
  await page.getByLabel("Användarnamn").fill("adam");
  await page.getByLabel("Lösenord").fill(password);
  await page.getByRole("button", { name: "Logga in" }).click();
  await page.getByRole("heading", { name: "Tvåstegsverifiering", level: 1 }).waitFor();
  await page.getByLabel("Kod", { exact: false }).first().fill(totp(key, Math.max(stepNow(), confirmedStep) + 1));
  await page.keyboard.press("Enter");
  await page.getByText("Inloggad som Adam Administratör").waitFor();
  await page.waitForLoadState("networkidle");
  assert.equal(await page.getByTestId("mfa-notice").count(), 0, "no notice after signing in with the code");
  const audit = await page.evaluate(async () => {
    const orgs = await (await fetch("/api/v1/organisations")).json();
    const org = (orgs.items ?? orgs).find((o) => o.key === "region-norrbotten");
    return (await fetch(`/api/v1/organisations/${org.id}/audit/head`)).status;
  });
  assert.equal(audit, 200, "the administrator's session with the code may read the audit log");
  server.cli(["mfa-required", "region-norrbotten", "off"]);
  assert.deepEqual(problems, []);
});
