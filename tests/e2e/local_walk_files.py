"""The response files of the issue-17 walk (tests/e2e/local-walk.test.mjs), written from the
templates the window saved, as the form tools would export them.

  python3 local_walk_files.py interest FORM_FR.csv FORM_EN.csv SKELETON.xlsx OUT_DIR
      -> OUT_DIR/google-forms-fr.csv (20 people, a Google Forms export of the French form,
         "26/06/2025 14:03:11" timestamps) and OUT_DIR/microsoft-forms.xlsx (12 people, a
         Microsoft Forms export of the English form: ID, Start time, Completion time, Email,
         Name first). People 18 and 19 answer both: 30 people in all. Each asks for one
         delegate (in turn, so that every delegate has two or three) and is free on every
         half-day, so that the scheduler can give everyone a meeting.
  python3 local_walk_files.py six-months SURVEY_FR.csv OUT_DIR
      -> OUT_DIR/six-months-fr.csv: the first 24 people rate the delegate they met.

Prints a JSON summary on stdout: the people (name, e-mail, delegate asked for).
"""

import csv
import html
import json
import sys
import zipfile

FIRST = ["Sophie", "Julie", "Marc", "Luc", "Anne", "Claire", "Thomas", "Nicolas", "Emma", "Louis",
         "Camille", "Hugo", "Léa", "Antoine", "Sarah", "Julien", "Chloé", "Maxime", "Manon", "Pierre",
         "Alice", "Paul", "Inès", "Victor", "Laura", "Simon", "Zoé", "Adrien", "Lucie", "Olivier"]
LAST = ["Lambert", "Martin", "Dubois", "Leroy", "Peeters", "Janssens", "Maes", "Jacobs", "Mertens",
        "Willems", "Claes", "Goossens", "Wouters", "De Smet", "Dumont", "Renard", "Lemaire", "Hermans",
        "Michel", "Lefèvre", "Simonet", "Laurent", "Dupont", "Denis", "Collin", "Fontaine", "Masson",
        "Noël", "Gérard", "Henry"]
ORGS = [("CHU de Liège", "chuliege.example"), ("CHC Mont Légia", "chc.example"),
        ("CHR de la Citadelle", "citadelle.example"), ("Mithra Medtech", "mithra.example"),
        ("IntelliCare SA", "intellicare.example")]
DEPARTMENTS = ["Cardiologie", "Néphrologie", "Oncologie", "Imagerie médicale", "Neurochirurgie"]
PLAIN = str.maketrans("éèëïöç", "eeeioc")


def template(path):
    """The template's questions: (question, choices) in order."""
    rows = list(csv.reader(open(path, encoding="utf-8-sig")))[1:]
    return [(r[1], [c for c in r[4].split("\n") if c]) for r in rows]


def people(delegates, technologies):
    out = []
    for i in range(30):
        org, domain = ORGS[i % len(ORGS)]
        first, last = FIRST[i], LAST[i]
        email = f"{first.lower()}.{last.lower().replace(' ', '')}@{domain}".translate(PLAIN)
        out.append({
            "name": f"{first} {last}",
            "email": email,
            "organisation": org,
            "department": DEPARTMENTS[i % len(DEPARTMENTS)],
            "delegate": i % delegates,
            "technologies": [] if i % 3 == 0 else [i % technologies],
        })
    return out


def col(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def write_xlsx(skeleton, rows, out):
    """A workbook as Microsoft Forms writes it: the skeleton's parts, the first sheet's cells
    replaced (numbers as numbers, text inline)."""
    xml = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet '
           'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
           'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>']
    for r, row in enumerate(rows):
        xml.append(f'<row r="{r + 1}">')
        for c, v in enumerate(row):
            ref = f"{col(c)}{r + 1}"
            if isinstance(v, float):
                xml.append(f'<c r="{ref}" s="2"><v>{v}</v></c>')
            elif v != "":
                xml.append(f'<c r="{ref}" t="inlineStr"><is><t>{html.escape(v)}</t></is></c>')
        xml.append("</row>")
    xml.append("</sheetData></worksheet>")
    src = zipfile.ZipFile(skeleton)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = "".join(xml).encode()
            z.writestr(item, data)


def interest(form_fr, form_en, skeleton, out):
    fr, en = template(form_fr), template(form_en)
    # Questions: name, e-mail, organisation, department, delegates, technologies, topics,
    # priority, availability, language.
    delegates_fr, technologies = fr[4][1], fr[5][1]
    everyone = people(len(delegates_fr), len(technologies))
    with open(f"{out}/google-forms-fr.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Horodateur"] + [q for q, _ in fr])
        for i, p in enumerate(everyone[:20]):
            w.writerow([
                f"{10 + i % 18:02d}/06/2025 {9 + i % 8:02d}:{(i * 7) % 60:02d}:11",
                p["name"], p["email"], p["organisation"], p["department"],
                delegates_fr[p["delegate"]],
                ", ".join(technologies[t] for t in p["technologies"]),
                "", fr[7][1][0], ", ".join(fr[8][1]), "Français",
            ])
    rows = [["ID", "Start time", "Completion time", "Email", "Name"] + [q for q, _ in en]]
    for k, p in enumerate(everyone[18:]):
        rows.append([
            str(k + 1), 45820.4 + k / 10, 45820.41 + k / 10, "anonymous", "anonymous",
            p["name"], p["email"], p["organisation"], p["department"],
            en[4][1][p["delegate"]] + ";",
            "".join(technologies[t] + ";" for t in p["technologies"]),
            "", en[7][1][1], ";".join(en[8][1]) + ";", "English",
        ])
    write_xlsx(skeleton, rows, f"{out}/microsoft-forms.xlsx")
    return everyone


def six_months(survey_fr, out):
    q = template(survey_fr)
    # Name, e-mail, organisation, then per delegate "Où en est… [Delegate]" and "Qu'en est-il
    # sorti ? [Delegate]".
    scale = q[3][1]
    delegates = [q[i][0].rsplit(" [", 1)[1].rstrip("]") for i in range(3, len(q), 2)]
    everyone = people(len(delegates), 1)
    with open(f"{out}/six-months-fr.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Horodateur"] + [question for question, _ in q])
        for i, p in enumerate(everyone[:24]):
            row = [f"{1 + i % 28:02d}/12/2025 10:{i:02d}:00", p["name"], p["email"], p["organisation"]]
            for d in range(len(delegates)):
                met = d == p["delegate"]
                step = scale[(i + d) % len(scale)] if met else ""
                came = "Protocole d’essai en préparation" if met and step == scale[-1] else ""
                row += [step, came]
            w.writerow(row)
    return everyone[:24]


if __name__ == "__main__":
    if sys.argv[1] == "interest":
        result = interest(*sys.argv[2:6])
    else:
        result = six_months(*sys.argv[2:4])
    print(json.dumps([{"name": p["name"], "email": p["email"], "delegate": p["delegate"]} for p in result]))
