import type { ComponentProps } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { useComments } from "../api/authoringHooks";
import type { Id } from "../api/types";
import { WorkflowControls } from "./WorkflowControls";

// A plan version's workflow buttons; submitting while the review has unresolved
// comments first lists them (docs/authoring.md "Review"), and the planner decides.
export function PlanWorkflowControls({ org, planId, ...props }: { org: string | undefined; planId: Id } & ComponentProps<typeof WorkflowControls>) {
  const { t } = useTranslation();
  const comments = useComments(org, planId);
  const open = (comments.data?.items ?? []).filter((c) => !c.resolved);
  const confirm = open.length === 0 ? undefined : {
    action: "submit" as const,
    title: t("comments.unresolvedTitle"),
    content: (
      <>
        <p>{t("comments.unresolvedLead")}</p>
        <ul className="unresolved-comments">
          {open.map((c) => (
            <li key={c.id}>
              <strong>{c.entity === "plan" ? t("comments.planItself") : c.item_label}</strong>: {c.body}{" "}
              <span className="muted small">({c.author})</span>
            </li>
          ))}
        </ul>
        <p><Link to={`/plans/${planId}/edit`}>{t("authoring.edit")}</Link></p>
      </>
    ),
  };
  return <WorkflowControls {...props} confirm={confirm} />;
}
