// Single sign-on end to end against a real OpenID Connect provider (provider.mjs:
// the npm package oidc-provider) and the real `styrkort serve` on a temp SQLite file
// with the Norrbotten plans. A person signs in through the provider in Debian's
// Chromium, comes back signed in with the roles the provider's claims give, and signs
// out of both. Then the flow is driven by hand (fetch, one cookie jar per browser) to
// tamper with it: a wrong state, a replayed callback and a replayed code, a changed
// nonce and an ID token signed by another key are all refused, make no session and
// are audited as failed sign-ins.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";
import { clientId, clientSecret, startProvider } from "./provider.mjs";

const repoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const chromiumPath = process.env.STYRKORT_CHROMIUM ?? "/usr/bin/chromium";
const adminPassword = "Norrsken-över-Luleå-42";

let provider, styrkort, browser;

async function freePort() {
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function startStyrkort(port, issuer) {
  const binary = process.env.STYRKORT_BINARY ?? path.join(repoDir, "build", "styrkort");
  const dist = process.env.STYRKORT_WEB_DIR ?? path.join(repoDir, "web", "dist");
  if (!existsSync(binary)) throw new Error(`styrkort binary not found at ${binary}: build it first`);
  if (!existsSync(path.join(dist, "index.html"))) throw new Error(`the web client is not built (${dist})`);
  const dir = mkdtempSync(path.join(tmpdir(), "styrkort-oidc-"));
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(binary, ["serve", "--port", String(port), "--db", path.join(dir, "oidc.db"), "--quiet"], {
    env: {
      ...process.env, LANG: "C", STYRKORT_ADMIN_PASSWORD: adminPassword, STYRKORT_WEB_DIR: dist,
      STYRKORT_DATA_DIR: path.join(repoDir, "data"),
      STYRKORT_OIDC_ISSUER: issuer, STYRKORT_OIDC_CLIENT_ID: clientId, STYRKORT_OIDC_CLIENT_SECRET: clientSecret,
      STYRKORT_OIDC_REDIRECT_URI: `${base}/api/v1/auth/oidc/callback`, STYRKORT_OIDC_ORGANISATION: "region-norrbotten",
      STYRKORT_OIDC_SCOPES: "openid profile styrkort",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout.on("data", (chunk) => { log += chunk; });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("server did not start within 60 s:\n" + log)), 60_000);
    child.stderr.on("data", (chunk) => {
      log += chunk;
      if (/listening on http/.test(log)) { clearTimeout(timer); resolve(); }
    });
    child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}:\n${log}`)); });
  });
  return {
    base, log: () => log,
    async stop() {
      child.removeAllListeners("exit");
      await new Promise((resolve) => { child.once("exit", resolve); child.kill("SIGTERM"); });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// A browser without a browser: one cookie jar (both servers share the host, as in a
// browser cookies do not separate ports), redirects followed by hand.
class Jar {
  constructor() { this.cookies = new Map(); }
  header() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "); }
  take(res) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (attrs.some((a) => /max-age=0/i.test(a.trim())) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  async fetch(url, options = {}) {
    const res = await fetch(url, { ...options, redirect: "manual", headers: { ...(options.headers ?? {}), Cookie: this.header() } });
    this.take(res);
    return res;
  }
}

const isCallback = (url) => url.startsWith(styrkort.base + "/api/v1/auth/oidc/callback");

// Follows redirects and fills the provider's sign-in and consent forms until the
// provider sends the browser back to Styrkort's callback; returns that URL (not opened).
async function throughProvider(jar, url, login) {
  for (let step = 0; step < 20; step++) {
    if (isCallback(url)) return url;
    const res = await jar.fetch(url);
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get("location"), url).href;
      continue;
    }
    const html = await res.text();
    assert.equal(res.status, 200, `provider page ${url}: ${html.slice(0, 300)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    assert.ok(action, `a form on ${url}`);
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    const fields = prompt === "login" ? { prompt, login, password: "testlösenord" } : { prompt };
    const post = await jar.fetch(new URL(action.replaceAll("&amp;", "&"), url).href, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
    assert.ok(post.status >= 300 && post.status < 400, `submitting ${prompt}: ${post.status}`);
    url = new URL(post.headers.get("location"), url).href;
  }
  throw new Error("the provider never sent the browser back");
}

async function beginAtStyrkort(jar) {
  const res = await jar.fetch(styrkort.base + "/api/v1/auth/oidc/login?return_to=/plans");
  assert.equal(res.status, 302);
  const location = res.headers.get("location");
  assert.ok(location.startsWith(provider.issuer + "/"), location);
  return location;
}

async function me(jar) {
  const res = await jar.fetch(styrkort.base + "/api/v1/auth/me");
  return { status: res.status, json: res.status === 200 ? await res.json() : null };
}

let adminSession = null;
async function adminApi(url) {
  if (!adminSession) {
    const res = await fetch(styrkort.base + "/api/v1/auth/login", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: "admin", password: adminPassword }),
    });
    assert.equal(res.status, 200);
    adminSession = /styrkort_session=[^;]+/.exec(res.headers.get("set-cookie"))[0];
  }
  const res = await fetch(styrkort.base + url, { headers: { Cookie: adminSession } });
  assert.equal(res.status, 200, url);
  return res.json();
}

