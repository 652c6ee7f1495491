// A frame change line (a row of "Utökning av ram", "Neddragning av ram", "Omfördelning
// inom ram") specifies the change of one net cost frame line in the detail table's
// category. When a controller adds, changes or deletes such a line, the frame line's
// column of that category moves by the same amount — turned into the frame table's sign
// convention (frames as negative costs in the 2025 plan, changes as positive frame) —
// so that the computed UB follows and `styrkort check` (economy.detail_vs_frame) stays
// reconciled. Pure: what to change; the page sends it.
import type { CostFrameLine, EconomyTable, FrameChangeLine } from "../api/economyTypes";
import type { BatchChange } from "../api/batch";
import type { Id } from "../api/types";
import { frameColumns, type FrameColumn } from "./economy";
import { keyFromName } from "./validation";

export interface FrameAdjustment { lineId: Id; column: FrameColumn; delta: number }

export function categoryColumn(detail: Pick<EconomyTable, "category">): FrameColumn | null {
  const c = detail.category;
  return c !== null && (frameColumns as readonly string[]).includes(c) ? (c as FrameColumn) : null;
}

// +1 when the detail table and the frame table count the same way, −1 when one is
// written as cost (negative) and the other as frame (positive).
export function signBetween(detail: Pick<EconomyTable, "sign_convention">, frame: Pick<EconomyTable, "sign_convention">): 1 | -1 {
  return detail.sign_convention !== null && frame.sign_convention !== null && detail.sign_convention !== frame.sign_convention ? -1 : 1;
}

type Placed = Pick<FrameChangeLine, "frame_line_id" | "amount">;

// What changing `before` into `after` (null: the line is new, or deleted) does to the
// frame lines: one adjustment per frame line whose column moves, none for lines
// without a frame line or a detail table without a category.
export function frameAdjustments(detail: EconomyTable, before: Placed | null, after: Placed | null,
  frameLines: CostFrameLine[], tables: EconomyTable[]): FrameAdjustment[] {
  const column = categoryColumn(detail);
  if (column === null) return [];
  const deltas = new Map<Id, number>();
  const move = (p: Placed | null, factor: 1 | -1) => {
    if (!p || p.frame_line_id === null) return;
    const line = frameLines.find((l) => l.id === p.frame_line_id);
    const frame = line && tables.find((t) => t.id === line.table_id);
    if (!line || !frame) return;
    deltas.set(line.id, (deltas.get(line.id) ?? 0) + factor * signBetween(detail, frame) * p.amount);
  };
  move(before, -1);
  move(after, 1);
  return [...deltas].filter(([, d]) => d !== 0).map(([lineId, delta]) => ({ lineId, column, delta }));
}

// The frame lines a detail line may specify: the lines of the net cost frame tables
// of the same year ("varav" lines included: they are frames too), main lines first.
export function frameLineChoices(detail: EconomyTable, tables: EconomyTable[], frameLines: CostFrameLine[]): CostFrameLine[] {
  const frames = new Set(tables.filter((t) => t.kind === "net_cost_frame" && (detail.year === null || t.year === detail.year)).map((t) => t.id));
  return frameLines.filter((l) => frames.has(l.table_id));
}

// A key for a new line: the table's key and the description, unique among `taken`.
export function newLineKey(prefix: string, description: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const base = `${prefix}-${keyFromName(description) || "rad"}`.slice(0, 80).replace(/-+$/, "");
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

// One change of a detail line and the frame lines it moves, as one batch (one
// transaction on the server): each frame line is changed from the value and version
// shown, so that a frame line another controller saved meanwhile is refused (409)
// rather than counted twice.
export function frameLineChanges(adjustments: FrameAdjustment[], frameLines: CostFrameLine[]): BatchChange[] {
  return adjustments.map((a) => {
    const line = frameLines.find((l) => l.id === a.lineId)!;
    return {
      action: "update", collection: "cost-frame-lines", id: a.lineId, row_version: line.row_version,
      record: { [a.column]: (line[a.column] ?? 0) + a.delta },
    };
  });
}
