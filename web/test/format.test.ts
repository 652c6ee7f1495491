import { describe, expect, it } from "vitest";
import { comparePeriods, formatNumber, formatValue, parseDecimal } from "../src/lib/format";

describe("formatting", () => {
  it("formats numbers the Swedish way with a decimal comma and a narrow space between thousands", () => {
    expect(formatNumber(1234.56, "sv")).toBe("1\u00a0234,6");
    expect(formatNumber(0.5, "sv")).toBe("0,5");
    expect(formatNumber(1234.56, "en")).toBe("1,234.6");
  });
  it("shows a dash for missing or non-finite values instead of a made-up zero", () => {
    expect(formatNumber(null)).toBe("–");
    expect(formatNumber(undefined)).toBe("–");
    expect(formatNumber(Number.NaN)).toBe("–");
    expect(formatValue(null, "%")).toBe("–");
  });
  it("puts a non-breaking space between value and unit", () => {
    expect(formatValue(85, "%")).toBe("85\u00a0%");
    expect(formatValue(3, null)).toBe("3");
  });
  it("parses typed decimals with comma or point and rejects anything else", () => {
    expect(parseDecimal("12,5")).toBe(12.5);
    expect(parseDecimal(" 1 234,0 ")).toBe(1234);
    expect(parseDecimal("-3")).toBe(-3);
    expect(parseDecimal("")).toBeNull();
    expect(parseDecimal("12,5,1")).toBeNull();
    expect(parseDecimal("abc")).toBeNull();
    expect(parseDecimal("1e5")).toBeNull();
  });
  it("orders reporting points within a year: T1, DÅ 04, T2, DÅ 08, T3, annual report", () => {
    const periods = [
      { year: 2025, point: "ar" as const }, { year: 2025, point: "da08" as const }, { year: 2024, point: "ar" as const },
      { year: 2025, point: "da04" as const }, { year: 2025, point: "t1" as const },
    ];
    expect([...periods].sort(comparePeriods).map((p) => `${p.year}${p.point}`))
      .toEqual(["2024ar", "2025t1", "2025da04", "2025da08", "2025ar"]);
  });
});