async function failedReasons() {
  const page = await adminApi("/api/v1/organisations/region-norrbotten/audit?action=login_failed&limit=1000");
  return page.items.filter((i) => i.after?.via === "oidc").map((i) => i.after.reason);
}

// A refused callback: back to the sign-in page with the reason, and no session.
async function expectRefused(jar, callbackUrl, reason) {
  const res = await jar.fetch(callbackUrl);
  assert.equal(res.status, 302);
  assert.equal(res.headers.get("location"), `/login?sso_error=${reason}`);
  assert.equal(jar.cookies.has("styrkort_session"), false, "no session cookie");
  assert.equal((await me(jar)).status, 401);
  assert.ok((await failedReasons()).includes(reason), `audited as ${reason}`);
}

before(async () => {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}: apt-get install chromium`);
  const port = await freePort();
  provider = await startProvider({
    redirectUri: `http://127.0.0.1:${port}/api/v1/auth/oidc/callback`,
    postLogoutRedirectUri: `http://127.0.0.1:${port}/`,
  });
  styrkort = await startStyrkort(port, provider.issuer);
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--no-sandbox"] });
});

after(async () => {
  await browser?.close();
  await styrkort?.stop();
  await provider?.stop();
});

test("a person signs in with SSO in the browser, has the roles the provider gives, and signs out of both", async () => {
  const context = await browser.newContext({ locale: "sv-SE" });
  const page = await context.newPage();
  await page.goto(styrkort.base + "/login");
  await page.getByRole("link", { name: "Logga in med SSO" }).click();
  // The provider's own sign-in page, then its consent page.
  await page.locator('input[name="login"]').fill("anna.andersson");
  await page.locator('input[name="password"]').fill("testlösenord");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  // Sign-in without a page to return to lands on the home page, Att göra (docs/reporting-round.md).
  await page.waitForURL(styrkort.base + "/todo");
  await page.getByText("Inloggad som Anna Andersson").waitFor();

  const who = await page.evaluate(async () => (await fetch("/api/v1/auth/me")).json());
  assert.equal(who.user.username, "anna.andersson");
  const units = (await adminApi("/api/v1/organisations/region-norrbotten/units?limit=5000")).items;
  const psykiatri = units.find((u) => u.key === "div-psykiatri");
  const roles = who.roles.map((r) => `${r.role}@${r.unit_id ?? "*"}`).sort();
  assert.deepEqual(roles, [`planner@${psykiatri.id}`, "reader@*"]);
  // The address for reminders comes from the provider's email claim (docs/reporting-round.md).
  const settings = await page.evaluate(async () => (await fetch("/api/v1/auth/me/settings")).json());
  assert.equal(settings.email, "anna.andersson@norrbotten.example");
  const cookies = await context.cookies(styrkort.base);
  const session = cookies.find((c) => c.name === "styrkort_session");
  assert.equal(session.httpOnly, true);
  assert.equal(session.sameSite, "Strict");

  // Signing out ends the Styrkort session and goes on to the provider's sign-out.
  await page.getByRole("button", { name: "Logga ut" }).click();
  await page.waitForURL((url) => url.href.startsWith(provider.issuer));
  await page.getByRole("button", { name: "Yes, sign me out" }).click();
  await page.waitForURL(styrkort.base + "/");
  await page.getByRole("link", { name: "Logga in" }).first().waitFor();
  const after = await page.evaluate(async () => (await fetch("/api/v1/auth/me")).status);
  assert.equal(after, 401);
  // The provider's session is gone too: signing in again asks for the login anew.
  await page.goto(styrkort.base + "/api/v1/auth/oidc/login");
  await page.locator('input[name="login"]').waitFor();
  await context.close();

  const audit = await adminApi("/api/v1/organisations/region-norrbotten/audit?user=anna.andersson&limit=100");
  const actions = audit.items.map((i) => i.action);
  // (update_email: the address from the provider's email claim, docs/reporting-round.md)
  assert.deepEqual(actions.filter((a) => a !== "denied"), ["create", "update_email", "login", "logout"]);
  assert.equal(audit.items.find((i) => i.action === "login").after.via, "oidc");
  assert.equal(audit.items.find((i) => i.action === "update_email").after.via, "oidc");
});

