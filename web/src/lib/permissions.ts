// What the signed-in user may change, as the server decides it (docs/permissions.md):
// a role is held on a unit and everything below it, or on the whole organisation (no
// unit); the installation administrator holds every role. The client only uses this
// to offer buttons; the server checks every write again and its refusal is shown.
import type { Id, Plan, Unit } from "../api/types";

export interface RoleGrant { organisation_id: number; role: string; unit_id: number | null }
export interface Identity { roles: RoleGrant[]; installation_admin: boolean }

// Whether `role` is held over `unitId` (null: a record under no unit, which needs the
// role on the whole organisation).
export function holdsRole(me: Identity | null | undefined, orgId: Id, role: string, unitId: Id | null, units: Unit[]): boolean {
  if (!me) return false;
  if (me.installation_admin) return true;
  const ancestors = new Set<Id>();
  const byId = new Map(units.map((u) => [u.id, u]));
  let current = unitId === null ? undefined : byId.get(unitId);
  while (current && !ancestors.has(current.id)) {
    ancestors.add(current.id);
    current = current.parent_id === null ? undefined : byId.get(current.parent_id);
  }
  if (unitId !== null && !byId.has(unitId)) ancestors.add(unitId);
  return me.roles.some((r) => r.organisation_id === orgId && r.role === role && (r.unit_id === null || ancestors.has(r.unit_id)));
}

// Whether `role` is held anywhere in the organisation: enough to offer a form whose
// unit is chosen in it.
export function holdsRoleAnywhere(me: Identity | null | undefined, orgId: Id, role: string): boolean {
  if (!me) return false;
  return me.installation_admin || me.roles.some((r) => r.organisation_id === orgId && r.role === role);
}

// The units over which `role` is held (for a unit picker).
export function unitsWithRole(me: Identity | null | undefined, orgId: Id, role: string, units: Unit[]): Unit[] {
  return units.filter((u) => holdsRole(me, orgId, role, u.id, units));
}

// A record of a plan belongs to its own unit, else to the plan's owner unit.
export function recordUnit(record: { unit_id?: Id | null }, plan: Pick<Plan, "owner_unit_id">): Id | null {
  return record.unit_id ?? plan.owner_unit_id ?? null;
}

// Submitted, approved and archived plans are frozen (docs/workflow.md): their content
// changes only in a new version. Budget follow-up stays open.
export function isFrozen(plan: Pick<Plan, "status">): boolean {
  return plan.status === "submitted" || plan.status === "approved" || plan.status === "archived";
}
