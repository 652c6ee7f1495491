// Which organisation the reminder pages are about: the one the address names (?org=),
// else the first in which the signed-in person holds a role, else the installation's
// first organisation. Pure, so that it is tested without a browser.
export function reminderOrg(param: string | null, roleOrgs: number[], firstOrg: number | undefined): string | undefined {
  if (param) return param;
  const held = roleOrgs.find((o) => o !== 0);
  if (held !== undefined) return String(held);
  return firstOrg !== undefined ? String(firstOrg) : undefined;
}

// "2026 DÅ 04": a reporting period as people say it.
export function periodLabel(year: number, point: string, language: string): string {
  const sv: Record<string, string> = { da04: "DÅ 04", da08: "DÅ 08", ar: "ÅR", every_4_years: "vart fjärde år" };
  const en: Record<string, string> = { da04: "DÅ 04 (April)", da08: "DÅ 08 (August)", ar: "ÅR (annual report)", every_4_years: "every four years" };
  const names = language === "en" ? en : sv;
  return `${year} ${names[point] ?? point.toUpperCase()}`;
}
