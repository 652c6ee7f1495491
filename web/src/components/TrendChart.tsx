import {
  CategoryScale, Chart as ChartJS, Legend, LineElement, LinearScale, PointElement, Tooltip, type ChartDataset,
} from "chart.js";
import { Line } from "react-chartjs-2";
import { useTranslation } from "react-i18next";
import type { MeasureSeries } from "../lib/measureSeries";
import { targetFor } from "../lib/measureSeries";

ChartJS.register(CategoryScale, LinearScale, PointElement, LineElement, Tooltip, Legend);

// Colours with enough contrast on white; lines also differ in dash and point style so
// they can be told apart without colour.
const look = {
  K: { color: "#8a2b6f", point: "circle" },
  M: { color: "#1f5f8b", point: "rect" },
  total: { color: "#2f3b45", point: "triangle" },
} as const;

export function TrendChart({ series, label }: { series: MeasureSeries; label: string }) {
  const { t } = useTranslation();
  const labels = series.rows.map((r) => `${t(`pointShort.${r.period.point}`)} ${r.period.year}`);
  const datasets: ChartDataset<"line", (number | null)[]>[] = [];
  for (const sex of ["K", "M", "total"] as const) {
    if (!series.rows.some((r) => r.outcome[sex] !== undefined)) continue;
    datasets.push({
      label: t(`sex.${sex}`), data: series.rows.map((r) => r.outcome[sex] ?? null), borderColor: look[sex].color,
      backgroundColor: look[sex].color, pointStyle: look[sex].point, pointRadius: 5, spanGaps: true, borderWidth: 2,
    });
  }
  const targetSexes = (["K", "M"] as const).filter((s) => series.rows.some((r) => r.target[s] !== undefined));
  if (targetSexes.length > 0) {
    for (const sex of targetSexes) {
      datasets.push({
        label: `${t("measure.target")} ${t(`sex.${sex}`)}`, data: series.rows.map((r) => targetFor(r, sex) ?? null),
        borderColor: look[sex].color, backgroundColor: "#ffffff", borderDash: [6, 4], pointStyle: "crossRot",
        pointRadius: 6, spanGaps: true, borderWidth: 2,
      });
    }
  } else if (series.rows.some((r) => r.target.all !== undefined || r.target.total !== undefined)) {
    datasets.push({
      label: t("measure.target"), data: series.rows.map((r) => r.target.total ?? r.target.all ?? null),
      borderColor: "#1a7f37", backgroundColor: "#1a7f37", borderDash: [6, 4], pointStyle: "crossRot", pointRadius: 6,
      spanGaps: true, borderWidth: 2,
    });
  }
  for (const sex of ["all", "total", "K", "M"] as const) {
    if (!series.rows.some((r) => r.baseline[sex] !== undefined)) continue;
    const color = sex === "all" ? "#5c5c5c" : look[sex].color;
    datasets.push({
      label: `${t("measure.baseline")}${sex !== "all" ? " " + t(`sex.${sex}`) : ""}`,
      data: series.rows.map((r) => r.baseline[sex] ?? null), borderColor: color, backgroundColor: "#ffffff",
      pointStyle: sex === "all" ? "rectRot" : look[sex].point, pointRadius: 6, borderWidth: 2, showLine: false,
    });
  }
  for (const b of series.undatedBaseline) {
    datasets.push({
      label: `${t("measure.baseline")}${b.sex !== "all" ? " " + t(`sex.${b.sex}`) : ""}`,
      data: series.rows.map(() => b.value), borderColor: "#5c5c5c", backgroundColor: "#5c5c5c",
      borderDash: [2, 3], pointRadius: 0, borderWidth: 1.5,
    });
  }
  return (
    <div className="chart">
      <Line
        role="img"
        aria-label={label}
        data={{ labels, datasets }}
        options={{
          responsive: true, maintainAspectRatio: false, animation: false,
          plugins: { legend: { position: "bottom", labels: { usePointStyle: true } } },
          scales: { y: { beginAtZero: false } },
        }}
      />
    </div>
  );
}
