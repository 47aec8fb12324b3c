"""Forms of address: which title a recipient's ``title`` fact stands for.

Letters in different languages write the same title differently ("Dr." in
American English, "Dr" in British English, "Dra." for a woman in Spanish)
or not at all (French letters open with "Madame," alone). The facts hold the
title as the candidate wrote it; templates receive its meaning as the
recipient's ``honorific``:

- ``"doctor"`` for Dr, Dr., Dra., Doctor, Doctora, Docteur, Doktor (any case,
  with or without full stops);
- ``"professor"`` for Prof, Prof., Prof.ª, Professor, Professora, Profesor,
  Profesora, Professeur, Professorin, and "Prof. Dr." (the higher title wins);
- ``None`` for anything else, which languages that put titles in a
  salutation (English, German) print as written, and the others (French,
  Spanish, whose titles agree with a gender) leave out.
"""

from __future__ import annotations

import re
from typing import Literal

__all__ = ["Honorific", "honorific"]

Honorific = Literal["doctor", "professor"]

_DOCTOR = {"dr", "dra", "doctor", "doctora", "docteur", "doktor"}
_PROFESSOR = {"prof", "profa", "profª", "professor", "professora", "profesor", "profesora"}
_PROFESSOR |= {"professeur", "professorin"}


def honorific(title: str | None) -> Honorific | None:
    """The title *title* stands for, if followup knows how each language writes it.

    >>> honorific("Dr."), honorific("prof. dr."), honorific("Rev."), honorific(None)
    ('doctor', 'professor', None, None)
    """
    if not title:
        return None
    words = [w for w in re.split(r"[\s.]+", title.casefold()) if w]
    if words and words[0] in _PROFESSOR:
        return "professor"
    if words and all(w in _DOCTOR for w in words):
        return "doctor"
    return None
