#!/usr/bin/env python3
"""Writes the stored Kolada v3 pages the tests read (pages/, bad/): test data in the
format Kolada's API v3 serves, written for Styrkort's tests (the values are made up).
Each page's file name is the one `styrkort import kolada` derives from a next_url
(docs/kolada.md), so the folder is also what the fetch test's local server serves.
Run once; the output is committed."""
import json
import re

H = "https://api.kolada.se"


def file_name(url):
    return re.sub(r"[^A-Za-z0-9.,=\-]", "_", url[len(H) + 1:])[:200] + ".json"


def write(folder, where, page):
    name = file_name(where) if where.startswith(H) else where
    with open(f"{folder}/{name}", "w", encoding="utf-8") as f:
        json.dump(page, f, ensure_ascii=False, indent=1)
        f.write("\n")


def row(kpi, mun, period, values, **extra):
    r = {"kpi": kpi, "municipality": mun, "period": period,
         "values": [{"gender": g, "count": 1, "status": "", "value": v} for g, v in values]}
    r.update(extra)
    return r


KPIS = "N00945,N60007,U07414"
MUNS = "0000,0021,0022,0023,0024,0025,2580"

# KPI list in two pages.
k1 = f"{H}/v3/kpi/{KPIS}"
k2 = f"{k1}?page=2&per_page=2"
write("pages", k1, {"count": 3, "values": [
    {"id": "N00945", "title": "Andel invånare med förtroende för hälso- och sjukvården, andel (%)",
     "description": "Testdata skrivna för Styrkorts tester i formatet från Koladas API v3.",
     "operating_area": "Hälso- och sjukvård", "municipality_type": "L", "is_divided_by_gender": True,
     "has_ou_data": False, "perspective": "Kvalitet", "publ_period": "2023", "publication_date": "2024-03-01",
     "prel_publication_date": None, "ou_publication_date": None},
    {"id": "N60007", "title": "Väntetid i dagar till första besök, median", "description": None,
     "operating_area": "Hälso- och sjukvård", "municipality_type": "L", "is_divided_by_gender": False,
     "has_ou_data": False}],
    "next_url": k2, "previous_url": None})
write("pages", k2, {"count": 3, "values": [
    {"id": "U07414", "title": "Antibiotikarecept per 1 000 invånare, antal", "description": "Testdata.",
     "operating_area": "Hälso- och sjukvård", "municipality_type": "L", "is_divided_by_gender": True}],
    "next_url": None, "previous_url": k1})

write("pages", f"{H}/v3/municipality/{MUNS}", {"count": 7, "values": [
    {"id": "0000", "title": "Riket", "type": "L"},
    {"id": "0021", "title": "Region Gävleborg", "type": "L"},
    {"id": "0022", "title": "Region Västernorrland", "type": "L"},
    {"id": "0023", "title": "Region Jämtland Härjedalen", "type": "L"},
    {"id": "0024", "title": "Region Västerbotten", "type": "L"},
    {"id": "0025", "title": "Region Norrbotten", "type": "L"},
    {"id": "2580", "title": "Luleå", "type": "K"}], "next_url": None, "previous_url": None})

write("pages", "municipality_groups.json", {"count": 1, "values": [
    {"id": "G0001", "title": "Norrlandsregionerna (testgrupp)", "members": [
        {"id": "0022", "title": "Region Västernorrland"}, {"id": "0023", "title": "Region Jämtland Härjedalen"},
        {"id": "0024", "title": "Region Västerbotten"}, {"id": "0025", "title": "Region Norrbotten"}]}],
    "next_url": None})

# Data in three pages: T, K, M; a null value with its status; a row deleted on the last page.
base = f"{H}/v3/data/kpi/{KPIS}/municipality/{MUNS}/year/2021,2022,2023"
d2, d3 = f"{base}?page=2&per_page=8", f"{base}?page=3&per_page=8"
series = {"0000": [(30.0, 29.0, 31.0), (30.5, 29.5, 31.5), (31.0, 30.0, 32.0)],
          "0021": [(29.0, 28.0, 30.0), (29.5, 28.5, 30.5), (30.2, 29.8, 30.6)],
          "0022": [(33.0, 32.0, 34.0), (33.5, 33.0, 34.0), (34.0, 33.2, 34.8)],
          "0023": [(27.0, 26.0, 28.0), (27.5, 26.5, 28.5), (28.0, 27.0, 29.0)],
          "0024": [(32.0, 31.0, 33.0), (32.5, 31.5, 33.5), (33.0, 32.0, 34.0)],
          "0025": [(28.0, 27.5, 28.5), (29.0, None, 29.4), (31.3, 30.9, 31.7)]}
rows = []
for mun, years in series.items():
    for i, (t, k, m) in enumerate(years):
        rows.append(row("N00945", mun, 2021 + i, [("T", t), ("K", k), ("M", m)]))
for r in rows:
    if r["municipality"] == "0025" and r["period"] == 2022:
        r["values"][1].update({"status": "Saknas", "count": 0})
rows += [row("N60007", "0025", 2023, [("T", 12.5)]), row("N60007", "0000", 2023, [("T", 14.0)]),
         row("N60007", "0022", 2021, [("T", 20.0)])]
p2 = rows[8:16] + [rows[20]]  # N60007 for 0022 in 2021, deleted again on page 3
p3 = rows[16:20] + [{"kpi": "N60007", "municipality": "0022", "period": 2021, "isdeleted": True, "values": []}]
write("pages", base, {"count": 22, "values": rows[:8], "next_url": d2, "previous_url": None})
write("pages", d2, {"count": 22, "values": p2, "next_url": d3, "previous_url": base})
# The deleted row repeats one of page 2: later in the same import wins.
write("pages", d3, {"count": 22, "values": p3, "next_url": None, "previous_url": d2})

# A later publication: one value revised, one row deleted, one value added.
write("pages", "revised_2023.json", {"count": 3, "values": [
    row("N00945", "0025", 2023, [("T", 31.6), ("K", 30.9), ("M", 32.2)]),
    {"kpi": "N00945", "municipality": "0021", "period": 2021, "isdeleted": True},
    row("N60007", "0024", 2023, [("T", 11.0)])], "next_url": None})

# Bad input.
with open("bad/not_json.json", "w", encoding="utf-8") as f:
    f.write('{"count": 1, "values": [ {"id": "N00945", "title": "x" }\n')
write("bad", "wrong_shape.json", {"count": 1, "values": {"id": "N00945"}})
write("bad", "unknown_kpi.json", {"count": 2, "values": [
    row("N00945", "0025", 2020, [("T", 1.0)]), row("X99999", "0025", 2020, [("T", 2.0)])], "next_url": None})
write("bad", "missing_next.json", {"count": 2, "values": [row("N00945", "0025", 2019, [("T", 1.0)])],
                                   "next_url": f"{H}/v3/data/kpi/N00945/municipality/0025/year/2019?page=2&per_page=1"})
write("bad", "bad_gender.json", {"count": 1, "values": [row("N00945", "0025", 2019, [("T", 1.0), ("X", 2.0)])]})
