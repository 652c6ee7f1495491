// The CSRF token of the signed-in session: the server sets it in the readable cookie
// styrkort_csrf (the session cookie itself is HttpOnly), and every change must send it
// back in the X-CSRF-Token header (double submit). Over https the cookie is named
// __Host-styrkort_csrf (docs/security.md), and only that one counts there.
export function csrfTokenFrom(cookies: string, https = false): string | null {
  const wanted = https ? "__Host-styrkort_csrf" : "styrkort_csrf";
  for (const part of cookies.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === wanted) {
      const value = rest.join("=");
      return value ? decodeURIComponent(value) : null;
    }
  }
  return null;
}

export const changesState = (method: string) => !["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase());
