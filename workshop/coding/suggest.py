"""Candidate themes: similar texts grouped, so a researcher starts from clusters (docs/coding.md). No Flask.

TF-IDF over the texts' words (Dutch Snowball stems, without the word cloud's stop words), then k-means
(scikit-learn, a fixed seed so the same texts give the same clusters). Each cluster is named by its most
characteristic words. A suggestion, never a decision: nothing is coded until a researcher codes it, and
nothing leaves the machine.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import snowballstemmer

from ..interactions.wordcloud import STOP_WORDS

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_STEMMER = snowballstemmer.stemmer("dutch")
MAX_CLUSTERS = 12


def _stems(text: str, spelled: Counter) -> list[str]:
    words = [w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]
    stems = _STEMMER.stemWords(words)
    for word, stem in zip(words, stems):
        spelled[(stem, word)] += 1
    return stems


def themes(texts: list[tuple[str, str]], clusters: int | None = None) -> list[dict]:
    """Group (key, text) pairs into candidate themes: [{"words": [...], "keys": [...]}], largest first."""
    spelled: Counter = Counter()
    analysed = [(key, _stems(text, spelled)) for key, text in texts]
    usable = [(key, stems) for key, stems in analysed if stems]
    if len(usable) < 4:
        return []
    count = clusters or max(2, min(MAX_CLUSTERS, round(math.sqrt(len(usable) / 2))))
    count = min(count, len(usable))
    # Imported here: scikit-learn takes a second or more to import, paid only when themes are asked for.
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer=lambda stems: stems, min_df=1, sublinear_tf=True)
    matrix = vectorizer.fit_transform([stems for _, stems in usable])
    if matrix.shape[1] < 2:
        return []
    labels = KMeans(n_clusters=count, n_init=10, random_state=0).fit_predict(matrix)
    vocabulary = vectorizer.get_feature_names_out()
    word_of = {}
    for (stem, word), _ in spelled.most_common():
        word_of.setdefault(stem, word)
    found = []
    for cluster in range(count):
        rows = [i for i, label in enumerate(labels) if label == cluster]
        if not rows:
            continue
        weights = matrix[rows].sum(axis=0).A1
        top = [word_of.get(vocabulary[i], vocabulary[i]) for i in weights.argsort()[::-1][:3] if weights[i] > 0]
        found.append({"words": top, "keys": [usable[i][0] for i in rows]})
    return sorted(found, key=lambda theme: (-len(theme["keys"]), theme["words"]))
