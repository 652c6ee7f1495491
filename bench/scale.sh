#!/usr/bin/env bash
# How each benchmark figure grows with the region: bench/run.sh at 100, 1,000 and 3,000
# reporting units (450,000 / 4.5 million / 13.5 million outcomes), one after the other,
# then a Markdown table of every figure beside its anchor (bench/scale.md) and a plot of
# the ratios and the seconds (bench/scale.png, gnuplot from Debian, installed if missing).
#
#   bench/scale.sh                    # 100 1000 3000
#   SIZES="100 1000" bench/scale.sh   # fewer sizes
#   bench/scale.sh --plot-only        # table and plot again from var/bench-scale/*/results.tsv
#
# Each size is one bench/run.sh (SQLite import, evaluation, scorecard under wrk,
# PostgreSQL import), so every figure stands beside the anchor measured in the same run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
SIZES=${SIZES:-100 1000 3000}
work=${BENCH_DIR:-$root/var/bench-scale}
plot_only=0
[[ ${1:-} == --plot-only ]] && plot_only=1

if ! command -v gnuplot >/dev/null; then
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends gnuplot-nox >/dev/null
fi

if ((plot_only == 0)); then
  for units in $SIZES; do
    echo "######## $units units"
    BENCH_DIR=$work/$units "$root/bench/run.sh" --units "$units" 2>&1 | tee "$work-$units.log"
    mkdir -p "$work/keep" && cp "$work/$units/results.tsv" "$work/keep/$units.tsv"
    # The next size needs the disk more than this one's databases.
    find "$work/$units" -mindepth 1 -maxdepth 1 ! -name results.tsv -exec rm -rf {} +
  done
  mv "$work"-*.log "$work/keep/" 2>/dev/null || true
fi

# One row per size: the figures of its results.tsv, in a fixed column order.
python3 - "$work/keep" "$root/bench/scale.md" "$work/keep/scale.dat" <<'PY'
import pathlib, sys
keep, md, dat = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
runs = []
for f in keep.glob("*.tsv"):
    r = dict(line.rstrip("\n").split("\t", 1) for line in f.open() if "\t" in line)
    runs.append(r)
runs.sort(key=lambda r: int(r["units"]))
def g(r, k, fmt="{}"):
    return fmt.format(r[k]) if k in r else "–"
def n(x):
    return f"{int(x):,}"
def cpu_ratio(r):
    return f'{float(r["import_anchor_cpu_s"]) / float(r["import_cpu_s"]):.3f}'
for r in runs:
    r["import_cpu_ratio"] = cpu_ratio(r)
