"""The plain-language check: spot clinical jargon in what trainers write, suggest plain
alternatives, and say how easy a text is to read.

The glossary is the shipped list in workshops/data/jargon.csv plus the terms college
managers add (GlossaryTerm rows, which win where both name a term).
"""

import csv
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import textstat

JARGON_CSV = Path(__file__).resolve().parent / "data" / "jargon.csv"

READABILITY_TARGET = 60
MIN_WORDS_FOR_READABILITY = 3


def _normalise(term: str) -> str:
    """The glossary key for a term: lower case, single spaces."""
    return " ".join(term.split()).lower()


@functools.cache
def shipped_rows() -> tuple[tuple[str, str], ...]:
    """The shipped list as written in the CSV (term, plain alternative), read once."""
    with JARGON_CSV.open(encoding="utf-8", newline="") as fh:
        return tuple(
            (" ".join(row["term"].split()), row["plain"].strip())
            for row in csv.DictReader(fh)
            if (row.get("term") or "").strip() and (row.get("plain") or "").strip()
        )


@functools.cache
def shipped_glossary() -> Mapping[str, str]:
    """The shipped list as lower-cased term → plain alternative."""
    return MappingProxyType({_normalise(term): plain for term, plain in shipped_rows()})


def glossary() -> dict[str, str]:
    """Every term we know (lower-cased) → its plain alternative: the shipped list, then the
    terms managers added, which win on a clash. One query per call: managers' changes show
    at once."""
    from .models import GlossaryTerm

    terms = dict(shipped_glossary())
    terms.update(
        (_normalise(term), plain.strip())
        for term, plain in GlossaryTerm.objects.values_list("term", "plain")
    )
    return terms


@dataclass(frozen=True)
class JargonHit:
    term: str  # as written in the glossary
    found: str  # the exact text matched
    plain: str
    start: int
    end: int


_SEPARATOR = re.compile(r"(\s+|-)")


def _words_pattern(text: str) -> str:
    """Any whitespace between words; a hyphen may also be written as a space or left out
    ("self-harm", "self harm", "selfharm")."""
    parts = []
    for piece in _SEPARATOR.split(text):
        if piece.isspace():
            parts.append(r"\s+")
        elif piece == "-":
            parts.append(r"(?:-\s*|\s+)?")
        elif piece:
            parts.append(re.escape(piece))
    return "".join(parts)


def _term_pattern(term: str) -> str:
    """A regex for one term, with plurals of its last word."""
    lower = term.lower()
    if lower.endswith("y"):  # comorbidity → comorbidities
        return _words_pattern(term[:-1]) + "(?:y|ies)"
    if lower.endswith("is"):  # psychosis → psychoses
        return _words_pattern(term[:-2]) + "(?:is|es)"
    if lower[-1].isalpha():  # antipsychotic → antipsychotics, A&E → A&Es
        return _words_pattern(term) + "(?:e?s)?"
    return _words_pattern(term)  # PHQ-9


@dataclass(frozen=True)
class _Matcher:
    """One glossary, compiled: `scan` finds where terms start; `by_initial` holds each
    term's own pattern (in scan order) to tell which term a found text is."""

    scan: re.Pattern[str]
    by_initial: dict[str, list[tuple[re.Pattern[str], str]]]

    def term_for(self, found: str) -> str | None:
        for candidates in (self.by_initial.get(found[0].lower(), []), self.all_terms()):
            for pattern, key in candidates:
                if pattern.fullmatch(found):
                    return key
        return None

    def all_terms(self):
        for candidates in self.by_initial.values():
            yield from candidates


def _scan_order(key: str) -> tuple:
    # Longest first, so where terms overlap the longest wins; of two spellings of one term
    # ("care coordinator", "care co-ordinator") the one without a hyphen is tried first.
    letters = re.sub(r"[\s-]", "", key)
    return (-len(letters), key.count("-"), key)


