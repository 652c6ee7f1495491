import { describe, expect, it } from "vitest";
import { en, sv } from "../src/locales";
import { activityStatusLook, activityStatuses, scorecardStatusLook, scorecardStatuses, worstScorecardStatus } from "../src/lib/status";

const lookup = (tree: unknown, key: string) => key.split(".").reduce((node: any, k) => node?.[k], tree);

describe("status mapping", () => {
  it("gives every status a symbol and a text in both languages, never colour alone", () => {
    const looks = [...activityStatuses.map(activityStatusLook), ...scorecardStatuses.map(scorecardStatusLook)];
    for (const look of looks) {
      expect(look.icon.length).toBeGreaterThan(0);
      expect(typeof lookup(sv, look.labelKey)).toBe("string");
      expect(typeof lookup(en, look.labelKey)).toBe("string");
    }
    const icons = scorecardStatuses.map((s) => scorecardStatusLook(s).icon);
    expect(new Set(icons).size).toBe(icons.length);
  });
  it("maps statuses to tones and labels", () => {
    expect(activityStatusLook("done")).toMatchObject({ tone: "good", labelKey: "activityStatus.done" });
    expect(activityStatusLook("delayed").tone).toBe("warn");
    expect(scorecardStatusLook("not_met").tone).toBe("bad");
    expect(lookup(sv, scorecardStatusLook("met").labelKey)).toBe("Uppfyllt");
  });
  it("shows a goal's assessment statuses too", () => {
    expect(scorecardStatusLook("partly_met")).toMatchObject({ tone: "warn", labelKey: "assessmentStatus.partly_met" });
    expect(lookup(sv, scorecardStatusLook("no_status").labelKey)).toBe("Ej bedömt");
  });
  it("says 'not reported' for no status and 'unknown' for a status it does not know", () => {
    expect(activityStatusLook(null).labelKey).toBe("activityStatus.none");
    expect(activityStatusLook("frozen").labelKey).toBe("status.unknown");
    expect(scorecardStatusLook(undefined).labelKey).toBe("status.unknown");
  });
  it("summarises with the worst status first", () => {
    expect(worstScorecardStatus(["met", "not_met", "improving"])).toBe("not_met");
    expect(worstScorecardStatus(["met", "no_data"])).toBe("met");
    expect(worstScorecardStatus([])).toBe("no_data");
  });
});