test("a person without a mapped role signs in but may change nothing (deny by default)", async () => {
  const jar = new Jar();
  const callback = await throughProvider(jar, await beginAtStyrkort(jar), "utan.roll");
  const res = await jar.fetch(callback);
  assert.equal(res.status, 302);
  assert.equal(res.headers.get("location"), "/plans");
  const who = await me(jar);
  assert.equal(who.status, 200);
  assert.deepEqual(who.json.roles, []);
  const create = await jar.fetch(styrkort.base + "/api/v1/organisations/region-norrbotten/units", {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": who.json.csrf_token },
    body: JSON.stringify({ key: "ny", name: "Ny", kind: "unit" }),
  });
  assert.equal(create.status, 403);
});

test("the provider's 'admin' does not take over the local administrator", async () => {
  const jar = new Jar();
  await expectRefused(jar, await throughProvider(jar, await beginAtStyrkort(jar), "admin"), "username_taken");
});

test("a callback with another state than this browser's is refused", async () => {
  const jar = new Jar();
  const callback = new URL(await throughProvider(jar, await beginAtStyrkort(jar), "anna.andersson"));
  callback.searchParams.set("state", "en-annan-state");
  await expectRefused(jar, callback.href, "state");
  // A callback that names another issuer (RFC 9207 mix-up) is refused before the code is used.
  const mixed = new Jar();
  const other = new URL(await throughProvider(mixed, await beginAtStyrkort(mixed), "anna.andersson"));
  assert.equal(other.searchParams.get("iss"), provider.issuer);
  other.searchParams.set("iss", "https://elak.example");
  await expectRefused(mixed, other.href, "issuer");
  // Another browser's callback (login CSRF): this browser has no state cookie for it.
  const victim = new Jar();
  const attacker = new Jar();
  const planted = await throughProvider(attacker, await beginAtStyrkort(attacker), "anna.andersson");
  await expectRefused(victim, planted, "state");
});

