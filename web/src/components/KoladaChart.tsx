import {
  CategoryScale, Chart as ChartJS, Legend, LineElement, LinearScale, PointElement, Tooltip, type ChartDataset,
} from "chart.js";
import { Line } from "react-chartjs-2";
import { useTranslation } from "react-i18next";
import type { Comparison, Gender } from "../api/koladaHooks";

ChartJS.register(CategoryScale, LinearScale, PointElement, LineElement, Tooltip, Legend);

// One sex: the organisation (thick, dark), the nation (dashed), every other region
// (thin grey, one legend entry for all) and the comparison group's mean (dotted).
// Lines differ in width, dash and point style as well as colour.
export function KoladaChart({ comparison, gender }: { comparison: Comparison; gender: Gender }) {
  const { t } = useTranslation();
  const periods = [...new Set(comparison.raw.series.flatMap((s) => s.values.filter((v) => v.gender === gender).map((v) => v.period)))].sort();
  const valueOf = (municipality: string) => {
    const series = comparison.raw.series.find((s) => s.municipality === municipality);
    return periods.map((p) => series?.values.find((v) => v.period === p && v.gender === gender)?.value ?? null);
  };
  const own = comparison.raw.series.find((s) => s.role === "own");
  const ownName = own?.title ?? t("kolada.own");
  const datasets: ChartDataset<"line", (number | null)[]>[] = [];
  const others = comparison.raw.series.filter((s) => s.role === "region");
  others.forEach((s, i) => datasets.push({
    label: i === 0 ? t("kolada.otherRegions") : `${t("kolada.otherRegions")} ${s.title ?? s.municipality}`,
    data: valueOf(s.municipality), borderColor: "#9aa5ae", backgroundColor: "#9aa5ae", borderWidth: 1, pointRadius: 2, spanGaps: true,
  }));
  datasets.push({
    label: t("kolada.nation"), data: valueOf("0000"), borderColor: "#1f5f8b", backgroundColor: "#1f5f8b", borderDash: [6, 4],
    pointStyle: "rect", pointRadius: 5, borderWidth: 2, spanGaps: true,
  });
  const figures = comparison.figures.periods.filter((f) => f.gender === gender);
  if (comparison.group) {
    datasets.push({
      label: t("kolada.groupMean"), data: periods.map((p) => figures.find((f) => f.period === p)?.group_mean ?? null),
      borderColor: "#6b4e16", backgroundColor: "#6b4e16", borderDash: [2, 3], pointStyle: "triangle", pointRadius: 5, borderWidth: 2, spanGaps: true,
    });
  }
  if (own) {
    datasets.push({
      label: ownName, data: valueOf(own.municipality), borderColor: "#8a2b6f", backgroundColor: "#8a2b6f", pointStyle: "circle",
      pointRadius: 6, borderWidth: 4, spanGaps: true,
    });
  }
  const genderName = t(`kolada.gender.${gender}`);
  return (
    <>
      <h3>{t("kolada.chartTitle", { gender: genderName, own: ownName })}</h3>
      <div className="chart">
        <Line
          role="img"
          aria-label={t("kolada.chartLabel", { kpi: comparison.kpi?.title ?? comparison.link.kpi, gender: genderName, own: ownName })}
          data={{ labels: periods.map(String), datasets }}
          options={{
            responsive: true, maintainAspectRatio: false, animation: false,
            plugins: { legend: { position: "bottom", labels: { usePointStyle: true, filter: (item) => !item.text.startsWith(`${t("kolada.otherRegions")} `) } } },
            scales: { y: { beginAtZero: false } },
          }}
        />
      </div>
    </>
  );
}
