import { useParams } from "react-router-dom";
import { useOrganisation, usePlan } from "../api/hooks";

// What every plan page needs: the organisation and the plan with its content.
export function usePlanPage() {
  const params = useParams();
  const planId = Number(params.planId);
  const org = useOrganisation();
  const orgKey = org.data?.key;
  const plan = usePlan(orgKey, planId);
  return { params, planId, orgKey, org, plan, error: org.error ?? plan.error, loading: org.isPending || plan.isPending };
}
