#!/usr/bin/env python3
"""Writes the small seed corpora in tests/fuzz/corpus/<target>/ from the shipped plans,
the documented formats and a throwaway RSA key (openssl). Run again only to change the
seeds; the committed files are what the fuzzers and fuzz_replay_* tests use."""
import base64
import io
import json
import os
import subprocess
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def put(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def small_plan_file():
    """The 2025 plan cut to two items per list: every kind of record, a few kB."""
    doc = json.load(open(os.path.join(ROOT, "data", "norrbotten-2025-2027.json"), encoding="utf-8"))

    def cut(v, depth=0):
        if isinstance(v, list):
            return [cut(x, depth + 1) for x in v[:2]]
        if isinstance(v, dict):
            return {k: cut(x, depth + 1) for k, x in v.items()}
        return v
    return doc, cut(doc)


def plan_file():
    full, small = small_plan_file()
    put("plan_file", "small-plan.json", json.dumps(small, ensure_ascii=False, indent=1))
    put("plan_file", "empty.json", '{"format":"styrkort-plan","format_version":1,"organisations":[]}')
    put("plan_file", "bad-version.json", '{"format":"styrkort-plan","format_version":2,"organisations":[]}')
    return full, small


def json_body(small):
    # First byte: the entity's place in the catalogue; the fuzzer pairs bodies and entities.
    plan = small["organisations"][0]["plans"][0]
    bodies = [("unit", small["organisations"][0]["units"][0])]
    for k, v in plan.items():
        if isinstance(v, list) and v and isinstance(v[0], dict):
            bodies.append((k, v[0]))
    plan_only = {k: v for k, v in plan.items() if not isinstance(v, list)}
    bodies.append(("plan", plan_only))
    bodies.append(("outcome", {"measure_id": 3, "unit_id": 9, "year": 2025, "point": "da04", "sex": "women",
                               "value": 12.5, "status": "preliminary"}))
    bodies.append(("activity-report", {"activity_id": 4, "year": 2025, "point": "t1", "status": "in_progress",
                                       "comment": "Pågår enligt plan – ökad takt"}))
    for i, (name, body) in enumerate(bodies):
        put("json_body", f"{i:02d}-{name}.json", bytes([i]) + json.dumps(body, ensure_ascii=False).encode())
    put("json_body", "deep.json", bytes([1]) + b"[" * 70 + b"]" * 70)
    put("json_body", "dup.json", bytes([2]) + b'{"key":"a","key":"b"}')


def outcome_csv():
    put("outcome_csv", "swedish.csv",
        "plan;mått;enhet;år;tillfälle;kön;värde;status;källa\n"
        "rs-plan-2025-2027;sm-27;regionstyrelsen;2025;DÅ 04;K;280,5;preliminär;E-hälsomyndigheten\n"
        "rs-plan-2025-2027;sm-27;regionstyrelsen;2025;DÅ 04;M;1 234,5;slutligt;\n")
    put("outcome_csv", "english-comma.csv",
        "\ufeffplan,measure,unit,year,point,sex,age_group,municipality,value,status,source,note\r\n"
        'rs-plan-2025-2027,sm-1,,2025,ar,total,,,"12,5",final,"SCB ""x""","rad\nbrytning"\r\n')
    put("outcome_csv", "measure-id.csv", "measure_id;år;tillfälle;värde\n1;2025;t1;3\n2;2024;every_4_years;-0,25\n")


def xlsx_bytes(rows):
    shared = []
    def sref(s):
        if s not in shared:
            shared.append(s)
        return shared.index(s)
    cells = []
    for r, row in enumerate(rows, 1):
        cs = []
        for c, v in enumerate(row):
            ref = chr(ord("A") + c) + str(r)
            if isinstance(v, (int, float)):
                cs.append(f'<c r="{ref}"><v>{v}</v></c>')
            elif v.startswith("inline:"):
                cs.append(f'<c r="{ref}" t="inlineStr"><is><t>{v[7:]}</t></is></c>')
            else:
                cs.append(f'<c r="{ref}" t="s"><v>{sref(v)}</v></c>')
        cells.append(f'<row r="{r}">{"".join(cs)}</row>')
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} {rel}><sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}><sheetData>{"".join(cells)}</sheetData></worksheet>',
    }
    files["xl/sharedStrings.xml"] = (f'<?xml version="1.0" encoding="UTF-8"?><sst {ns} count="{len(shared)}" uniqueCount="{len(shared)}">'
                                     + "".join(f"<si><t>{s}</t></si>" for s in shared) + "</sst>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)
    return out.getvalue()


def xlsx():
    put("xlsx", "outcomes.xlsx", xlsx_bytes([
        ["plan", "mått", "enhet", "år", "tillfälle", "kön", "värde", "status"],
        ["rs-plan-2025-2027", "sm-27", "regionstyrelsen", 2025, "ar", "K", 12.5, "inline:preliminärt"],
        ["rs-plan-2025-2027", "sm-27", "regionstyrelsen", 2025, "ar", "M", "1 234,5", "slutligt"],
    ]))
    put("xlsx", "empty-sheet.xlsx", xlsx_bytes([]))


def b64url(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def id_token():
    with tempfile.TemporaryDirectory() as d:
        key = os.path.join(d, "k.pem")
        subprocess.run(["openssl", "genrsa", "-out", key, "2048"], check=True, capture_output=True)
        text = subprocess.run(["openssl", "rsa", "-in", key, "-noout", "-text"], check=True, capture_output=True,
                              text=True).stdout
        hexes = text.split("modulus:")[1].split("publicExponent")[0]
        n = bytes.fromhex("".join(hexes.split()).replace(":", "")).lstrip(b"\0")
        jwks = {"keys": [{"kty": "RSA", "kid": "k1", "use": "sig", "alg": "RS256", "n": b64url(n), "e": "AQAB"}]}
        claims = {"iss": "https://idp.region.se", "sub": "19121212-1212", "aud": "styrkort", "exp": 1790000300,
                  "iat": 1789999995, "nonce": "n-0S6_WzA2Mj", "preferred_username": "anna"}
        for name, header, body in [("good", {"alg": "RS256", "kid": "k1"}, claims),
                                   ("aud-list", {"alg": "RS256", "kid": "k1"}, dict(claims, aud=["styrkort", "x"])),
                                   ("none-alg", {"alg": "none", "kid": "k1"}, claims)]:
            signing = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(body).encode())
            sig = subprocess.run(["openssl", "dgst", "-sha256", "-sign", key], input=signing.encode(),
                                 check=True, capture_output=True).stdout
            token = signing + "." + b64url(sig)
            put("id_token", name, json.dumps(jwks) + "\n" + token)


def post(path, headers, body):
    n = len(body.encode())
    return f"POST {path} HTTP/1.1\r\nHost: x\r\n{headers}Content-Type: application/json\r\nContent-Length: {n}\r\n\r\n{body}"


def http_request():
    org = "/api/v1/organisations/region-norrbotten"
    reqs = {
        "healthz": "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
        "plans": f"GET {org}/plans?limit=2&offset=0&lang=en HTTP/1.1\r\nHost: x\r\nAccept-Language: en\r\n\r\n",
        "measure": f"GET {org}/measures/3 HTTP/1.1\r\nHost: x\r\nCookie: a=b\r\nCookie: c=d\r\n\r\n",
        "scorecard": f"GET {org}/scorecard?unit=regionstyrelsen&year=2025&point=ar HTTP/1.1\r\nHost: x\r\n\r\n",
        "openapi": "GET /api/v1/openapi.json HTTP/1.0\r\n\r\n",
        "escapes": f"GET {org}/goals?text=%C3%A5%20x+y&plan_id=1 HTTP/1.1\r\nHost: x\r\n\r\n",
        "login": post("/api/v1/auth/login", "", '{"username":"admin","password":"hemlig"}'),
        "bearer": post(f"{org}/outcomes", "Authorization: Bearer sk_abc\r\n", '{"measure_id":1,"year":2025}'),
        "chunked": f"PUT {org}/units/9 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nX-CSRF-Token: t\r\nCookie: __Host-styrkort_session=s\r\n\r\n5\r\n{{\"a\":\r\n2\r\n1}}\r\n0\r\n\r\n",
        "options": f"OPTIONS {org}/plans HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 10.0.0.1\r\nX-Forwarded-Proto: https\r\n\r\n",
        "export": f"GET {org}/plans/1/economy?format=csv HTTP/1.1\r\nHost: x\r\n\r\n",
        "absolute": "GET http://x/api/v1/organisations HTTP/1.1\r\nHost: x\r\n\r\n",
    }
    for name, text in reqs.items():
        put("http_request", name, text)


def main():
    _, small = plan_file()
    json_body(small)
    outcome_csv()
    xlsx()
    id_token()
    http_request()


if __name__ == "__main__":
    main()
