import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type RowData } from "@tanstack/react-table";
import type { ReactNode } from "react";

// What a column of an economy table says beyond its header and cells: a number (right
// aligned, as the plans print them), the row's own header (<th scope="row">), and the
// column's sum over any set of rows (a group's subtotal, the table's total).
declare module "@tanstack/react-table" {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    num?: boolean;
    rowHeader?: boolean;
    className?: string;
    total?: (rows: TData[]) => ReactNode;
  }
}

// A table that may be wider than a tablet: it scrolls inside its own region, which a
// keyboard user can focus and scroll.
export function ScrollTable({ label, children }: { label: string; children: ReactNode }) {
  return <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>{children}</div>;
}

// A row of sums: its label (in the row-header column) over the rows summed; `cells`
// replaces a column's sum (e.g. with the plan's own differing figure beside it).
export interface SumRow<T> { key: string; label: ReactNode; rows: T[]; cells?: Record<string, ReactNode> }
// A group of rows (a <tbody>): its heading row, when it has one, and its subtotals.
export interface RowGroup<T> { key: string; title?: ReactNode; rows: T[]; sums?: SumRow<T>[] }

// Every economy table, built from TanStack column definitions: the
// column headers (<th scope="col">), one <tbody> per group with its heading and
// subtotals, and the totals in <tfoot>, each sum taken by the column's own `total`.
// Labelled by the table's heading, scrolling in its own focusable region.
// `labelledBy`: the heading that names the table (else `label` does); `compact`: the
// smaller table of an editor.
export function EconomyGrid<T>({ label, labelledBy, compact = false, columns, groups, footer = [], rowKey, rowClass }: {
  label: string; labelledBy?: string; compact?: boolean; columns: ColumnDef<T, any>[]; groups: RowGroup<T>[]; footer?: SumRow<T>[];  // eslint-disable-line @typescript-eslint/no-explicit-any
  rowKey: (row: T) => string; rowClass?: (row: T) => string | undefined;
}) {
  const data = groups.flatMap((g) => g.rows);
  // The rows are rebuilt from the plan's data on every render: nothing of the table's own
  // state (pages, expansion) is reset on new rows, which would render again and again.
  const table = useReactTable({
    data, columns, getCoreRowModel: getCoreRowModel(), getRowId: (row) => rowKey(row), autoResetAll: false,
  });
  const byId = new Map(table.getRowModel().rows.map((r) => [r.id, r]));
  const leaves = table.getVisibleLeafColumns();
  const cellClass = (meta: { num?: boolean; className?: string } | undefined) =>
    [meta?.num ? "num" : "", meta?.className ?? ""].filter(Boolean).join(" ") || undefined;
  const sumRow = (s: SumRow<T>, className?: string) => (
    <tr key={s.key} className={className}>
      {leaves.map((c) => {
        const meta = c.columnDef.meta;
        if (meta?.rowHeader) return <th key={c.id} scope="row" className={meta.className}>{s.label}</th>;
        const value = s.cells && c.id in s.cells ? s.cells[c.id] : meta?.total?.(s.rows);
        return <td key={c.id} className={cellClass(meta)}>{value ?? ""}</td>;
      })}
    </tr>
  );
  return (
    <ScrollTable label={label}>
      <table className={compact ? "table table--compact" : "table"} aria-labelledby={labelledBy} aria-label={labelledBy ? undefined : label}>
        <thead>
          {table.getHeaderGroups().map((hg) => (
            <tr key={hg.id}>
              {hg.headers.map((h) => (
                <th key={h.id} scope="col" className={cellClass(h.column.columnDef.meta)}>
                  {h.isPlaceholder ? null : flexRender(h.column.columnDef.header, h.getContext())}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        {groups.map((g) => (
          <tbody key={g.key}>
            {g.title !== undefined && <tr className="row--group"><th scope="rowgroup" colSpan={leaves.length}>{g.title}</th></tr>}
            {g.rows.map((original) => {
              const row = byId.get(rowKey(original))!;
              return (
                <tr key={row.id} className={rowClass?.(original)}>
                  {row.getVisibleCells().map((cell) => {
                    const meta = cell.column.columnDef.meta;
                    const content = flexRender(cell.column.columnDef.cell, cell.getContext());
                    return meta?.rowHeader
                      ? <th key={cell.id} scope="row" className={meta.className}>{content}</th>
                      : <td key={cell.id} className={cellClass(meta)}>{content}</td>;
                  })}
                </tr>
              );
            })}
            {(g.sums ?? []).map((s) => sumRow(s, "row--subtotal"))}
          </tbody>
        ))}
        {footer.length > 0 && <tfoot>{footer.map((s) => sumRow(s))}</tfoot>}
      </table>
    </ScrollTable>
  );
}
