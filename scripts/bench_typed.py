"""The typed CSV in Python, for scripts/bench-cli: what enrow-batch does for `fetch --from-file
--format csv`, written as a Python programmer would with the standard json and csv modules and
`phonenumbers` (the Python port of libphonenumber): rows in index order, each distinct number
parsed once, its type and national format beside it.

Usage: python bench_typed.py ANSWER.json > out.csv
"""

import csv, json, sys
import phonenumbers
from phonenumbers import PhoneNumberType as T, PhoneNumberFormat as F
KIND = {T.MOBILE: "mobile", T.FIXED_LINE: "landline", T.FIXED_LINE_OR_MOBILE: "mobile_or_landline",
        T.VOIP: "voip", T.TOLL_FREE: "toll_free", T.PREMIUM_RATE: "premium_rate",
        T.SHARED_COST: "shared_cost", T.PERSONAL_NUMBER: "personal", T.PAGER: "pager",
        T.UAN: "other", T.VOICEMAIL: "other"}
answer = json.load(open(sys.argv[1], encoding="utf-8"))
rows = sorted(answer["results"], key=lambda r: r.get("index", 0))
out = csv.writer(sys.stdout)
out.writerow(["index", "qualification", "number", "type", "national", "country", "firstname", "lastname", "company_name", "custom"])
seen = {}
for r in rows:
    number = r.get("number")
    kind = national = ""
    if number:
        if number not in seen:
            try:
                p = phonenumbers.parse(number, r.get("country"))
                t = phonenumbers.number_type(p)
                seen[number] = (KIND.get(t, "invalid"), phonenumbers.format_number(p, F.NATIONAL))
            except phonenumbers.NumberParseException:
                seen[number] = ("invalid", "")
        kind, national = seen[number]
    p = r.get("params") or {}
    out.writerow([r.get("index"), r.get("qualification"), number or "", kind, national, r.get("country") or "",
                  p.get("firstname", ""), p.get("lastname", ""), p.get("company_name", ""), r.get("custom") or ""])
