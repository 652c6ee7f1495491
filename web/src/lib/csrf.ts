// The CSRF token of the signed-in session: the server sets it in the readable cookie
// styrkort_csrf (the session cookie itself is HttpOnly), and every change must send it
// back in the X-CSRF-Token header (double submit).
export function csrfTokenFrom(cookies: string): string | null {
  for (const part of cookies.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === "styrkort_csrf") {
      const value = rest.join("=");
      return value ? decodeURIComponent(value) : null;
    }
  }
  return null;
}

export const changesState = (method: string) => !["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase());
