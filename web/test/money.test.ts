import { describe, expect, it } from "vitest";
import { amountInput, deviation, parseAmount, totalDeviation } from "../src/lib/money";
import { formatAmount } from "../src/lib/economy";

describe("parseAmount: amounts typed the Swedish way, exact to the krona", () => {
  it("reads spaces as thousands separators and the comma as the decimal sign, in the table's unit", () => {
    expect(parseAmount("1 234 567", "kr")).toEqual({ ok: true, kronor: 1_234_567 });
    expect(parseAmount("1\u00a0234,5", "tkr")).toEqual({ ok: true, kronor: 1_234_500 });
    expect(parseAmount("36 500,0", "tkr")).toEqual({ ok: true, kronor: 36_500_000 });
    expect(parseAmount("0,08", "mnkr")).toEqual({ ok: true, kronor: 80_000 });
    expect(parseAmount("2.5", "mnkr")).toEqual({ ok: true, kronor: 2_500_000 });
  });
  it("takes the minus sign as typed or as printed, and a unit written after the number", () => {
    expect(parseAmount("\u22122,5 mnkr", "tkr")).toEqual({ ok: true, kronor: -2_500_000 });
    expect(parseAmount("-2,5", "mnkr")).toEqual({ ok: true, kronor: -2_500_000 });
    expect(parseAmount("+300 tkr", "mnkr")).toEqual({ ok: true, kronor: 300_000 });
    expect(parseAmount("−0", "tkr")).toEqual({ ok: true, kronor: 0 });
    expect(parseAmount("12 kr", "mnkr")).toEqual({ ok: true, kronor: 12 });
  });
  it("refuses more decimals than whole kronor allow, and never rounds", () => {
    expect(parseAmount("1,2345", "tkr")).toEqual({ ok: false, error: "money.tooManyDecimals", values: { max: 3, unit: "tkr" } });
    expect(parseAmount("2,5000001", "mnkr")).toEqual({ ok: false, error: "money.tooManyDecimals", values: { max: 6, unit: "mnkr" } });
    expect(parseAmount("12,5", "kr")).toEqual({ ok: false, error: "money.wholeKronor" });
    // Trailing zeros are not precision: 1,2340 tkr is 1 234 kr.
    expect(parseAmount("1,2340", "tkr")).toEqual({ ok: true, kronor: 1_234 });
    expect(parseAmount("2,500000 mnkr", "kr")).toEqual({ ok: true, kronor: 2_500_000 });
  });
  it("refuses what is not an amount", () => {
    for (const text of ["", "  ", "tolv", "1,2,3", "1 234,5,6", "--5", "5-", "1e6", "12 %", "mnkr"]) {
      expect(parseAmount(text, "tkr").ok, text).toBe(false);
    }
    expect(parseAmount("", "tkr")).toEqual({ ok: false, error: "money.required" });
    expect(parseAmount("99 999 999 999 999 999", "kr")).toEqual({ ok: false, error: "money.tooLarge" });
  });
  it("gives back, as text to edit, exactly the amount stored; formatting and parsing agree", () => {
    for (const [kronor, unit] of [[1_234_500, "tkr"], [-2_530_000, "mnkr"], [80_000, "mnkr"], [7, "tkr"], [0, "kr"], [-36_500_000, "tkr"]] as const) {
      expect(parseAmount(amountInput(kronor, unit), unit)).toEqual({ ok: true, kronor });
      expect(parseAmount(formatAmount(kronor, unit, 1), unit)).toEqual({ ok: true, kronor });
    }
    expect(amountInput(1_234_500, "tkr")).toBe("1234,5");
    expect(amountInput(-2_500_000, "mnkr")).toBe("\u22122,5");
    expect(amountInput(null, "tkr")).toBe("");
  });
});

describe("deviation: outcome or forecast against budget", () => {
  it("in kronor and in per cent of the budget's magnitude, one decimal, halves away from zero as the server", () => {
    expect(deviation(1_000_000, 1_050_000)).toEqual({ kronor: 50_000, percent: 5 });
    expect(deviation(-1_000_000, -1_050_000)).toEqual({ kronor: -50_000, percent: -5 });
    expect(deviation(3_000, 3_001)).toEqual({ kronor: 1, percent: 0 });
    expect(deviation(2_000, 2_001)).toEqual({ kronor: 1, percent: 0.1 });   // 0.05 % → 0.1
    expect(deviation(2_000, 1_999)).toEqual({ kronor: -1, percent: -0.1 });
    expect(deviation(0, 5)).toEqual({ kronor: 5, percent: null });
    expect(deviation(100, null)).toEqual({ kronor: null, percent: null });
  });
});

describe("totalDeviation: a table of budget follow-up summed", () => {
  it("counts only the lines that report the value, against their own budgets", () => {
    const lines = [
      { budget: 10_000_000, outcome: 4_800_500, forecast: 10_250_250 },
      { budget: 5_000_000, outcome: null, forecast: 4_500_000 },
    ];
    expect(totalDeviation(lines, "outcome")).toEqual({ kronor: -5_199_500, percent: -52 });
    expect(totalDeviation(lines, "forecast")).toEqual({ kronor: -249_750, percent: -1.7 });
    expect(totalDeviation([{ budget: 1, outcome: null, forecast: null }], "outcome")).toEqual({ kronor: null, percent: null });
  });
});
