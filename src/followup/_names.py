"""Names: their words, their file-name slugs, and what a title stands for.

**Titles.** Which title a recipient's ``title`` fact stands for.

Letters in different languages write the same title differently ("Dr." in
American English, "Dr" in British English, "Dra." for a woman in Spanish)
or not at all (French letters open with "Madame," alone). The facts hold the
title as the candidate wrote it; templates receive its meaning as the
recipient's ``honorific``:

- ``"doctor"`` for Dr, Dr., Dra., Doctor, Doctora, Docteur, Doktor (any case,
  with or without full stops), with a German doctorate's field too ("Dr.-Ing.",
  "Dr. rer. nat.", "Dr. med. dent.": a letter greets "Frau Dr. Vogt");
- ``"professor"`` for Prof, Prof., Prof.ª, Professor, Professora, Profesor,
  Profesora, Professeur, Professorin, and "Prof. Dr." (the higher title wins);
- ``None`` for anything else, which English, German and Spanish print as
  written in a salutation ("Estimado Ing. Morales:", where a title is part of
  how one is addressed), and French (whose letters open with "Madame,")
  leaves out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Literal

__all__ = [
    "Honorific",
    "before_family",
    "first_surname",
    "honorific",
    "name_words",
    "particle",
    "slug",
    "spanish_name_parts",
    "surnames",
    "unique_names",
]

Honorific = Literal["doctor", "professor"]

_DOCTOR = {"dr", "dra", "doctor", "doctora", "docteur", "doktor"}
_PROFESSOR = {"prof", "profa", "profª", "professor", "professora", "profesor", "profesora"}
_PROFESSOR |= {"professeur", "professorin"}
_FIELD = {"ing", "rer", "nat", "med", "dent", "vet", "phil", "jur", "iur", "oec", "pol"}
_FIELD |= {"soc", "sc", "techn", "theol", "habil", "h", "c", "e", "agr", "paed", "mont"}
"""The words after "Dr." that name the field of a German doctorate ("Dr.-Ing.",
"Dr. rer. nat.", "Dr. h. c."): a letter greets its holder as "Dr." all the same."""


def honorific(title: str | None) -> Honorific | None:
    """The title *title* stands for, if followup knows how each language writes it.

    >>> honorific("Dr."), honorific("prof. dr."), honorific("Rev."), honorific(None)
    ('doctor', 'professor', None, None)
    >>> honorific("Dr.-Ing."), honorific("Dr. rer. nat."), honorific("Dipl.-Ing.")
    ('doctor', 'doctor', None)
    """
    if not title:
        return None
    words = [w for w in re.split(r"[\s.\-]+", title.casefold()) if w]
    if words and words[0] in _PROFESSOR:
        return "professor"
    if words and words[0] in _DOCTOR and all(w in _DOCTOR or w in _FIELD for w in words):
        return "doctor"
    return None


_PREFIXES = frozenset(
    {"dr", "dr.", "prof", "prof.", "mr", "mr.", "ms", "ms.", "mrs", "mrs."}
    | {"dra", "dra.", "sr", "sr.", "sra", "sra.", "srta", "srta.", "ing", "ing.", "lic", "lic."}
    | {"mme", "mme.", "mlle", "mlle.", "herr", "frau", "miss", "mx", "mx.", "doña", "dña."}
    | {"mtro", "mtro.", "mtra", "mtra."}
)
"""Titles a name may start with ("Dra. Lucía Fernández"): not its given name."""
_SUFFIXES = frozenset(
    {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d.", "md", "m.d.", "esq."}
)


def name_words(name: str) -> list[str]:
    """The words of a name without leading titles and trailing suffixes.

    >>> name_words("Dra. Lucía Fernández"), name_words("Rafael Ortega Ruiz, PhD")
    (['Lucía', 'Fernández'], ['Rafael', 'Ortega', 'Ruiz'])
    """
    words = name.split(",")[0].split() or name.split()
    while len(words) > 1 and words[0].lower() in _PREFIXES:
        words = words[1:]
    while len(words) > 1 and words[-1].lower() in _SUFFIXES:
        words = words[:-1]
    return words


def without_initials(name: str) -> str:
    """*name* as running text names a person: without middle initials ("Laura J.
    Delgado" is "Laura Delgado"); a name that starts with an initial keeps them all.

    >>> without_initials("Laura J. Delgado"), without_initials("J. R. Tolkien")
    ('Laura Delgado', 'J. R. Tolkien')
    >>> without_initials("Dr. Mary K. O'Neil, PhD"), without_initials("José Ortega y Gasset")
    ("Dr. Mary O'Neil, PhD", 'José Ortega y Gasset')
    """
    named = name_words(name)
    if len(named) < 3 or _initial(named[0]) or _initial(named[-1]):
        return name
    inner = {word for word in named[1:-1] if _initial(word)}
    if not inner:
        return name
    return " ".join(word for word in name.split(" ") if word not in inner)


def _initial(word: str) -> bool:
    """Whether *word* is an initial: one capital letter, with or without a full stop."""
    letter = word[:-1] if word.endswith(".") else word
    return len(letter) == 1 and letter.isupper()


_PARTICLES = frozenset(
    {"de", "del", "la", "las", "los", "san", "santa", "dos", "das", "della", "van", "von"}
    | {"der", "den", "ter", "ten", "saint", "sainte", "st.", "mac", "di", "da", "do", "du"}
    | {"le", "lo", "el", "al", "d'", "d\u2019"}
)
"""Words that belong to the surname after them: "de la Fuente", "del Río", "San Martín",
"Dos Santos", "Van der Berg", "Di Pietro", "Da Silva", "Lo Bianco"."""


def particle(word: str) -> bool:
    """Whether *word* belongs to the surname after it ("de", "von", "Di").

    >>> particle("Di"), particle("von"), particle("Wu")
    (True, True, False)
    """
    return word.casefold() in _PARTICLES


def family_default(words: list[str]) -> str:
    """The family name a name of *words* most likely ends in: its last word, with the
    particles before it, which belong to it ("Herr van der Berg", "Dr. Di Pietro").

    >>> family_default(["Marcelo", "Di", "Pietro"]), family_default(["Anne", "de", "la", "Tour"])
    ('Di Pietro', 'de la Tour')
    >>> family_default(["Rafael", "Ortega", "Ruiz"]), family_default(["von", "Weizsäcker"])
    ('Ruiz', 'von Weizsäcker')
    """
    start = len(words) - 1
    while start > 0 and particle(words[start - 1]):
        start -= 1
    return " ".join(words[start:])


_JOINS = frozenset({"y", "i"})
"""Words that join two surnames into one: "Ortega y Gasset", "Puig i Cadafalch"."""


def surnames(family_name: str) -> list[str]:
    """The surnames *family_name* holds, as Spanish names join them: a particle goes
    with the surname after it, and "y" joins two into one.

    >>> surnames("Ortega Ruiz"), surnames("de la Fuente García")
    (['Ortega', 'Ruiz'], ['de la Fuente', 'García'])
    >>> surnames("García de la Fuente"), surnames("Ortega y Gasset"), surnames("y Ortega")
    (['García', 'de la Fuente'], ['Ortega y Gasset'], ['y Ortega'])
    """
    found: list[str] = []
    pending: list[str] = []
    join = False
    for word in family_name.split():
        folded = word.casefold()
        if folded in _JOINS and found and not pending:
            join = True
            pending.append(word)
        elif particle(word) or folded in _JOINS:  # "y" first: part of what follows
            pending.append(word)
        elif join:
            found[-1] = " ".join([found[-1], *pending, word])
            pending, join = [], False
        else:
            found.append(" ".join([*pending, word]))
            pending = []
    if pending:  # a particle last: part of the surname before it
        found[-1:] = [" ".join([*found[-1:], *pending])]
    return found


def first_surname(family_name: str) -> str:
    """The surname a Spanish letter greets someone by: the first of their two
    surnames ("Estimado Sr. Ortega:" to Rafael Ortega Ruiz); one surname, or more
    than two, as written.

    >>> first_surname("Ortega Ruiz"), first_surname("Rivera"), first_surname("del Río Pérez")
    ('Ortega', 'Rivera', 'del Río')
    >>> first_surname("Di Pietro"), first_surname("Di Pietro Gómez"), first_surname("Wu Ortega")
    ('Di Pietro', 'Di Pietro', 'Wu')
    """
    found = surnames(family_name)
    return found[0] if len(found) == 2 else family_name


def before_family(words: list[str], family_name: str) -> list[str] | None:
    """The words of a name before its family name, when the name's *words* end with
    it (in any case) and have at least one before it; None otherwise.

    >>> before_family(["Rafael", "Ortega", "Ruiz"], "ortega ruiz"), before_family(["Ruiz"], "Ruiz")
    (['Rafael'], None)
    """
    family = family_name.casefold().split()
    if not family or len(words) <= len(family):
        return None
    if [w.casefold() for w in words[-len(family) :]] != family:
        return None
    return words[: -len(family)]


def spanish_name_parts(words: list[str], given: list[str]) -> tuple[str, str]:
    """How a Spanish name of *words* most likely divides, after the given name's words
    *given*: the family name holds the rest as surnames join (particles with the word
    after them), the last two when there are more, the others then going with the
    given name. A guess to ask about, never to draft with.

    >>> spanish_name_parts("Rafael Ortega Ruiz".split(), ["Rafael"])
    ('Rafael', 'Ortega Ruiz')
    >>> spanish_name_parts("María José García de la Fuente".split(), ["María"])
    ('María José', 'García de la Fuente')
    """
    rest = surnames(" ".join(words[len(given) :]))
    if len(rest) <= 2:
        return " ".join(given), " ".join(rest)
    return " ".join([*given, *rest[:-2]]), " ".join(rest[-2:])


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str, *, limit: int) -> str:
    """*text* as lower-case ASCII letters, digits and hyphens, at most *limit* long;
    empty when nothing is left (a name in a script without an ASCII form).

    >>> slug("Dana Rivera, PhD", limit=40)
    'dana-rivera-phd'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")[:limit].strip("-")


def unique_names(names: Iterable[str], *, sep: str = "-") -> list[str]:
    """*names* made unique, case-insensitively, by numbering repeats before the suffix.

    >>> unique_names(["tip.txt", "Tip.txt", "tip.txt", "plan"])
    ['tip.txt', 'Tip-2.txt', 'tip-3.txt', 'plan']
    """
    seen: set[str] = set()
    unique = []
    for name in names:
        stem, dot, suffix = name.rpartition(".")
        if not dot or not stem:
            stem, dot, suffix = name, "", ""
        candidate, number = name, 1
        while candidate.casefold() in seen:
            number += 1
            candidate = f"{stem}{sep}{number}{dot}{suffix}"
        seen.add(candidate.casefold())
        unique.append(candidate)
    return unique


WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"{port}{n}" for port in ("com", "lpt") for n in "123456789\u00b9\u00b2\u00b3"}
)
"""Names Windows gives its devices: ``con.vcf`` opens the console, not a file."""


def windows_device(filename: str) -> bool:
    """Whether Windows reads *filename* as a device (``nul.vcf``, ``COM1 .txt``).

    >>> windows_device("con.vcf"), windows_device("conrad.vcf")
    (True, False)
    """
    return filename.split(".", 1)[0].rstrip(" ").lower() in WINDOWS_DEVICES
