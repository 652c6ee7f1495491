// Amounts typed by a controller, the Swedish way, turned into exact whole kronor.
//
// An amount is typed in the unit the table is published in (the field says which:
// "Belopp (tkr)"), e.g. "1 234,5" in a tkr table is 1 234 500 kr; a unit typed after
// the number overrides it ("−2,5 mnkr" is −2 500 000 kr in any table). Spaces (also
// no-break and thin spaces) group thousands; the decimal separator is a comma (a point
// is accepted too); the minus may be "-" or "−". Money is exact: a value that does not
// come out in whole kronor (more than 3 decimals in tkr, 6 in mnkr, any in kr) is
// refused with a message that says so, never rounded.
import type { AmountUnit } from "./economy";

export const kronorPerUnit: Record<AmountUnit, number> = { kr: 1, tkr: 1_000, mnkr: 1_000_000 };
// Decimals an amount in the unit may have and still be whole kronor.
export const maxDecimals: Record<AmountUnit, number> = { kr: 0, tkr: 3, mnkr: 6 };

export type AmountParse =
  | { ok: true; kronor: number }
  // An i18n key and its values: the caller shows t(key, values).
  | { ok: false; error: string; values?: Record<string, string | number> };

const amountPattern = /^([+\-\u2212]?)(\d+)(?:[,.](\d+))?(?:(kr|tkr|mnkr))?$/i;

export function parseAmount(text: string, unit: AmountUnit): AmountParse {
  const cleaned = text.trim().replace(/[\s\u00a0\u2009\u202f]/g, "");
  if (cleaned === "") return { ok: false, error: "money.required" };
  const m = amountPattern.exec(cleaned);
  if (!m) return { ok: false, error: "money.notAmount" };
  const [, sign, whole, fraction = "", typedUnit] = m;
  const inUnit = (typedUnit?.toLowerCase() as AmountUnit | undefined) ?? unit;
  const allowed = maxDecimals[inUnit];
  // Trailing zeros say nothing ("2,500 mnkr" is 2,5 mnkr); other digits beyond the krona do.
  const significant = fraction.replace(/0+$/, "");
  if (significant.length > allowed) {
    return allowed === 0
      ? { ok: false, error: "money.wholeKronor" }
      : { ok: false, error: "money.tooManyDecimals", values: { max: allowed, unit: inUnit } };
  }
  // Exact in decimal digits: whole part followed by the fraction padded to the krona.
  const digits = (whole + significant.padEnd(allowed, "0")).replace(/^0+(?=\d)/, "");
  const magnitude = Number(digits);
  if (!Number.isSafeInteger(magnitude)) return { ok: false, error: "money.tooLarge" };
  const negative = sign === "-" || sign === "\u2212";
  return { ok: true, kronor: negative && magnitude !== 0 ? -magnitude : magnitude };
}

// A stored amount as the text a person would type to get it back exactly, in the unit
// ("1234,5" for 1 234 500 kr in tkr): what an edit form starts with.
export function amountInput(kronor: number | null | undefined, unit: AmountUnit): string {
  if (kronor === null || kronor === undefined) return "";
  const per = kronorPerUnit[unit];
  const magnitude = Math.abs(kronor);
  const whole = Math.floor(magnitude / per);
  const fraction = String(magnitude % per).padStart(maxDecimals[unit], "0").replace(/0+$/, "");
  return (kronor < 0 ? "\u2212" : "") + String(whole) + (fraction ? "," + fraction : "");
}

// (value − budget), and per cent of |budget| to one decimal, rounded half away from
// zero exactly as the server does (domain/economy/rules.cpp: deviation).
export function deviation(budget: number, value: number | null): { kronor: number | null; percent: number | null } {
  if (value === null) return { kronor: null, percent: null };
  const kronor = value - budget;
  if (budget === 0) return { kronor, percent: null };
  const scaled = kronor * 1000;
  const b = Math.abs(budget);
  let q = Math.trunc(scaled / b);
  const r = scaled - q * b;
  if (2 * Math.abs(r) >= b) q += scaled < 0 ? -1 : 1;
  return { kronor, percent: q / 10 };
}

// The deviation of a whole table of budget follow-up: the lines that have the value
// (outcome or forecast) against their own budgets, summed — a line without an outcome
// does not count its budget as spent.
export function totalDeviation(lines: { budget: number; outcome: number | null; forecast: number | null }[], of: "outcome" | "forecast") {
  const reported = lines.filter((l) => l[of] !== null);
  if (reported.length === 0) return { kronor: null, percent: null };
  let budget = 0;
  let value = 0;
  for (const l of reported) {
    budget += l.budget;
    value += l[of] as number;
  }
  return deviation(budget, value);
}
