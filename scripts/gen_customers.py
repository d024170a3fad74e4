#!/usr/bin/env python3
"""Generates a customer file for `embargo monitor add` (CSV id,name,schema,birth_date,
country,id_number) for tests and benchmarks: a share of listed names, many of them varied
(reordered, a part dropped, a typo, lower case), and the rest placebo names built from
common given names and surnames, which should not alert.

  embargo --data DIR export --format ftm -o lists.ftm.json
  scripts/gen_customers.py --lists lists.ftm.json --count 1000000 --listed 0.02 > customers.csv
"""
import argparse
import csv
import json
import random
import sys

GIVEN = ("james mary john patricia robert jennifer michael linda william elizabeth david "
         "barbara richard susan joseph jessica thomas sarah charles karen daniel nancy matthew "
         "lisa anthony betty mark margaret donald sandra steven ashley paul kimberly andrew "
         "emily joshua donna kenneth michelle kevin carol brian amanda george melissa timothy "
         "deborah hans anna lukas marie jonas sophie pierre camille luca giulia pablo lucia "
         "jan eva piet emma sven ingrid").split()
SURNAMES = ("smith johnson williams brown jones garcia miller davis rodriguez martinez "
            "hernandez lopez gonzalez wilson anderson thomas taylor moore jackson martin lee "
            "perez thompson white harris sanchez clark ramirez lewis robinson walker young "
            "allen king wright scott torres nguyen hill flores green adams nelson baker hall "
            "rivera campbell mitchell carter roberts mueller schmidt schneider fischer weber "
            "meyer wagner becker dubois moreau laurent rossi russo ferrari bianchi jansen "
            "de-vries bakker visser andersson johansson karlsson nielsen hansen").split()
COUNTRIES = ["us", "gb", "de", "fr", "it", "nl", "se", "dk", "es", "ca"]


def vary(name, rng):
    parts = name.replace(",", " ").split()
    if len(parts) < 2:
        return name
    r = rng.random()
    if r < 0.25:  # "LAST, First" -> "First Last"
        return " ".join(parts[1:] + parts[:1])
    if r < 0.45 and len(parts) > 2:  # drop a middle part
        del parts[rng.randrange(1, len(parts) - 1)]
        return " ".join(parts)
    if r < 0.65:  # one typo in the longest part
        i = max(range(len(parts)), key=lambda k: len(parts[k]))
        p = parts[i]
        if len(p) > 4:
            j = rng.randrange(1, len(p) - 1)
            parts[i] = p[:j] + p[j + 1] + p[j] + p[j + 2:]
        return " ".join(parts)
    if r < 0.8:
        return name.title()
    return name


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lists", required=True, help="FtM JSON lines (`embargo export`)")
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--listed", type=float, default=0.02, help="share of listed names")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--prefix", default="c", help="customer id prefix")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    listed = []
    with open(a.lists, encoding="utf-8") as f:
        for line in f:
            e = json.loads(line)
            if e.get("schema") in ("Person", "Organization", "Company", "LegalEntity"):
                names = e.get("properties", {}).get("name", [])
                if names:
                    listed.append((names[0], e["schema"],
                                   (e["properties"].get("birthDate") or [""])[0]))
    if not listed:
        sys.exit("no names in " + a.lists)
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["id", "name", "schema", "birth_date", "country", "id_number"])
    for i in range(a.count):
        cid = f"{a.prefix}{i:07d}"
        if rng.random() < a.listed:
            name, schema, dob = rng.choice(listed)
            dob = dob[:10] if len(dob) >= 4 and rng.random() < 0.5 else ""
            w.writerow([cid, vary(name, rng), schema, dob, "", ""])
        else:
            given = rng.choice(GIVEN).title()
            if rng.random() < 0.3:
                given += " " + rng.choice(GIVEN).title()
            name = given + " " + rng.choice(SURNAMES).title()
            dob = f"{rng.randint(1940, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            w.writerow([cid, name, "Person", dob, rng.choice(COUNTRIES),
                        f"ID{rng.randrange(10**8):08d}"])


if __name__ == "__main__":
    main()
