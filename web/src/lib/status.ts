// Status → how it is shown. Never colour alone: every status has a text and a symbol.
import type { ActivityStatus, ScorecardStatus } from "../api/types";

export type Tone = "good" | "warn" | "bad" | "neutral" | "info";

export interface StatusLook { labelKey: string; icon: string; tone: Tone }

export const activityStatuses: ActivityStatus[] = ["not_started", "in_progress", "done", "delayed", "cancelled"];

const activityLooks: Record<ActivityStatus, StatusLook> = {
  not_started: { labelKey: "activityStatus.not_started", icon: "○", tone: "neutral" },
  in_progress: { labelKey: "activityStatus.in_progress", icon: "◐", tone: "info" },
  done: { labelKey: "activityStatus.done", icon: "✓", tone: "good" },
  delayed: { labelKey: "activityStatus.delayed", icon: "!", tone: "warn" },
  cancelled: { labelKey: "activityStatus.cancelled", icon: "✕", tone: "neutral" },
};

export const scorecardStatuses: ScorecardStatus[] = ["met", "improving", "not_met", "no_data", "info_only"];

const scorecardLooks: Record<ScorecardStatus, StatusLook> = {
  met: { labelKey: "scoreStatus.met", icon: "✓", tone: "good" },
  improving: { labelKey: "scoreStatus.improving", icon: "↗", tone: "warn" },
  not_met: { labelKey: "scoreStatus.not_met", icon: "✕", tone: "bad" },
  no_data: { labelKey: "scoreStatus.no_data", icon: "?", tone: "neutral" },
  info_only: { labelKey: "scoreStatus.info_only", icon: "i", tone: "info" },
};

// A goal's status on the scorecard is its assessment (met, partly met, not met, not
// assessed), while measures carry met / improving / not met / no data / info only.
const goalLooks: Record<string, StatusLook> = {
  partly_met: { labelKey: "assessmentStatus.partly_met", icon: "◐", tone: "warn" },
  no_status: { labelKey: "scoreStatus.no_status", icon: "–", tone: "neutral" },
};

const unknownLook: StatusLook = { labelKey: "status.unknown", icon: "?", tone: "neutral" };

export function activityStatusLook(status: string | null | undefined): StatusLook {
  if (!status) return { labelKey: "activityStatus.none", icon: "–", tone: "neutral" };
  return activityLooks[status as ActivityStatus] ?? unknownLook;
}

export function scorecardStatusLook(status: string | null | undefined): StatusLook {
  return scorecardLooks[status as ScorecardStatus] ?? (status ? goalLooks[status] : undefined) ?? unknownLook;
}

// The worst status wins when statuses are summarised: one unmet goal is what a reader
// must see first.
export function worstScorecardStatus(statuses: ScorecardStatus[]): ScorecardStatus {
  const order: ScorecardStatus[] = ["not_met", "improving", "met", "no_data", "info_only"];
  for (const s of order) if (statuses.includes(s)) return s;
  return "no_data";
}
