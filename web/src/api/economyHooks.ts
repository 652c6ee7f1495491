// The plan's economy, fetched once per plan and shared by the economy pages, and the
// findings of `styrkort check` (GET …/plans/{id}/check) in the reader's language.
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { list, orgBase, request } from "./client";
import type {
  BudgetFollowUp, CostFrameLine, DelegationRule, EconomyFinding, EconomyTable, EconomyTotal, FrameChangeLine,
  InvestmentFrameLine, InvestmentRequest, PropertyInvestment, ResultLine,
} from "./economyTypes";
import type { Id } from "./types";
import type { EconomyData } from "../lib/economy";

export interface PlanEconomy extends EconomyData { budgetFollowUps: BudgetFollowUp[] }

export function useEconomy(org: string | undefined, planId: Id) {
  return useQuery({
    queryKey: ["economy", org, planId],
    enabled: !!org && Number.isInteger(planId),
    retry: false,
    queryFn: async (): Promise<PlanEconomy> => {
      const o = org!;
      const f = { plan_id: planId };
      const [tables, costFrameLines, frameChangeLines, resultLines, budgetFollowUps, investmentFrameLines,
        investmentRequests, propertyInvestments, totals, delegationRules] = await Promise.all([
        list<EconomyTable>(o, "economy-tables", f), list<CostFrameLine>(o, "cost-frame-lines", f),
        list<FrameChangeLine>(o, "frame-change-lines", f), list<ResultLine>(o, "result-lines", f),
        list<BudgetFollowUp>(o, "budget-follow-ups", f), list<InvestmentFrameLine>(o, "investment-frame-lines", f),
        list<InvestmentRequest>(o, "investment-requests", f), list<PropertyInvestment>(o, "property-investments", f),
        list<EconomyTotal>(o, "economy-totals", f), list<DelegationRule>(o, "delegation-rules", f),
      ]);
      return {
        tables, costFrameLines, frameChangeLines, resultLines, budgetFollowUps, investmentFrameLines, investmentRequests,
        propertyInvestments, totals, delegationRules,
      };
    },
  });
}

export function useEconomyFindings(org: string | undefined, planId: Id) {
  const { i18n } = useTranslation();
  return useQuery({
    queryKey: ["checks", org, planId, i18n.language],
    enabled: !!org && Number.isInteger(planId),
    retry: false,
    queryFn: async () => {
      const result = await request<{ findings: EconomyFinding[] }>("GET", `${orgBase(org!)}/plans/${planId}/check`);
      return result.findings.filter((f) => f.rule.startsWith("economy."));
    },
  });
}

export function economyExportUrl(org: string, planId: Id, format: "xlsx" | "csv"): string {
  return `${orgBase(org)}/plans/${planId}/economy?format=${format}`;
}
