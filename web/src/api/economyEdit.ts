// Writing the economy through the generic entity API (POST/PATCH …/{collection}[/{id}],
// several changes of one action as one batch), and who may: controllers over the record's unit, in a plan
// that is not frozen (budget follow-up stays open in an approved plan). After each
// save the plan's economy and the check's findings are fetched again, so that UB, the
// sums and the findings follow.
import { useQueryClient } from "@tanstack/react-query";
import { useMe } from "./auth";
import { applyBatch, type BatchChange } from "./batch";
import { orgBase, request } from "./client";
import { useOrganisation, useUnits } from "./hooks";
import type { Id, Plan, Unit } from "./types";
import { holdsRole, holdsRoleAnywhere, isFrozen, recordUnit, unitsWithRole } from "../lib/permissions";

export type EconomyCollection =
  | "economy-tables" | "cost-frame-lines" | "frame-change-lines" | "budget-follow-ups" | "investment-requests";

export function useEconomyWriter(org: string | undefined, planId: Id) {
  const client = useQueryClient();
  const base = (collection: EconomyCollection) => `${orgBase(org!)}/${collection}`;
  return {
    create: <T>(collection: EconomyCollection, body: Record<string, unknown>) => request<T>("POST", base(collection), body),
    // `version`: the record's row_version as shown; a change made since is refused (409).
    patch: <T>(collection: EconomyCollection, id: Id, body: Record<string, unknown>, version: number | undefined) =>
      request<T>("PATCH", `${base(collection)}/${id}`, body, version),
    // Several changes of one user action: one transaction (api/batch.ts).
    batch: (changes: BatchChange[]) => applyBatch(org!, changes),
    refresh: () => Promise.all([
      client.invalidateQueries({ queryKey: ["economy", org, planId] }),
      client.invalidateQueries({ queryKey: ["checks", org, planId] }),
    ]),
  };
}
export type EconomyWriter = ReturnType<typeof useEconomyWriter>;

export interface EconomyAccess {
  signedIn: boolean;
  // A controller somewhere in the organisation (the forms are offered).
  controller: boolean;
  // The plan's content is frozen (approved, submitted, archived).
  frozen: boolean;
  // May change a record of the plan with this unit (null: the plan's owner unit).
  mayChange: (record: { unit_id?: Id | null }) => boolean;
  // Units over which the user is controller (for budget follow-up's unit picker).
  controllerUnits: Unit[];
  units: Unit[];
}

export function useEconomyAccess(org: string | undefined, plan: Plan | undefined): EconomyAccess {
  const me = useMe();
  const organisation = useOrganisation();
  const units = useUnits(org);
  const orgId = organisation.data?.id ?? -1;
  const all = units.data ?? [];
  const identity = me.data ?? null;
  return {
    signedIn: !!identity,
    controller: holdsRoleAnywhere(identity, orgId, "controller"),
    frozen: plan ? isFrozen(plan) : true,
    mayChange: (record) => !!plan && holdsRole(identity, orgId, "controller", recordUnit(record, plan), all),
    controllerUnits: unitsWithRole(identity, orgId, "controller", all),
    units: all,
  };
}
