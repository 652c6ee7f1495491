import { Fragment, type ReactNode } from "react";
import type { EconomyFinding, EconomyTable } from "../api/economyTypes";
import type { EconomyData } from "../lib/economy";
import { TableChecks, TableHeading } from "./EconomyParts";

export interface ChecksInput { data: EconomyData; findings: EconomyFinding[] | undefined; findingsError: unknown }

// One part of the economy page: its heading, then every table of the part the same
// way — the table's title and unit, the table itself, what may be edited beneath it,
// and the check of its sums. A part without tables is left out, or says `empty`.
export function EconomySection({ id, title, tables, checks, lead, empty, children }: {
  id: string; title: string; tables: EconomyTable[]; checks: ChecksInput; lead?: ReactNode; empty?: ReactNode;
  children: (table: EconomyTable) => ReactNode;
}) {
  if (tables.length === 0 && empty === undefined) return null;
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {lead}
      {tables.length === 0 && empty}
      {tables.map((table) => (
        <Fragment key={table.id}>
          <TableHeading table={table} />
          {children(table)}
          <TableChecks table={table} {...checks} />
        </Fragment>
      ))}
    </section>
  );
}
