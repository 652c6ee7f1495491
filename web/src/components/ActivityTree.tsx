import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import type { Unit } from "../api/types";
import type { ActivityNode } from "../lib/cascade";

export function ActivityTree({ nodes, planId, units }: { nodes: ActivityNode[]; planId: number; units: Map<number, Unit> }) {
  const { t } = useTranslation();
  if (nodes.length === 0) return null;
  return (
    <ul className="tree">
      {nodes.map((n) => (
        <li key={n.activity.id}>
          <div className="tree__item">
            <span className={`level level--${n.activity.level}`}>{t(`level.${n.activity.level}`)}</span>{" "}
            <Link to={`/plans/${planId}/activities/${n.activity.id}`}>{n.activity.name}</Link>
            {n.activity.owner_unit_id !== null && (
              <span className="muted small"> · {units.get(n.activity.owner_unit_id)?.name ?? ""}</span>
            )}
          </div>
          <ActivityTree nodes={n.children} planId={planId} units={units} />
        </li>
      ))}
    </ul>
  );
}
