"""The words search understands, made at build time from the site's own text. Pure.

Pagefind indexes each page with Swedish Snowball stemming and matches a query word as a
prefix. That leaves three gaps, which the search box (templates/assets/search.js) closes
with the data made here:

- inflected forms Snowball leaves unstemmed (*samtycket* is not *samtycke*): every word on
  the site is lemmatized with simplemma's Swedish lexicon, and words with one lemma form a
  group; a query word is searched as its lemma (and the forms the lemma is no prefix of);
- compounds (*stöd* does not find *föräldraskapsstöd*): each compound on the site is split
  into parts that are themselves words of the site or of the lexicon, so a part finds them;
- typos: the site's vocabulary (most frequent first) is what a misspelt word is corrected to.

Synonyms, everyday and English words, abbreviations and stop words come from the one list
content/search.yaml (models.SearchFile), which the glossary shows as well.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any, Iterable

from . import models as m

WORD_RE = re.compile(r"[0-9a-zåäöéü]+")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_ATTRS = re.compile(r"\{[:#.][^}]*\}|\{ *[#.][^}]*\}")
_TAGS = re.compile(r"<[^>]+>")
MIN_PART = 3          # shortest compound head (mål-, BB-)
MIN_LISTED = 4        # shortest part that finds its compounds (stöd, vård, barn)
MAX_COMPOUNDS = 8     # compounds listed per part (the most frequent)


def config(search: m.SearchFile, regions: dict[str, str], topics: list[tuple[str, str]],
           helpers: dict[str, str]) -> dict[str, Any]:
    """What the search box needs besides the vocabulary: synonyms, stop words, the regions
    (id -> name), the national topics (title, site path) and the helper pages."""
    synonyms: dict[str, list[str]] = {}
    for t in search.terms:
        target = t.term.lower()
        for word in [*t.synonyms, *t.abbreviations, *t.english]:
            key = word.lower()
            if key != target and target not in synonyms.setdefault(key, []):
                synonyms[key].append(target)
    return {
        "stopp": sorted({w.lower() for w in search.stop_words}),
        "synonymer": dict(sorted(synonyms.items())),
        "termer": sorted({t.term.lower() for t in search.terms}),
        "regioner": regions,
        "amnen": [list(t) for t in topics],
        "hjalp": helpers,
    }


def page_words(markdown: str) -> list[str]:
    """The words of a generated Markdown page as the reader sees them (lowercase); source
    lines are left out, as they are left out of the search index."""
    out: list[str] = []
    for line in markdown.splitlines():
        if line.startswith("*[") or "fc-kallor" in line or line.lstrip().startswith("**Källa:**"):
            continue
        line = _TAGS.sub(" ", _ATTRS.sub(" ", _LINK_TARGET.sub("]", line)))
        out.extend(WORD_RE.findall(line.lower()))
    return out


def _lemmatizer():
    import simplemma

    def lemma(word: str) -> str:
        return simplemma.lemmatize(word, lang="sv", greedy=True).lower()

    def known(word: str) -> bool:
        return simplemma.is_known(word, lang="sv")

    return lemma, known


def _split(word: str, lemmas: set[str], known) -> list[tuple[str, str]]:
    """Ways to read `word` as head + tail, both words (a linking -s- allowed, and a head
    that drops its final vowel: hälso- from hälsa, skol- from skola)."""
    splits = []
    for i in range(MIN_PART, len(word) - MIN_PART + 1):
        head, tail = word[:i], word[i:]
        if tail not in lemmas or len(tail) < MIN_LISTED:
            continue
        for cand in (head, head[:-1] if head.endswith("s") else None, head + "a", head + "e",
                     head[:-1] + "a" if head.endswith(("o", "e")) else None):
            if cand and len(cand) >= MIN_PART and (cand in lemmas or (len(cand) >= 4 and known(cand))):
                splits.append((cand, tail))
                break
    return splits


def vocabulary(texts: Iterable[str], stop_words: Iterable[str] = ()) -> dict[str, Any]:
    """Groups of forms per lemma (most frequent lemma first) and compound parts."""
    lemma, known = _lemmatizer()
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(w for w in page_words(text) if len(w) >= 2 and not w.isdigit())
    stop = {w.lower() for w in stop_words}
    groups: dict[str, set[str]] = defaultdict(set)
    freq: Counter[str] = Counter()
    for word, n in counts.items():
        lem = lemma(word)
        # A lemma the site never uses in a form that starts like it is a poor search word
        # (simplemma's greedy guess); keep the word as its own group then.
        if not any(f.startswith(lem[: max(2, len(lem) - 2)]) for f in (word,)):
            lem = word
        groups[lem].add(word)
        freq[lem] += n
    order = sorted(groups, key=lambda k: (-freq[k], k))
    lemmas = set(groups)
    parts: dict[str, list[str]] = defaultdict(list)
    for lem in order:
        if len(lem) < 2 * MIN_PART + 1 or lem in stop:
            continue
        for head, tail in _split(lem, lemmas, known):
            for part in (head, tail):
                if (part in lemmas and len(part) >= MIN_LISTED and part not in stop and part != lem
                        and lem not in parts[part]):
                    if len(parts[part]) < MAX_COMPOUNDS:
                        parts[part].append(lem)
    return {
        # "lemma form form …", most frequent lemma first: the lemma is what is searched. Each
        # other form is written as how many letters it drops from the end of the lemma and
        # what it adds: "samtycke 0t 0ts" is samtycke, samtycket, samtyckets.
        "ord": [" ".join([lem, *(_relative(lem, f) for f in sorted(groups[lem] - {lem}, key=lambda f: (-counts[f], f)))])
                for lem in order],
        "delar": {p: " ".join(c) for p, c in sorted(parts.items())},
    }


def _relative(lemma: str, form: str) -> str:
    common = 0
    while common < min(len(lemma), len(form)) and lemma[common] == form[common]:
        common += 1
    drop = len(lemma) - common
    return f"{drop}{form[common:]}" if drop <= 9 else f"={form}"


def search_data(pages: dict[str, str], cfg: dict[str, Any], indexed: dict[str, str]) -> dict[str, Any]:
    """Everything search.js reads (assets/sok.ord, gzip-compressed JSON): `pages` are the
    generated Markdown pages, `indexed` Pagefind's page ids with their paths."""
    return {**cfg, **vocabulary(pages.values(), cfg.get("stopp", ())), "sidor": indexed}
