#!/usr/bin/env bash
# Time to make the 2025 plan as PDF, beside anchors measured in the same run on the same
# machine (not part of the test command):
#   ours:    styrkort document plan rs-plan-2025-2027 --format pdf (read the plan, build
#            the document, write the HTML, Chromium prints it, dates normalised)
#   anchor:  headless LibreOffice converting the same plan's DOCX to PDF (another office
#            renderer doing the same job from a ready file)
#   floor:   pdftotext of our PDF (reading the result once: nothing can be faster)
# RUNS times each (default 3); the median, the ratios and the memory peak (largest
# process of the tree, from GNU time) are printed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-3}
work=${BENCH_DIR:-$root/var/bench-document}
bin=$root/build/styrkort
[[ -x $bin ]] || { cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null && cmake --build "$root/build" -j2 --target styrkort; }
for tool in chromium pandoc soffice pdftotext /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool: scripts/install-deps.sh --test" >&2; exit 1; }
done

rm -rf "$work" && mkdir -p "$work"
db=$work/bench.db
"$bin" import "$root/data/norrbotten-2025-2027.json" --db "$db" >/dev/null

# One timed run: prints "seconds max_rss_kb".
timed() { /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null 2>"$work/err.txt" || { cat "$work/err.txt" >&2; exit 1; }; cat "$work/time.txt"; }
median() { python3 -c 'import statistics, sys; print(f"{statistics.median(float(x) for x in sys.argv[1:]):.3f}")' "$@"; }
ratio() { python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print(f'{a/b:.2f}' if b else 'n/a')" "$1" "$2"; }

echo "== machine"
echo "$(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$(chromium --version 2>/dev/null | head -1); pandoc $(pandoc --version | head -1 | awk '{print $2}'); $(soffice --version | head -1)"

"$bin" document plan rs-plan-2025-2027 --format docx --out "$work/plan.docx" --db "$db"
ours=() ours_mem=() html=() html_mem=() lo=() lo_mem=() floor=()
for ((i = 0; i < RUNS; i++)); do
  read -r t m < <(timed "$bin" document plan rs-plan-2025-2027 --format pdf --out "$work/plan.pdf" --db "$db"); ours+=("$t"); ours_mem+=("$m")
  read -r t m < <(timed "$bin" document plan rs-plan-2025-2027 --format html --out "$work/plan.html" --db "$db"); html+=("$t"); html_mem+=("$m")
  rm -rf "$work/lo"
  read -r t m < <(timed soffice --headless --norestore "-env:UserInstallation=file://$work/lo-profile" --convert-to pdf --outdir "$work/lo" "$work/plan.docx"); lo+=("$t"); lo_mem+=("$m")
  read -r t m < <(timed pdftotext "$work/plan.pdf" "$work/plan.txt"); floor+=("$t")
done
pages=$(pdfinfo "$work/plan.pdf" | awk '/^Pages:/ {print $2}')
lo_pages=$(pdfinfo "$work/lo/plan.pdf" | awk '/^Pages:/ {print $2}')
o=$(median "${ours[@]}"); h=$(median "${html[@]}"); l=$(median "${lo[@]}"); f=$(median "${floor[@]}")
echo "== the 2025 plan, $RUNS runs each, median seconds"
echo "styrkort document … --format pdf   $o s  ($pages pages, $(stat -c %s "$work/plan.pdf") bytes, peak $(printf '%s\n' "${ours_mem[@]}" | sort -n | tail -1) KB)"
echo "  of which the HTML alone          $h s  (peak $(printf '%s\n' "${html_mem[@]}" | sort -n | tail -1) KB)"
echo "anchor: LibreOffice DOCX → PDF     $l s  ($lo_pages pages, peak $(printf '%s\n' "${lo_mem[@]}" | sort -n | tail -1) KB)"
echo "floor: pdftotext of our PDF        $f s"
echo "ratio ours / LibreOffice           $(ratio "$o" "$l")   (below 1: faster than the anchor)"
echo "ratio ours / pdftotext             $(ratio "$o" "$f")"
