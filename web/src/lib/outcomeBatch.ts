// The follow-up form's women, men and total as one request (POST …/outcomes/batch):
// each value replaces the outcome already stored for the same unit, period and sex
// (sent with its id) or creates one. The server saves all of them or none.
import type { Outcome, Sex } from "../api/types";

export type OutcomeBase = Omit<Outcome, "id" | "sex" | "value">;

export function outcomeBatch(existing: Outcome[], base: OutcomeBase, values: Partial<Record<Sex, number>>) {
  const outcomes = (Object.entries(values) as [Sex, number][]).map(([sex, value]) => {
    const same = existing.find((o) => o.measure_id === base.measure_id && o.unit_id === base.unit_id && o.year === base.year
      && o.point === base.point && (o.sex ?? "total") === sex && !o.age_group && !o.municipality);
    return same ? { id: same.id, ...base, sex, value } : { ...base, sex, value };
  });
  return { outcomes };
}
