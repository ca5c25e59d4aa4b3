"""A readable, word-by-word comparison of two agreement versions."""

import difflib
import re
from dataclasses import dataclass, field

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass
class SectionDiff:
    heading: str
    status: str  # same | changed | added | removed
    chunks: list[tuple[str, str]] = field(default_factory=list)  # (equal|insert|delete, text)


def _words(text: str) -> list[str]:
    return _TOKENS.findall(text or "")


REWRITE_RATIO = 0.4


def text_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word-by-word changes. A text mostly rewritten reads better as before-and-after than
    as a patchwork of crossed-out and new words, so below REWRITE_RATIO it is shown so."""
    a, b = _words(old), _words(new)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    words_alike = difflib.SequenceMatcher(
        a=[w for w in a if not w.isspace()], b=[w for w in b if not w.isspace()], autojunk=False
    ).ratio()
    if a and b and words_alike < REWRITE_RATIO:
        return [("delete", old), ("equal", " "), ("insert", new)]
    chunks = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            chunks.append(("equal", "".join(a[i1:i2])))
        if op in ("delete", "replace"):
            chunks.append(("delete", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            chunks.append(("insert", "".join(b[j1:j2])))
    return chunks


def version_diff(old, new) -> dict:
    """Compare two AgreementVersions section by section, matched by heading."""
    old_sections = {s["heading"]: s["text"] for s in old.sections}
    new_sections = {s["heading"]: s["text"] for s in new.sections}
    sections = []
    for heading, text in new_sections.items():
        if heading not in old_sections:
            sections.append(SectionDiff(heading, "added", [("insert", text)]))
        elif old_sections[heading] == text:
            sections.append(SectionDiff(heading, "same", [("equal", text)]))
        else:
            sections.append(SectionDiff(heading, "changed", text_diff(old_sections[heading], text)))
    for heading, text in old_sections.items():
        if heading not in new_sections:
            sections.append(SectionDiff(heading, "removed", [("delete", text)]))
    return {
        "sections": sections,
        "review_date_changed": old.review_date != new.review_date,
        "old_review_date": old.review_date,
        "new_review_date": new.review_date,
        "changed": any(s.status != "same" for s in sections) or old.review_date != new.review_date,
    }