def _by_first_letter(patterns: list[str]) -> str:
    """The terms' patterns as one alternation, grouped by first letter: `a(?:…|…)|b(?:…)`.
    The regex engine tries a group's terms only at a word starting with its letter, not
    all three hundred at every word (seven times faster on the plan editor's texts). Each
    group keeps the scan order, and no two groups match at the same place, so the same
    term is found. Where a pattern does not start with an ASCII letter or digit (which
    could match a letter of another group, or be an escape) they stay in one plain list."""
    if not all(p[:1].isascii() and p[:1].isalnum() for p in patterns):
        return "|".join(patterns)
    groups: dict[str, list[str]] = {}
    for pattern in patterns:
        groups.setdefault(pattern[0].lower(), []).append(pattern[1:])
    return "|".join(f"{letter}(?:{'|'.join(rests)})" for letter, rests in groups.items())


@functools.lru_cache(maxsize=16)
def _compiled(terms: frozenset[str]) -> _Matcher:
    """One regex for a whole glossary. It looks ahead from every word start, so each start
    reports the longest term that begins there; find_jargon then keeps the longest of any
    overlapping candidates. (Telling which term matched is done afterwards: a named group
    per term makes the scan about ten times slower.)"""
    keys = sorted((t for t in terms if t.strip()), key=_scan_order)
    patterns = [_term_pattern(key.strip()) for key in keys]
    scan = re.compile(rf"(?<!\w)(?=({_by_first_letter(patterns)})(?!\w))", re.IGNORECASE)
    by_initial: dict[str, list[tuple[re.Pattern[str], str]]] = {}
    for key, pattern in zip(keys, patterns, strict=True):
        by_initial.setdefault(key.strip()[0].lower(), []).append(
            (re.compile(pattern, re.IGNORECASE), key)
        )
    return _Matcher(scan=scan, by_initial=by_initial)


def find_jargon(text: str, terms: Mapping[str, str] | None = None) -> list[JargonHit]:
    """Glossary terms in `text`, in order, none overlapping: whole words only, any case,
    plurals included; where terms overlap the longest wins."""
    if terms is None:
        terms = glossary()
    if not text or not terms:
        return []
    return _find(text, terms, _compiled(frozenset(terms)))


def _find(text: str, terms: Mapping[str, str], matcher: _Matcher) -> list[JargonHit]:
    candidates = [match.span(1) for match in matcher.scan.finditer(text)]
    taken = bytearray(len(text))
    hits = []
    for start, end in sorted(candidates, key=lambda span: (span[0] - span[1], span[0])):
        if any(taken[start:end]):
            continue
        found = text[start:end]
        key = matcher.term_for(found)
        if key is None:  # cannot happen: the scan only finds glossary terms
            continue
        taken[start:end] = b"\x01" * (end - start)
        hits.append(JargonHit(term=key, found=found, plain=terms[key], start=start, end=end))
    return sorted(hits, key=lambda hit: hit.start)


def check_fields(
    fields: Mapping[str, str], terms: Mapping[str, str] | None = None
) -> dict[str, list[JargonHit]]:
    """The jargon in each named text (e.g. a course's title, summary and outcomes), with
    one glossary load for them all (none when every text is empty) and the glossary's
    pattern looked up once."""
    if not any(fields.values()):
        return {name: [] for name in fields}
    if terms is None:
        terms = glossary()
    matcher = _compiled(frozenset(terms)) if terms else None
    return {
        name: _find(text, terms, matcher) if text and matcher else []
        for name, text in fields.items()
    }


@dataclass(frozen=True)
class Readability:
    score: float  # Flesch reading ease: higher is easier; 60 and above suits most adults
    meets_target: bool
    label: str
    target: int = READABILITY_TARGET


_WORD = re.compile(r"\w+(?:['’-]\w+)*")


def _readability_label(score: float) -> str:
    if score >= 80:
        return "Very easy to read"
    if score >= 60:
        return "Easy to read"
    if score >= 50:
        return "Fairly hard to read: try shorter sentences and everyday words"
    return "Hard to read: try shorter sentences and everyday words"


def readability(text: str) -> Readability | None:
    """How easy `text` is to read, or None when it is too short for a score to mean
    anything (fewer than three words)."""
    if len(_WORD.findall(text or "")) < MIN_WORDS_FOR_READABILITY:
        return None
    score = round(float(textstat.flesch_reading_ease(text)), 1)
    return Readability(
        score=score,
        meets_target=score >= READABILITY_TARGET,
        label=_readability_label(score),
    )
