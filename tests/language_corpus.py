"""Facts written the way docs/languages.md says each language writes them, and the
interviews that carry every one of them through every slot of every draft kind.

Each language's corpus covers every gender and number, facts that start with
a vowel, an *h* or a *y*, with a capital, and that end in "?" or "!". The
test in ``test_language_shapes.py`` renders them all and looks for the
sequences a native writer would never write.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Corpus:
    """One language's facts, in its documented shapes."""

    locale: str
    company: list[str]
    role: list[str]
    topics: list[str]
    hobbies: list[str]
    details: list[str]
    ideas: list[str]
    titles: list[str]
    tips: list[str]
    notes: list[str]
    people: list[dict[str, Any]]
    forbidden: list[str]
    """Sequences that never occur in any draft of this language."""
    expected: list[str] = field(default_factory=list)
    """Sequences that some draft must contain: the rules at work."""
    forbidden_patterns: list[re.Pattern[str]] = field(default_factory=list)
    """Regular expressions that never match any draft of this language."""


CORPORA = {
    "en": Corpus(
        locale="en_US",
        company=["Northwind Analytics", "Acme, Inc.", "IBM", "the Harbor Transit Authority"],
        role=["Senior Data Engineer", "analyst", "UX designer"],
        topics=[
            "error budgets",
            "the move to streaming",
            "an observability stack",
            "hiring for the platform team",
            "Kubernetes upgrades",
            "build or buy?",
            "ship it!",
            "yield management",
        ],
        hobbies=["sailing", "the Boston Marathon", "jazz piano", "hiking", "yoga"],
        details=["racing a Laser dinghy most weekends", "the first ultra last spring"],
        ideas=[
            "partition the event tables by day",
            "what if alerts linked to their runbook?",
            "a weekly game day!",
            "Kubernetes for the batch jobs",
        ],
        titles=["The racing rules, explained", "Why do we sail?", "Just ship it!"],
        tips=["A runbook per alert halves the time to act.", "Try the 5-minute rule!"],
        notes=["She runs the city's SRE meetup.", "Ask her about on-call?"],
        people=[
            {"name": "Dana Rivera", "gender": "female", "title": "Dr."},
            {"name": "Lee Chen", "gender": "male"},
            {"name": "Alex Kim"},
            {"name": "Ines Ortega", "gender": "female", "title": "Professor"},
        ],
        forbidden=[
            "meeting them",  # a contact: "he" or "she" in their note
            "about about",
            "the the ",
            "?.",
            "!.",
            " ,",
            "..",
            "  ",
            "( ",
            " )",
        ],
        expected=[
            "I enjoyed meeting you, along with Dr. Rivera",
            "about error budgets, about the move to streaming",
            "Senior Data Engineer position",
        ],
    ),
    "de": Corpus(
        locale="de_DE",
        company=[
            "Nordwind Analytik GmbH",
            "Acme",
            "ADAC e.V.",
            "Deutsche Bahn AG",
            "Stadtwerke Lindenau",
            "die Hochschule Osnabrück",
        ],
        role=["Senior Data Engineer", "Hydrographin", "Teamleiter Daten"],
        topics=[
            "der neue Ansatz für Lasttests",
            "die Rufbereitschaft",
            "das Onboarding",
            "die Datenverträge zwischen Teams",
            "der Umzug in die Cloud",
            "Kubernetes",
            "eine zentrale Datenplattform",
            "Bauen oder kaufen?",
            "das Motto „Einfach machen!“",
            "Yield-Management",
        ],
        hobbies=["das Segeln", "der Marathon", "die Fotografie", "Brettspiele", "Yoga"],
        details=["die Regatten mit der Laser-Jolle", "der erste Ultralauf im Frühjahr"],
        ideas=[
            "Man könnte die Event-Tabellen nach Tagen partitionieren.",
            "Warum nicht einmal im Monat einen Game Day?",
            "Ein Glossar der Kennzahlen würde allen helfen!",
            "Kubernetes für die Batch-Jobs",
        ],
        titles=["Die Wettfahrtregeln verständlich erklärt", "Warum segeln wir?"],
        tips=["Ein Runbook pro Alarm halbiert die Zeit bis zur ersten Maßnahme."],
        notes=["Er leitet das Berliner SRE-Meetup.", "Fragen Sie ihn nach Chaos-Tests!"],
        people=[
            {"name": "Katrin Hoffmann", "gender": "female", "title": "Dr."},
            {"name": "Jonas Weber", "gender": "male", "title": "Prof."},
            {"name": "Kim Neumann"},
            {"name": "Ines Yilmaz", "gender": "female"},
        ],
        forbidden=[
            "über der ",
            "über dem ",
            "für der ",
            "zu der ",
            "zu dem ",
            # a plural after a dative preposition: "den Datenverträgen", never "der"
            "zur Datenverträge",
            "mit der Datenverträge",
            "bei der Datenverträge",
            "von der Datenverträge",
            "zu das ",
            "von dem ",
            "bei dem ",
            "bei das ",
            "von das ",
            "mit das ",
            "von Brettspiele",
            # a hobby no preposition governs would stay in the nominative: "Sie der Marathon"
            "Sie der Marathon",
            "du der Marathon",
            "Ihre die ",
            "Ihre der ",
            "Ihren den ",
            "deine die ",
            "zu Brettspiele",
            "Freude an ",
            "über Rufbereitschaft",
            "über Onboarding",
            "bei Nordwind",
            "bei Deutsche Bahn AG",
            "Hochschulen",
            "?.",
            "!.",
            " ,",
            "..",
            "  ",
        ],
        expected=[
            "über den neuen Ansatz für Lasttests",
            "bei der Nordwind Analytik GmbH",
            "bei den Stadtwerken Lindenau",
            "bei der Deutschen Bahn AG",
            "bei der Hochschule Osnabrück",
            "beim ADAC e.V.",
            "Sehr geehrte Frau Dr. Hoffmann,",
            "Sehr geehrter Herr Professor Weber,",
            "einen kurzen Tipp rund um ",
            "für den Marathon interessieren",
            "über die Regatten mit der Laser-Jolle",
            "über den ersten Ultralauf im Frühjahr",
            "für den Marathon",
            "Zeit für Fotografie",
        ],
    ),
    "fr": Corpus(
        locale="fr_FR",
        company=[
            "Analytique du Nord",
            "Acme",
            "Hydro-Québec",
            "Yves Rocher",
            "le Parc des Combes",
        ],
        role=["ingénieure de données", "hydrographe", "yield manager", "chef de projet"],
        topics=[
            "le passage au streaming",
            "la gestion des astreintes",
            "les astreintes",
            "l'observabilité",
            "l'hébergement des données",
            "le hockey sur glace",
            "Kubernetes",
            "une plateforme de données commune",
            "faut-il construire ou acheter ?",
            "le slogan « Osez ! »",
            "le yield management",
        ],
        hobbies=["la voile", "le marathon", "les échecs", "l'escalade", "le handball"],
        details=["les régates en Laser le week-end", "le premier ultra au printemps"],
        ideas=[
            "partitionner les tables d'événements par jour",
            "et si chaque alerte renvoyait à sa procédure ?",
            "un glossaire des indicateurs aiderait tout le monde !",
            "Kubernetes pour les traitements par lots",
        ],
        titles=["Les règles de course expliquées", "Pourquoi naviguer ?"],
        tips=["Une procédure par alerte divise par deux le temps de réaction."],
        notes=["Il anime le meetup SRE de Lyon.", "Demandez-lui ses astuces !"],
        people=[
            {"name": "Claire Dubois", "gender": "female", "title": "Dr"},
            {"name": "Hugo Roux", "gender": "male"},
            {"name": "Camille Martin"},
            {"name": "Yasmine Amrani", "gender": "female"},
        ],
        forbidden=[
            "de l'hockey",
            "d'hockey",
            "d'yield",
            "de un",
            "de une",
            "de ingénieure",
            "de hydrographe",
            "vos les ",
            "votre le ",
            "tes les ",
            "ton le ",
            "?.",
            "!.",
            "? .",
            "! .",
            " ,",
            "..",
        ],
        # "de" is said again before each name of a list: "de Claire et de Hugo".
        forbidden_patterns=[
            re.compile(r"\bde (?:[A-ZÉ][\w-]+,? )+et [A-ZÉ]"),
            # whole words: "déjà le site" and "garde le cap" are French
            re.compile(r"(?<!\w)(?:chez le|de les?|à les?) "),
        ],
        expected=[
            "au Parc des Combes",
            "parlé du marathon",
            "parlé de vos régates en Laser le week-end",
            "parlé du premier ultra au printemps",
            "parlé de tes régates en Laser le week-end",
            "parlé des échecs",
            "parlé de l'escalade",
            "parlé du handball",
            "poste d'ingénieure de données",
            "poste d'hydrographe",
            "poste de yield manager",
        ],
    ),
    "es": Corpus(
        locale="es_ES",
        company=["Analítica del Norte", "Acme", "Iberdrola", "Hielo Sur"],
        role=["ingeniera de datos sénior", "analista", "hidrógrafo"],
        topics=[
            "el paso a streaming",
            "la integración de datos",
            "los contratos de datos",
            "las guardias",
            "el hielo de las métricas",
            "Kubernetes",
            "una plataforma común de datos",
            "¿construir o comprar?",
            "el lema «¡Hazlo!»",
            "el yield management",
            "idiomas",
            "hijos y conciliación",
        ],
        hobbies=["la vela", "el maratón", "los idiomas", "las hierbas aromáticas", "hípica"],
        details=["las regatas en Laser los fines de semana", "el primer ultra en primavera"],
        ideas=[
            "particionar las tablas de eventos por día",
            "¿y si cada alerta enlazara a su procedimiento?",
            "¡un glosario de métricas ayudaría a todos!",
            "Kubernetes para los procesos por lotes",
        ],
        titles=["El reglamento de regatas explicado", "¿Por qué navegamos?"],
        tips=["Un procedimiento por alerta reduce a la mitad el tiempo de reacción."],
        notes=["Organiza el meetup de SRE de Madrid.", "¡Pregúntale por sus trucos!"],
        people=[
            {"name": "Lucía Fernández", "gender": "female", "title": "Dra."},
            {"name": "Javier Morales", "gender": "male"},
            {"name": "Inés Ibáñez", "gender": "female"},
            {"name": "Olga Ortiz"},
        ],
        forbidden=[
            "de el ",
            "De el ",
            "sus las ",
            "su el ",
            "tus las ",
            "tu el ",
            "?.",
            "!.",
            " ,",
            "..",
        ],
        expected=[
            "de sus regatas en Laser los fines de semana",
            "del primer ultra en primavera",
            "de tus regatas en Laser los fines de semana",
            "con usted, con Javier Morales",
        ],
        forbidden_patterns=[
            re.compile(r"\b[yY] (?:[iIíÍ]|[hH][iIíÍ](?![aeiouáéó]))"),
            re.compile(r"\b[oO] [hH]?[oOóÓ]"),
            re.compile(r"\b[aA] el "),
            re.compile(r"apasiona (?:los|las) "),
        ],
    ),
}


