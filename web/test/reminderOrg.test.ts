import { describe, expect, it } from "vitest";
import { periodLabel, reminderOrg } from "../src/lib/reminderOrg";

describe("reminderOrg", () => {
  it("takes the address's organisation first, then a held role's, then the first", () => {
    expect(reminderOrg("region-norrbotten", [3], 1)).toBe("region-norrbotten");
    expect(reminderOrg(null, [0, 3], 1)).toBe("3");
    expect(reminderOrg(null, [0], 1)).toBe("1");
    expect(reminderOrg(null, [], undefined)).toBeUndefined();
  });
  it("names a period as people say it", () => {
    expect(periodLabel(2026, "da04", "sv")).toBe("2026 DÅ 04");
    expect(periodLabel(2026, "ar", "en")).toBe("2026 ÅR (annual report)");
  });
});
