import { flexRender, type Header } from "@tanstack/react-table";
import { useTranslation } from "react-i18next";

// A column header that sorts its table: a real button (keyboard and screen readers),
// the order announced through aria-sort and shown with an arrow.
export function SortHeader<T>({ header, className }: { header: Header<T, unknown>; className?: string }) {
  const { t } = useTranslation();
  const sorted = header.column.getIsSorted();
  const label = flexRender(header.column.columnDef.header, header.getContext());
  return (
    <th scope="col" className={className} aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none"}>
      {header.column.getCanSort() ? (
        <button type="button" className="sort" onClick={header.column.getToggleSortingHandler()}>
          {label}
          <span aria-hidden="true">{sorted === "asc" ? " ▲" : sorted === "desc" ? " ▼" : " ⇅"}</span>
          <span className="visually-hidden">
            {sorted ? ` (${t(sorted === "asc" ? "economy.sortedAsc" : "economy.sortedDesc")})` : ""}
          </span>
        </button>
      ) : label}
    </th>
  );
}