def _base(corpus: Corpus, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "company": corpus.company[0],
        "role": corpus.role[0],
        "date": "2026-10-06",
        "locale": corpus.locale,
        "candidate": {"name": "Sam Okafor"},
        "interviewers": [dict(corpus.people[0], primary=True)],
    }
    data.update(overrides)
    return data


def interviews(corpus: Corpus) -> Iterator[dict[str, Any]]:
    """Facts that put every fact of *corpus* through every slot, formal and informal."""
    people = corpus.people
    names = [p["name"] for p in people]
    for formality in ("formal", "informal"):
        form = {"formality": formality}
        # Every company and role, and the whole committee, in one note each.
        for company, role in itertools.zip_longest(corpus.company, corpus.role):
            yield _base(
                corpus,
                company=company or corpus.company[0],
                role=role or corpus.role[0],
                interviewers=[dict(people[0], primary=True), *people[1:]],
                **form,
            )
        # Each topic alone (thank-you), then all of them in turn (check-ins), in
        # both orders so that each meets every wording of the check-in.
        for topic in corpus.topics:
            yield _base(corpus, topics=[{"subject": topic}], **form)
        for shift in (0, 1):
            topics = corpus.topics[shift:] + corpus.topics[:shift]
            yield _base(
                corpus,
                topics=[{"subject": t} for t in topics],
                interviewers=[dict(people[0], primary=True), people[1]],
                **form,
            )
        # Hobbies, with and without their detail, one and several at a time.
        for shift in (0, 1):
            hobbies = corpus.hobbies[shift:] + corpus.hobbies[:shift]
            details = itertools.cycle([*corpus.details, None])
            yield _base(
                corpus,
                hobbies=[
                    {"subject": h, "person": names[0], "detail": d}
                    if d
                    else {"subject": h, "person": names[0]}
                    for h, d in zip(hobbies, details, strict=False)
                ],
                **form,
            )
        for index, hobby in enumerate(corpus.hobbies):
            yield _base(corpus, hobbies=[{"subject": hobby, "person": names[0]}], **form)
            # Second in a series of check-ins: the other wording of the hobby's sentence.
            other = corpus.hobbies[(index + 1) % len(corpus.hobbies)]
            pair = [{"subject": h, "person": names[0]} for h in (other, hobby)]
            yield _base(corpus, hobbies=pair, **form)
        # Each idea alone, and all of them.
        for idea in corpus.ideas:
            yield _base(corpus, topics=[{"subject": corpus.topics[0]}], ideas=[{"summary": idea}])
        yield _base(corpus, ideas=[{"summary": i} for i in corpus.ideas], **form)
        # Every kind of gift, about a topic and about a hobby, with the note and
        # with a check-in.
        for when, about in itertools.product(("note", "check_in"), ("topic", "hobby")):
            subjects = corpus.topics if about == "topic" else corpus.hobbies
            for index, subject in enumerate(subjects):
                gift = _gift(corpus, index, subject, when)
                facts: dict[str, Any] = {"gifts": [gift], **form}
                if about == "topic":
                    facts["topics"] = [{"subject": subject}]
                else:
                    facts["hobbies"] = [{"subject": subject, "person": names[0]}]
                yield _base(corpus, **facts)


def _gift(corpus: Corpus, index: int, about: str, when: str) -> dict[str, Any]:
    kind = ("article", "website", "contact", "tip")[index % 4]
    gift: dict[str, Any] = {"kind": kind, "about": about, "when": when}
    if kind in {"article", "website"}:
        gift["title"] = corpus.titles[index % len(corpus.titles)]
        gift["url"] = "https://example.org/a"
    elif kind == "tip":
        gift["text"] = corpus.tips[index % len(corpus.tips)]
    else:
        contact: dict[str, Any] = {"name": "Max Roth", "email": "max@example.org"}
        turn = index // 4  # the how-many-th contact of the list
        if turn % 2 == 0:
            contact["organization"] = corpus.company[turn % len(corpus.company)]
        contact["note"] = corpus.notes[turn % len(corpus.notes)]
        gift["contact"] = contact
    return gift
