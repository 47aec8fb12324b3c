"""Each language's rules for the words around inserted facts, one module per language.

- :mod:`~followup.rendering.languages.base`: the card limits and hooks every language has;
- :mod:`~followup.rendering.languages.english`: American punctuation around quotations;
- :mod:`~followup.rendering.languages.german`: case after prepositions; Swiss spelling;
- :mod:`~followup.rendering.languages.french`: contraction, elision, "1er"; Canadian spacing;
- :mod:`~followup.rendering.languages.spanish`: "del", "al"; "e" and "u" in lists.

:func:`followup.rendering.conventions.conventions` picks a locale's rules.
"""
