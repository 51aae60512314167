#!/usr/bin/env python3
"""Fits the confidence calibration of the extractor's entities, or prints its reliability table.

An entity's raw confidence is the finder's own (a rule's fixed strength, the disease model's probability).
Held-out entities are grouped by type, finder and raw-confidence bin; a group's calibrated confidence is the
share of its entities that are right ((right + 1) / (n + 2), so small groups lean to one half). Right means:
for NCBI standoff folders, the exact character span is a gold disease mention; for corpus folders (NAME.json
gold, GUIDELINES.md), the entity's type and normalised text are among the article's gold mentions.

usage:
  calibrate.py fit OUT.tsv SOURCE...            writes the table the extractor loads (calibration.tsv)
  calibrate.py table [--with CALIBRATION.tsv] SOURCE...
                                                reliability of the confidences (bins of 0.1): as the predictions
                                                carry them, or as CALIBRATION.tsv maps their raw values
SOURCE: standoff:DIR:PREDICTIONS.jsonl or corpus:DIR:PREDICTIONS.jsonl (as bin/pipeline extract prints them);
append :odd or :even to keep every other article (fit on one half, check on the other).
"""
import collections
import json
import re
import sys
import unicodedata
from pathlib import Path

MODEL_BINS = [0.9, 0.95, 0.98, 0.995]


def norm(text):
    t = unicodedata.normalize("NFKC", text).lower()
    t = re.sub(r"[\u2010-\u2015\u2212]", "-", t)
    t = re.sub(r"[\u2018\u2019]", "'", t)
    t = re.sub(r"\s+", " ", t).strip()
    return re.sub(r"^the ", "", t)


def labelled(source):
    """(entity, right) pairs of one source."""
    parts = source.split(":")
    kind, root, preds = parts[0], Path(parts[1]), Path(parts[2])
    half = parts[3] if len(parts) > 3 else None
    out = []
    for i, line in enumerate(sorted(l for l in preds.read_text(encoding="utf-8").splitlines() if l.strip())):
        if half == "odd" and i % 2 == 0 or half == "even" and i % 2 == 1:
            continue
        obj = json.loads(line)
        stem = Path(obj["source"]).stem
        if kind == "standoff":
            gold = set()
            for g in (root / (stem + ".ann")).read_text(encoding="utf-8").splitlines():
                if g.startswith("T"):
                    _, s, e = g.split("\t")[1].split(" ")[:3]
                    gold.add((int(s), int(e)))
            for e in obj["entities"]:
                if e["type"] == "disease":
                    out.append((e, (e["start"], e["end"]) in gold))
        else:
            gold = {(g["type"], norm(g["text"]))
                    for g in json.loads((root / (stem + ".json")).read_text(encoding="utf-8"))["entities"]}
            for e in obj["entities"]:
                out.append((e, (e["type"], norm(e["text"])) in gold))
    return out


def group(e):
    raw = e["confidence"]
    if e["finder"] == "disease-model":
        low = max([b for b in MODEL_BINS if b <= raw] or [0.0])
        return e["type"], e["finder"], low
    return e["type"], e["finder"], 0.0


def fit(out, sources):
    counts = collections.defaultdict(lambda: [0, 0])
    for s in sources:
        for e, right in labelled(s):
            c = counts[group(e)]
            c[0] += right
            c[1] += 1
    lines = ["# type\tfinder\traw confidence from\tcalibrated\theld-out entities (written by enrich/tools/calibrate.py fit)"]
    for (t, f, low), (right, n) in sorted(counts.items()):
        lines.append(f"{t}\t{f}\t{low:.3f}\t{(right + 1) / (n + 2):.3f}\t{n}")
    Path(out).write_text("\n".join(lines) + "\n", encoding="utf-8")


def load(path):
    table = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            t, f, low, cal, _n = line.split("\t")
            table[(t, f, float(low))] = float(cal)
    return table


def table(sources, calibration=None):
    bins = collections.defaultdict(lambda: [0, 0, 0.0])
    for s in sources:
        for e, right in labelled(s):
            if calibration is not None:
                e = dict(e, confidence=calibration.get(group(e), e["confidence"]))
            b = min(int(e["confidence"] * 10), 9)
            bins[b][0] += right
            bins[b][1] += 1
            bins[b][2] += e["confidence"]
    print("| confidence | entities | mean confidence | observed precision |")
    print("|---|---|---|---|")
    for b in sorted(bins):
        right, n, total = bins[b]
        print(f"| {b / 10:.1f}–{(b + 1) / 10:.1f} | {n} | {total / n:.3f} | {right / n:.3f} |")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    if sys.argv[1] == "fit":
        fit(sys.argv[2], sys.argv[3:])
    elif sys.argv[2] == "--with":
        table(sys.argv[4:], load(sys.argv[3]))
    else:
        table(sys.argv[2:])
