#!/usr/bin/env python3
"""Writes OpenNLP name-finder training sentences (one sentence a line, words split as the extractor's
WordSplitter splits them, <START:type> ... <END> around mentions).

usage:
  name-samples.py corpus DIR...      articles NAME.txt with gold NAME.json (corpus format): every occurrence of a
                                     gold text is marked, longest first, acronyms case-sensitive
  name-samples.py marked FILE...     hand-written sentences with mentions marked [type text]
Output goes to stdout; the project keeps it in src/main/training/.
"""
import json
import re
import sys
from pathlib import Path

WORD = re.compile(r"[^\W_]+|\S", re.UNICODE)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(#])")


def words(text):
    return [(m.start(), m.end()) for m in WORD.finditer(text)]


def sample(text, mentions):
    """mentions: list of (start, end, type) character spans in text, non-overlapping."""
    out = []
    spans = sorted(mentions)
    k = 0
    open_type = None
    for start, end in words(text):
        while k < len(spans) and spans[k][1] <= start:
            if open_type:
                out.append("<END>")
                open_type = None
            k += 1
        if k < len(spans) and spans[k][0] == start:
            out.append(f"<START:{spans[k][2]}>")
            open_type = spans[k][2]
        out.append(text[start:end])
        if open_type and end == spans[k][1]:
            out.append("<END>")
            open_type = None
            k += 1
    if open_type:
        out.append("<END>")
    return " ".join(out)


def is_acronym(s):
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def corpus(folder):
    for gold in sorted(Path(folder).glob("*.json")):
        text = gold.with_suffix(".txt").read_text(encoding="utf-8")
        entries = json.loads(gold.read_text(encoding="utf-8"))["entities"]
        entries.sort(key=lambda e: -len(e["text"]))
        for line in text.split("\n"):
            if not line.strip():
                continue
            for sentence in SENTENCE_END.split(line):
                taken = []
                for e in entries:
                    flags = 0 if is_acronym(e["text"]) else re.IGNORECASE
                    pattern = r"(?<![\w])" + re.escape(e["text"]) + r"(?![\w])"
                    for m in re.finditer(pattern, sentence, flags):
                        if all(m.end() <= s or m.start() >= t for s, t, _ in taken):
                            taken.append((m.start(), m.end(), e["type"]))
                yield sample(sentence, taken)


MARK = re.compile(r"\[(institution|therapy|disease) ([^\]]+)\]")


def marked(path):
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, mentions, pos = "", [], 0
        for m in MARK.finditer(line):
            text += line[pos:m.start()]
            mentions.append((len(text), len(text) + len(m.group(2)), m.group(1)))
            text += m.group(2)
            pos = m.end()
        text += line[pos:]
        yield sample(text, mentions)


if __name__ == "__main__":
    mode, paths = sys.argv[1], sys.argv[2:]
    for p in paths:
        for s in (corpus(p) if mode == "corpus" else marked(p)):
            print(s)
