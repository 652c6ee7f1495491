// A real OpenID Connect provider for the single sign-on tests: the npm package
// oidc-provider (certified OpenID Connect implementation), on 127.0.0.1 and a free
// port, with one confidential client (Styrkort) that must use PKCE, RSA signing keys
// made for this run, and the test people as accounts. Its own sign-in and consent
// pages (devInteractions) are what the browser fills in.
//
// One hook for the tampering test: forgeNextIdToken() makes the next token response
// carry an ID token with the same claims signed by another RSA key (as an attacker in
// the middle would), so that the test can show Styrkort refuses it.
import { generateKeyPair, exportJWK, SignJWT, decodeJwt, decodeProtectedHeader } from "jose";
import Provider from "oidc-provider";
import { createServer } from "node:http";

export const clientId = "styrkort";
export const clientSecret = "en-hemlighet-som-bara-testet-kanner-" + Math.random().toString(36).slice(2);

// The test people: the claim styrkort_roles carries their roles on org units.
export const accounts = {
  "anna.andersson": { name: "Anna Andersson", roles: ["planner@div-psykiatri", "reader"], email: "anna.andersson@norrbotten.example" },
  "utan.roll": { name: "Utan Roll", roles: [] },
  "admin": { name: "Falsk admin", roles: ["administrator"] },
};

async function freePort() {
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export async function startProvider({ redirectUri, postLogoutRedirectUri }) {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = await generateKeyPair("RS256", { modulusLength: 2048, extractable: true });
  const signing = { ...(await exportJWK(privateKey)), kid: "provider-key-1", use: "sig", alg: "RS256" };
  const attacker = await generateKeyPair("RS256", { modulusLength: 2048, extractable: true });
  let forgeNext = false;

  const provider = new Provider(issuer, {
    clients: [{
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      post_logout_redirect_uris: [postLogoutRedirectUri],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    }],
    pkce: { required: () => true },
    jwks: { keys: [signing] },
    cookies: { keys: ["provider-cookie-key-for-the-test-run"] },
    claims: { openid: ["sub"], profile: ["name", "preferred_username", "email"], styrkort: ["styrkort_roles"] },
    scopes: ["openid", "profile", "styrkort"],
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    async findAccount(ctx, sub) {
      const person = accounts[sub];
      if (!person) return undefined;
      return {
        accountId: sub,
        async claims() {
          return { sub, name: person.name, preferred_username: sub, styrkort_roles: person.roles, ...(person.email ? { email: person.email } : {}) };
        },
      };
    },
  });
  provider.on("server_error", (ctx, error) => console.error("provider error:", error));
  // The tampering hook: re-sign the ID token of the next token response.
  provider.use(async (ctx, next) => {
    await next();
    if (forgeNext && ctx.path === "/token" && ctx.body?.id_token) {
      forgeNext = false;
      const claims = decodeJwt(ctx.body.id_token);
      const { kid } = decodeProtectedHeader(ctx.body.id_token);
      ctx.body = { ...ctx.body, id_token: await new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid }).sign(attacker.privateKey) };
    }
  });
  const server = provider.listen(port, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return {
    issuer,
    forgeNextIdToken() { forgeNext = true; },
    async stop() { await new Promise((resolve) => server.close(resolve)); },
  };
}
