#!/usr/bin/env python3
"""Writes a disease vocabulary from the NCBI disease corpus's train and devel parts (public domain, see
enrich/src/main/training/ncbi/LICENSE): every annotated mention, grouped by its MeSH or OMIM concept, as
"canonical | variants" lines. The canonical name is the concept's most frequent full (not abbreviated) form.
Kept: mentions of at least 4 characters that are not all-caps abbreviations, and that the annotators marked in
at least half of the places where the words occur in those abstracts (so "tumor", often left unmarked, is not
kept where it was not). Never reads the test part.

usage: ncbi-diseases.py STANDOFF_DIR... > diseases-ncbi.txt
"""
import collections
import re
import sys
from pathlib import Path

mentions = collections.defaultdict(collections.Counter)   # concept -> lower-cased mention -> count
annotated = collections.Counter()
texts = []
for root in sys.argv[1:]:
    for ann in sorted(Path(root).glob("*.ann")):
        texts.append(ann.with_suffix(".txt").read_text(encoding="utf-8").lower())
        spans = {}
        for line in ann.read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if line.startswith("T"):
                spans[cols[0]] = cols[2]
            elif line.startswith("N"):
                _, target, concept = cols[1].split(" ")[:3]
                text = spans.get(target)
                if text is None:
                    continue
                concept = concept.split("|")[0].split("+")[0]
                if len(text) < 4 or re.fullmatch(r"[A-Z0-9\-]+s?", text):
                    continue
                key = " ".join(text.lower().split())
                mentions[concept][key] += 1
                annotated[key] += 1

corpus = "\n".join(texts)
def occurrences(phrase):
    return len(re.findall(r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])", corpus))

print("# Generated from the NCBI disease corpus (train and devel, public domain) by enrich/tools/ncbi-diseases.py;")
print("# one concept (MeSH or OMIM) a line: canonical | variants. Severity words are as the annotators marked them.")
seen = set()
lines = []
for concept, forms in mentions.items():
    kept = [f for f, n in forms.most_common() if f not in seen and annotated[f] * 2 >= max(1, occurrences(f))]
    if not kept:
        continue
    seen.update(kept)
    lines.append(" | ".join(kept))
for line in sorted(lines):
    print(line)
