// Completeness → how a heat-map cell is shown (docs/reporting-round.md). The text says
// everything ("3 av 5 (60 %)", "inget att rapportera"); the colour only repeats the
// per cent in five steps, so nothing is said by colour alone.
import type { Counts, CompletenessUnit, PartName } from "../api/reportingRoundTypes";

export type Level = "none" | "0" | "1" | "2" | "3" | "4";

// 0: nothing done; 4: everything; "none": nothing to report.
export function levelOf(c: Counts): Level {
  if (c.percent === null || c.required === 0) return "none";
  if (c.done >= c.required) return "4";
  if (c.percent >= 75) return "3";
  if (c.percent >= 50) return "2";
  if (c.done > 0) return "1";
  return "0";
}

// The parts in which a unit misses something, in heat-map order.
export function missingParts(u: CompletenessUnit, parts: PartName[]): PartName[] {
  return parts.filter((p) => u.parts[p].required > u.parts[p].done);
}
