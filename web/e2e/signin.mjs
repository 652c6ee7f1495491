// Signing in and out through the pages, as a user does; shared by the e2e suites.

// Signs in on the sign-in page and waits until the header names the user.
export async function signIn(page, base, username, password, displayName) {
  await page.goto(base + "/login");
  await page.getByLabel("Användarnamn").fill(username);
  await page.getByLabel("Lösenord").fill(password);
  await page.getByRole("button", { name: "Logga in" }).click();
  await page.getByText(`Inloggad som ${displayName}`).waitFor();
}

// Signs out whoever is signed in, then signs in as `username`. Signed out from the list
// of plans: the pages for members would ask once more (401) while the sign-out resets
// what they hold.
export async function signInAs(page, base, username, password, displayName) {
  await page.goto(base + "/");
  await page.getByRole("heading", { level: 1, name: "Planer" }).waitFor();
  await page.locator(".account").getByText(/Inloggad som|Logga in/).first().waitFor();
  const out = page.getByRole("button", { name: "Logga ut" });
  if (await out.count()) {
    await out.click();
    await page.locator(".account").getByRole("link", { name: "Logga in" }).waitFor();
  }
  await signIn(page, base, username, password, displayName);
}