test("a used callback and a used code are refused", async () => {
  const jar = new Jar();
  const callback = await throughProvider(jar, await beginAtStyrkort(jar), "anna.andersson");
  assert.equal((await jar.fetch(callback)).status, 302);
  assert.equal((await me(jar)).status, 200);
  const replay = new Jar();
  replay.cookies.set("styrkort_oidc_state", new URL(callback).searchParams.get("state"));
  await expectRefused(replay, callback, "state");
  // The same code with a fresh state of a new sign-in: the provider refuses the code
  // (used, and bound to another PKCE challenge).
  const again = new Jar();
  await beginAtStyrkort(again);
  const url = new URL(callback);
  url.searchParams.set("state", again.cookies.get("styrkort_oidc_state"));
  await expectRefused(again, url.href, "token_endpoint");
});

test("an ID token with another nonce than the one sent is refused", async () => {
  const jar = new Jar();
  const authorize = new URL(await beginAtStyrkort(jar));
  authorize.searchParams.set("nonce", "angriparens-nonce");
  await expectRefused(jar, await throughProvider(jar, authorize.href, "anna.andersson"), "nonce");
});

test("an authorization request without PKCE is refused by the provider, and a changed challenge fails at the token endpoint", async () => {
  const bare = new Jar();
  const withoutPkce = new URL(await beginAtStyrkort(bare));
  withoutPkce.searchParams.delete("code_challenge");
  withoutPkce.searchParams.delete("code_challenge_method");
  await expectRefused(bare, await throughProvider(bare, withoutPkce.href, "anna.andersson"), "provider_error");
  const jar = new Jar();
  const authorize = new URL(await beginAtStyrkort(jar));
  const challenge = authorize.searchParams.get("code_challenge");
  assert.equal(authorize.searchParams.get("code_challenge_method"), "S256");
  assert.match(challenge, /^[A-Za-z0-9_-]{43}$/);
  authorize.searchParams.set("code_challenge", "A".repeat(43));
  await expectRefused(jar, await throughProvider(jar, authorize.href, "anna.andersson"), "token_endpoint");
});

test("an ID token signed by another key is refused", async () => {
  const jar = new Jar();
  const callback = await throughProvider(jar, await beginAtStyrkort(jar), "anna.andersson");
  provider.forgeNextIdToken();
  await expectRefused(jar, callback, "signature");
});

test("the provider's error answer is refused, and no session was made by any refusal", async () => {
  const jar = new Jar();
  await beginAtStyrkort(jar);
  const state = jar.cookies.get("styrkort_oidc_state");
  await expectRefused(jar, `${styrkort.base}/api/v1/auth/oidc/callback?error=access_denied&state=${state}`, "provider_error");
  const sessions = await adminApi("/api/v1/organisations/region-norrbotten/audit?action=login&limit=1000");
  const people = sessions.items.map((i) => i.actor).sort();
  // Anna in the browser and in the replay test, the person without roles: nobody else.
  assert.deepEqual(people, ["anna.andersson", "anna.andersson", "utan.roll"]);
});

// Each started sign-in is stored until used or expired: one client address gets at most
// 20 under way (src/auth/oidc.cpp), so that it cannot fill the database. Last, as it uses
// up this address's sign-ins for ten minutes.
test("starting sign-ins without end is refused per client address (429)", async () => {
  const statuses = [];
  for (let i = 0; i < 25; i++) {
    const res = await fetch(styrkort.base + "/api/v1/auth/oidc/login", { redirect: "manual" });
    statuses.push(res.status);
    if (res.status === 429) {
      const body = await res.json();
      assert.match(body.error.message, /för många påbörjade inloggningar/);
    }
  }
  const firstRefused = statuses.indexOf(429);
  assert.ok(firstRefused > 0 && firstRefused <= 20, `refused after at most 20: ${statuses}`);
  assert.ok(statuses.slice(0, firstRefused).every((s) => s === 302), `${statuses}`);
  assert.ok(statuses.slice(firstRefused).every((s) => s === 429), `stays refused: ${statuses}`);
});