rows = [
    ("outcomes", lambda r: n(r["rows"])),
    ("SQLite import: styrkort", lambda r: f'{r["import_s"]} s, {r["import_rss_mib"]} MiB'),
    ("SQLite import: anchor `sqlite3 .import`", lambda r: f'{r["import_anchor_s"]} s'),
    ("**SQLite import ratio** (throughput, goal ≥ 0.5)", lambda r: f'**{r["import_ratio"]}**'),
    ("SQLite import CPU: styrkort / anchor (ratio anchor ÷ styrkort)", lambda r: f'{r["import_cpu_s"]} s / {r["import_anchor_cpu_s"]} s (**{cpu_ratio(r)}**)'),
    ("PostgreSQL import: styrkort", lambda r: f'{g(r, "pg_import_s")} s, {g(r, "pg_import_rss_mib")} MiB'),
    ("PostgreSQL import: anchor `psql \\copy`", lambda r: f'{g(r, "pg_import_anchor_s")} s'),
    ("**PostgreSQL import ratio** (goal ≥ 0.5)", lambda r: f'**{g(r, "pg_import_ratio")}**'),
    ("PostgreSQL import: anchor `psql \\copy` of the same rows into `outcome` itself (same indexes and foreign keys; as the superuser)", lambda r: f'{r["pg_outcome_anchor_s"]} s'),
    ("**PostgreSQL import ratio to it** (throughput; PostgreSQL's CPU)", lambda r: f'**{r["pg_outcome_ratio"]}** ({r["pg_outcome_cpu_ratio"]})'),
    ("row-level security's cost: RLS ÷ BYPASSRLS, import throughput / evaluation time / scorecard req/s", lambda r: f'{r["pg_rls_import_ratio"]} / {r["pg_rls_eval_ratio"]} / {r["pg_rls_wrk_ratio"]}'),
    ("PostgreSQL: `\\copy` of the resolved rows into a copy of outcome, same indexes, no / with its foreign keys", lambda r: f'{r["pg_like_nofk_s"]} s / {r["pg_like_fk_s"]} s (throughput ratio against the one with foreign keys: **{r["pg_like_fk_ratio"]}**)'),
    ("evaluation: scorecard computed (best of 5)", lambda r: f'{float(r["eval_s"]):.3f} s'),
    ("evaluation: anchor `SELECT sum(value)` of the same outcomes", lambda r: f'{r["eval_anchor_s"]} s ({n(r["eval_rows"])} rows)'),
    ("**evaluation ratio** (time, goal ≤ 1.5)", lambda r: f'**{r["eval_ratio"]}**'),
    ("evaluation CPU: scorecard (mean of 10) / scan (best of 5)", lambda r: f'{r["eval_cpu_s"]} s / {r["eval_anchor_cpu_s"]} s = **{r["eval_cpu_ratio"]}**'),
    ("scorecard under wrk: styrkort req/s (p99)", lambda r: f'{r["wrk_rps"]} ({r["wrk_p99"]})'),
    ("scorecard under wrk: nginx, same bytes (p99)", lambda r: f'{r["wrk_anchor_rps"]} ({r["wrk_anchor_p99"]})'),
    ("**scorecard ratio** (req/s, goal ≥ 0.5)", lambda r: f'**{r["wrk_ratio"]}**'),
    ("load average at start / end", lambda r: f'{r["load_start"]} / {r.get("load_end", "–")}'),
]
with open(md, "w") as out:
    out.write("| figure | " + " | ".join(f'{n(r["units"])} units' for r in runs) + " |\n")
    out.write("|---|" + "---|" * len(runs) + "\n")
    for name, f in rows:
        cells = []
        for r in runs:
            try:
                cells.append(f(r))
            except KeyError:
                cells.append("–")
        out.write(f"| {name} | " + " | ".join(cells) + " |\n")
cols = ["units", "rows", "import_ratio", "pg_import_ratio", "eval_ratio", "wrk_ratio",
        "import_s", "import_anchor_s", "pg_import_s", "pg_import_anchor_s", "eval_s", "eval_anchor_s",
        "import_cpu_ratio", "eval_cpu_ratio"]
with open(dat, "w") as out:
    out.write("# " + " ".join(cols) + "\n")
    for r in runs:
        out.write(" ".join(r.get(c, "NaN") for c in cols) + "\n")
PY

gnuplot <<GP
set terminal pngcairo size 1200,500 font "DejaVu Sans,10"
set output "$root/bench/scale.png"
set multiplot layout 1,2 title "Styrkort benchmarks by region size (each figure against its anchor in the same run; loaded machine)"
set logscale x
set xrange [70:4300]
set xlabel "reporting units (450 × units outcomes)"
set xtics ("100" 100, "1,000" 1000, "3,000" 3000)
set key top left
set grid
set title "ratio to the anchor"
set ylabel "ratio"
set yrange [0:*]
plot "$work/keep/scale.dat" using 1:3 with linespoints lw 2 title "SQLite import (≥ 0.5)", \
     "" using 1:4 with linespoints lw 2 title "PostgreSQL import (≥ 0.5)", \
     "" using 1:5 with linespoints lw 2 title "evaluation, time (≤ 1.5)", \
     "" using 1:6 with linespoints lw 2 title "scorecard under wrk (≥ 0.5)", \
     "" using 1:13 with linespoints dt 2 lw 2 lc 1 title "SQLite import, CPU time", \
     "" using 1:14 with linespoints dt 2 lw 2 lc 3 title "evaluation, CPU time", \
     0.5 with lines dt 2 lc "gray" notitle, 1.5 with lines dt 3 lc "gray" notitle
set title "seconds"
set ylabel "seconds"
set logscale y
set yrange [*:*]
plot "$work/keep/scale.dat" using 1:7 with linespoints lw 2 title "SQLite import", \
     "" using 1:8 with linespoints dt 2 lw 2 title "sqlite3 .import", \
     "" using 1:9 with linespoints lw 2 title "PostgreSQL import", \
     "" using 1:10 with linespoints dt 2 lw 2 title "psql \\\\copy", \
     "" using 1:11 with linespoints lw 2 title "evaluation", \
     "" using 1:12 with linespoints dt 2 lw 2 title "SELECT sum(value)"
unset multiplot
GP
echo "table: bench/scale.md; plot: bench/scale.png"
cat "$root/bench/scale.md"
