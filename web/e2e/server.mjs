// Starts the real `styrkort serve` on a fresh SQLite file in a temp folder (filled with
// the shipped Norrbotten plans) and the built client, on a free port.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const repoDir = path.resolve(webDir, "..");

// The first administrator's password, given to the server at its first start.
export const adminPassword = "Norrsken-över-Luleå-42";

export async function startServer() {
  const binary = process.env.STYRKORT_BINARY ?? path.join(repoDir, "build", "styrkort");
  if (!existsSync(binary)) throw new Error(`styrkort binary not found at ${binary}: build it first`);
  const dist = process.env.STYRKORT_WEB_DIR ?? path.join(webDir, "dist");
  if (!existsSync(path.join(dist, "index.html"))) {
    throw new Error(`the web client is not built (${dist}/index.html missing): run npm ci && npm run build in web/`);
  }
  const dir = mkdtempSync(path.join(tmpdir(), "styrkort-e2e-"));
  const child = spawn(binary, ["serve", "--port", "0", "--db", path.join(dir, "e2e.db"), "--quiet"], {
    env: { ...process.env, STYRKORT_ADMIN_PASSWORD: adminPassword, STYRKORT_WEB_DIR: dist, STYRKORT_DATA_DIR: path.join(repoDir, "data"), LANG: "C" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("server did not start within 60 s:\n" + log)), 60_000);
    child.stderr.on("data", (chunk) => {
      log += chunk;
      const m = /listening on http:\/\/[^:]+:(\d+)\//.exec(log);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}:\n${log}`)); });
  });
  const base = `http://127.0.0.1:${port}`;
  // The test's own API calls act as the administrator: signed in once, with the
  // session cookie and its CSRF token on every call.
  let session = null;
  async function signIn() {
    const res = await fetch(base + "/api/v1/auth/login", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: "admin", password: adminPassword }),
    });
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
    const cookie = /styrkort_session=([^;]+)/.exec(res.headers.get("set-cookie") ?? "");
    if (!cookie) throw new Error("sign-in set no session cookie");
    return { cookie: `styrkort_session=${cookie[1]}`, csrf: (await res.json()).csrf_token };
  }
  return {
    base,
    async api(method, url, body) {
      session ??= await signIn();
      const headers = { Cookie: session.cookie, "X-CSRF-Token": session.csrf };
      if (body) headers["Content-Type"] = "application/json";
      const res = await fetch(base + url, { method, headers, body: body ? JSON.stringify(body) : undefined });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : null, headers: res.headers };
    },
    // The local operator's CLI on the same database (e.g. `user add`, `user role`), as an
    // installation's operator sets up accounts; `input` goes to its stdin.
    cli(args, input = "") {
      const r = spawnSync(binary, [...args, "--db", path.join(dir, "e2e.db")], {
        input, encoding: "utf8", env: { ...process.env, STYRKORT_DATA_DIR: path.join(repoDir, "data"), LANG: "C" },
      });
      if (r.status !== 0) throw new Error(`styrkort ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
      return r.stdout;
    },
    async stop() {
      child.removeAllListeners("exit");
      await new Promise((resolve) => { child.once("exit", resolve); child.kill("SIGTERM"); });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
