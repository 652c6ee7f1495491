// Kolada's public KPI data (docs/kolada.md): the comparison of a measure linked to a
// KPI, the search of the imported catalogue, and linking and unlinking a measure.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, orgBase, request } from "./client";
import type { Id } from "./types";

export type Gender = "T" | "K" | "M";

export interface KoladaKpi { id: string; title: string; description: string | null; operating_area: string | null; divided_by_gender: boolean }
export interface KoladaLink { measure_id: Id; kpi: string; municipality: string; group: string | null; row_version: number }
export interface RawValue { period: number; gender: Gender; value: number | null; status: string }
export interface Series { municipality: string; title: string | null; role: "own" | "nation" | "region" | "group"; in_group: boolean; values: RawValue[] }
export interface Figure {
  period: number; gender: Gender; own: number | null; nation: number | null; difference_to_nation: number | null;
  rank: number | null; ranked: number; percentile: number | null; regions_median: number | null; group_mean: number | null; group_count: number;
}
export interface Comparison {
  measure_id: Id; measure_name: string | null; direction: string | null; link: KoladaLink;
  kpi: { id: string; title: string; description: string | null; divided_by_gender: boolean } | null;
  group: { id: string; title: string; members: string[] } | null;
  raw: { source: string; series: Series[] };
  figures: { source: string; source_en: string; periods: Figure[]; trend: Partial<Record<Gender, { per_year: number | null; word: string }>> };
  national_level: { period: number; gender: Gender; own: number | null; nation: number | null; status: string }[];
}

const measureBase = (org: string, measure: Id) => `${orgBase(org)}/measures/${measure}`;

// null: the measure is not linked (404).
export function useKoladaComparison(org: string | undefined, measure: Id) {
  return useQuery({
    queryKey: ["kolada-comparison", org, measure],
    enabled: !!org && Number.isInteger(measure),
    retry: false,
    queryFn: async (): Promise<Comparison | null> => {
      try {
        return await request<Comparison>("GET", `${measureBase(org!, measure)}/kolada-comparison`);
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
  });
}

export function useKoladaSearch(org: string | undefined, q: string) {
  return useQuery({
    queryKey: ["kolada-kpis", org, q],
    enabled: !!org && q.trim().length >= 2,
    retry: false,
    queryFn: () => request<{ items: KoladaKpi[] }>("GET", `${orgBase(org!)}/kolada/kpis?q=${encodeURIComponent(q.trim())}&limit=20`),
  });
}

export function useLinkKolada(org: string | undefined, measure: Id) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ kpi, group, version }: { kpi: string; group: string | null; version?: number }) =>
      request<KoladaLink>("PUT", `${measureBase(org!, measure)}/kolada-link`, { kpi, group }, version),
    onSuccess: () => client.invalidateQueries({ queryKey: ["kolada-comparison", org, measure] }),
  });
}

export function useUnlinkKolada(org: string | undefined, measure: Id) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (version: number) => request<void>("DELETE", `${measureBase(org!, measure)}/kolada-link`, undefined, version),
    onSuccess: () => client.invalidateQueries({ queryKey: ["kolada-comparison", org, measure] }),
  });
}
