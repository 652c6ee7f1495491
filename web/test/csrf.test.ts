import { describe, expect, it } from "vitest";
import { changesState, csrfTokenFrom } from "../src/lib/csrf";

describe("csrfTokenFrom", () => {
  it("finds the token among other cookies", () => {
    expect(csrfTokenFrom("theme=dark; styrkort_csrf=abc123; other=1")).toBe("abc123");
  });
  it("decodes an encoded token and keeps '=' inside it", () => {
    expect(csrfTokenFrom("styrkort_csrf=a%2Bb=c")).toBe("a+b=c");
  });
  it("is null when signed out (cookie absent or cleared)", () => {
    expect(csrfTokenFrom("")).toBeNull();
    expect(csrfTokenFrom("styrkort_csrf=")).toBeNull();
    expect(csrfTokenFrom("xstyrkort_csrf=abc")).toBeNull();
  });
  it("over https reads only the __Host- cookie", () => {
    expect(csrfTokenFrom("styrkort_csrf=planted; __Host-styrkort_csrf=real", true)).toBe("real");
    expect(csrfTokenFrom("styrkort_csrf=planted", true)).toBeNull();
    expect(csrfTokenFrom("__Host-styrkort_csrf=real")).toBeNull();
  });
});

describe("changesState", () => {
  it("is true for methods that change something", () => {
    for (const m of ["POST", "PUT", "PATCH", "DELETE", "post"]) expect(changesState(m)).toBe(true);
  });
  it("is false for reads", () => {
    for (const m of ["GET", "HEAD", "OPTIONS"]) expect(changesState(m)).toBe(false);
  });
});
