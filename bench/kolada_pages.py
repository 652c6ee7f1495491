#!/usr/bin/env python3
"""Writes a large Kolada v3 import for bench/kolada.sh: a KPI list, data pages chained
by next_url (named as `styrkort import kolada` derives them, docs/kolada.md), and the
same values as CSV rows of kolada_value for the anchors (sqlite3 .import, COPY).

  bench/kolada_pages.py OUT_DIR [KPIS] [MUNICIPALITIES] [YEARS] [PAGES]

Defaults 50 KPIs × 300 municipalities × 25 years × T/K/M = 1,125,000 values in 10 pages.
Values are made up; every 97th is null (Kolada's missing value)."""
import json
import random
import re
import sys

out = sys.argv[1]
kpis = int(sys.argv[2]) if len(sys.argv) > 2 else 50
munis = int(sys.argv[3]) if len(sys.argv) > 3 else 300
years = int(sys.argv[4]) if len(sys.argv) > 4 else 25
pages = int(sys.argv[5]) if len(sys.argv) > 5 else 10
H = "https://api.kolada.se"
kpi_ids = [f"N{10000 + i:05d}" for i in range(kpis)]
muni_ids = [f"{i:04d}" for i in range(munis)]
first_year = 2000
rnd = random.Random(16)


def file_name(url):
    return re.sub(r"[^A-Za-z0-9.,=\-]", "_", url[len(H) + 1:])[:200] + ".json"


with open(f"{out}/kpi.json", "w") as f:
    json.dump({"count": kpis, "values": [{"id": k, "title": f"Syntetiskt nyckeltal {k}", "is_divided_by_gender": True}
                                         for k in kpi_ids], "next_url": None}, f)

rows = [(k, m, first_year + y) for k in kpi_ids for m in muni_ids for y in range(years)]
per_page = (len(rows) + pages - 1) // pages
base = f"{H}/v3/data/kpi/bench/municipality/all/year/all"
urls = [base] + [f"{base}?page={p + 1}&per_page={per_page}" for p in range(1, pages)]
n = 0
with open(f"{out}/values.csv", "w") as csv:
    for p in range(pages):
        values = []
        for k, m, y in rows[p * per_page:(p + 1) * per_page]:
            vs = []
            for g in "TKM":
                n += 1
                v = None if n % 97 == 0 else round(rnd.uniform(0, 100), 1)
                vs.append({"gender": g, "count": 1, "status": "", "value": v})
                csv.write(f"1,{k},{m},{y},{g},{'' if v is None else v},1,\"\",2026-12-07T00:00:00Z,1\n")
            values.append({"kpi": k, "municipality": m, "period": y, "values": vs})
        page = {"count": len(rows), "values": values, "next_url": urls[p + 1] if p + 1 < pages else None,
                "previous_url": urls[p - 1] if p > 0 else None}
        with open(f"{out}/{file_name(urls[p])}", "w") as f:
            json.dump(page, f, separators=(",", ":"))
print(n, file_name(urls[0]))
