"""Lexical matching: a tokenizer for German and English posts and a sparse BM25 index.

Our own small BM25 (rather than bm25s) because the ranker needs two things bm25s does not give
cheaply: a *weighted* query (a knowledge profile is hundreds of terms, each with a weight) scored
in one sparse matrix–vector product, and the per-term contributions to explain a match
("matches your posts on 'yeast', 'lager'").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from scipy import sparse

_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)

# Function words of both languages carry no topic; a short list is enough because BM25's idf
# already discounts what remains common.
_STOPWORD_TEXT = """
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing don down during each few for from further
get got had has have having he her here hers him his how i if in into is it its itself just
like me more most my no nor not now of off on once only or other our out over own same she
should so some such than that the their them then there these they this those through to too
under until up very was we were what when where which while who whom why will with would you
your yours one thanks thank please question questions answer anyone know way use using used
want aber alle als auch auf aus bei bin bis bist da dann das dass dein dem den der des die dies
diese dieser doch dort du durch ein eine einem einen einer eines er es etwas für hab habe haben
hat hatte ich ihr im ist ja jede kann kein keine man mein mich mit muss nach nicht nichts noch
nur ob oder ohne sich sie sind soll über um und uns unter vom von vor war weil wenn wer wie wir
wird wo zu zum zur
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def _normalise(raw: str) -> str:
    """ "" for a dropped word; a crude plural fold ("hops" → "hop") so a profile about "hop"
    finds questions about "hops" in English, the dumps' main language."""
    if len(raw) < 2 or raw in STOPWORDS or raw.isdigit():
        return ""
    if len(raw) > 3 and raw.endswith("s") and not raw.endswith(("ss", "us", "is")):
        return raw[:-1]
    return raw


# Word forms repeat endlessly across posts; normalising each form once keeps tokenizing 100,000
# posts in seconds. Bounded so a flood of unique strings cannot grow it without limit.
_FORMS: dict[str, str] = {}
_MAX_FORMS = 500_000


def tokenize(text: str) -> list[str]:
    """Lowercased word tokens without stop words, plurals folded."""
    forms = _FORMS
    out = []
    for raw in _WORD.findall(text.lower()):
        term = forms.get(raw)
        if term is None:
            term = _normalise(raw)
            if len(forms) < _MAX_FORMS:
                forms[raw] = term
        if term:
            out.append(term)
    return out


class Bm25Index:
    """Okapi BM25 over a fixed set of documents, stored as one CSR matrix of term weights.

    `weights[d, t] = idf(t) * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len_d / avg_len))`, so the
    score of a weighted query vector q is simply `weights @ q`.
    """

    def __init__(
        self, documents: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75
    ) -> None:
        self.vocabulary: dict[str, int] = {}
        vocab = self.vocabulary
        term_ids: list[int] = []
        lengths = np.zeros(len(documents), dtype=np.float64)
        for row, tokens in enumerate(documents):
            lengths[row] = len(tokens)
            term_ids.extend([vocab.setdefault(t, len(vocab)) for t in tokens])
        n_docs, n_terms = len(documents), len(vocab)
        rows = np.repeat(np.arange(n_docs), lengths.astype(np.int64))
        # COO → CSR sums the duplicate (doc, term) pairs: that is the term frequency.
        tf_matrix = sparse.coo_matrix(
            (
                np.ones(len(term_ids), dtype=np.float64),
                (rows, np.asarray(term_ids, dtype=np.int64)),
            ),
            shape=(n_docs, n_terms),
        ).tocsr()
        doc_freq = np.bincount(tf_matrix.indices, minlength=n_terms).astype(np.float64)
        # The "plus one" idf variant stays positive even for terms in most documents.
        self.idf = np.log1p((n_docs - doc_freq + 0.5) / (doc_freq + 0.5))
        avg = lengths.mean() if n_docs and lengths.mean() > 0 else 1.0
        row_norm = k1 * (1.0 - b + b * lengths / avg)
        tf = tf_matrix.data
        row_of_entry = np.repeat(np.arange(n_docs), np.diff(tf_matrix.indptr))
        tf_matrix.data = (
            self.idf[tf_matrix.indices] * tf * (k1 + 1.0) / (tf + row_norm[row_of_entry])
        )
        self.weights = tf_matrix
        self.n_docs = n_docs

    def query_vector(self, weighted_terms: Mapping[str, float]) -> np.ndarray:
        """A dense query vector over the vocabulary; terms the documents never use are dropped."""
        q = np.zeros(len(self.vocabulary), dtype=np.float64)
        for term, weight in weighted_terms.items():
            col = self.vocabulary.get(term)
            if col is not None:
                q[col] += weight
        return q

    def scores(self, weighted_terms: Mapping[str, float]) -> np.ndarray:
        if not self.n_docs:
            return np.zeros(0)
        return np.asarray(self.weights @ self.query_vector(weighted_terms)).ravel()

    def top_terms(self, weighted_terms: Mapping[str, float], doc: int, k: int = 3) -> list[str]:
        """The query terms that contributed most to one document's score, best first."""
        start, end = self.weights.indptr[doc], self.weights.indptr[doc + 1]
        cols = self.weights.indices[start:end]
        data = self.weights.data[start:end]
        inverse = self._inverse_vocabulary()
        contributions = []
        for col, w in zip(cols, data, strict=True):
            q = weighted_terms.get(inverse[col], 0.0)
            if q > 0:
                contributions.append((w * q, inverse[col]))
        contributions.sort(reverse=True)
        return [term for _, term in contributions[:k]]

    def _inverse_vocabulary(self) -> list[str]:
        inverse: list[str] | None = getattr(self, "_inverse", None)
        if inverse is None:
            inverse = [""] * len(self.vocabulary)
            for term, col in self.vocabulary.items():
                inverse[col] = term
            self._inverse = inverse
        return inverse


def weighted_query(texts: Iterable[tuple[str, float]]) -> dict[str, float]:
    """Merge weighted texts into one query; log-damped so a word repeated in 50 posts does not
    drown the rest of a profile."""
    raw: dict[str, float] = {}
    for text, weight in texts:
        for term, tf in Counter(tokenize(text)).items():
            raw[term] = raw.get(term, 0.0) + weight * tf
    return {term: math.log1p(value) for term, value in raw.items() if value > 0}
