"""Pages to print: each thank-you note on a card-sized page, each gift insert on a small one.

The strategy says to write the thank-you note by hand and mail it the same
day, with the information gift in the envelope. :func:`print_pages` gives
one HTML document per thank-you note (and per check-in that carries a gift),
ready to print from any browser:

* the note on a 5 by 7 inch card page (CSS ``@page card``), in a large, well
  spaced layout to copy out by hand line by line;
* each gift insert on a small page of its own (``@page insert``, A6
  landscape), to print, cut out and put in the envelope; an article's or web
  site's link is also printed as a QR code, so a reader of paper can open it
  with a phone.

QR codes are drawn by `segno <https://pypi.org/project/segno/>`_ as inline
SVG. The documents are deterministic: the same plan gives the same bytes.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING

from followup.drafts import Draft, Enclosure
from followup.export._common import draft_filenames
from followup.facts import ArticleGift, WebsiteGift
from followup.rendering import html_attributes

if TYPE_CHECKING:
    from followup.plans import FollowUpPlan

__all__ = ["CARD_SIZE", "INSERT_SIZE", "PrintPage", "page_html", "print_pages"]

CARD_SIZE = "5in 7in"
"""The card a thank-you note is copied onto: 5 by 7 inches, portrait."""
INSERT_SIZE = "148mm 105mm"
"""The slip each gift insert is printed on: A6, landscape."""

_STYLE = f"""\
@page card {{ size: {CARD_SIZE}; margin: 12mm 11mm; }}
@page insert {{ size: {INSERT_SIZE}; margin: 9mm 10mm; }}
html {{ color: #000; background: #fff; }}
body {{ margin: 0; font-family: Georgia, "DejaVu Serif", "Times New Roman", serif; }}
.card {{ page: card; font-size: 10.5pt; line-height: 1.5; }}
.card p {{ margin: 0 0 0.6em; }}
.insert {{ page: insert; break-before: page; font-size: 10pt; line-height: 1.45;
  display: flex; gap: 6mm; align-items: flex-start; }}
.insert .words {{ flex: 1; }}
.insert p {{ margin: 0 0 0.6em; }}
.insert a {{ color: inherit; word-break: break-all; }}
.insert .from {{ text-align: right; font-style: italic; }}
.insert .qr {{ flex: none; width: 30mm; }}
.insert .qr svg {{ width: 30mm; height: 30mm; }}
@media screen {{
  body {{ background: #eee; padding: 1em; }}
  .card, .insert {{ background: #fff; margin: 0 auto 1em; padding: 12mm 11mm;
    box-shadow: 0 1px 4px #999; }}
  .card {{ width: calc(5in - 22mm); min-height: calc(7in - 24mm); }}
  .insert {{ width: calc(148mm - 20mm); min-height: calc(105mm - 18mm); }}
}}
"""


@dataclass(frozen=True, slots=True)
class PrintPage:
    """One document to print: a thank-you note and the inserts it encloses."""

    draft: Draft
    filename: str
    """A stable file name such as ``2026-11-24_thank-you_dana-rivera.html``."""
    html: str
    """The complete HTML document."""


def _qr(url: str) -> str:
    """*url* as an inline SVG QR code; empty when it is too long for one (the printed
    link is still there)."""
    import segno  # imported when first needed, so `import followup` stays light

    try:
        code = segno.make(url, error="m", micro=False)
    except segno.DataOverflowError:
        return ""
    svg: str = code.svg_inline(scale=4, border=2, omitsize=True)
    return svg


def _insert(enclosure: Enclosure, sender: str | None) -> str:
    gift = enclosure.gift
    qr = ""
    if isinstance(gift, ArticleGift | WebsiteGift) and (svg := _qr(gift.url)):
        qr = f'\n<div class="qr">{svg}</div>'
    # A slip may part from its card: it says whom it is from.
    signed = f'\n<p class="from">&#8211; {html.escape(sender)}</p>' if sender else ""
    # enclosure.html is escaped by the renderer: it is embedded as is.
    return (
        f'<section class="insert">\n<div class="words">\n{enclosure.html}{signed}\n</div>'
        f"{qr}\n</section>"
    )


def page_html(draft: Draft) -> str:
    """*draft*'s note and its inserts as one HTML document to print."""
    lang, direction = html_attributes(draft.locale)
    sender = draft.candidate.name if draft.candidate else None
    inserts = "".join(f"\n{_insert(enclosure, sender)}" for enclosure in draft.enclosures)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}" dir="{direction}">\n'
        '<head>\n<meta charset="utf-8">\n'
        # A page to print fetches and runs nothing, whatever a template wrote.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'\">\n"
        f"<title>{html.escape(draft.subject)}</title>\n"
        f"<style>\n{_STYLE}</style>\n</head>\n<body>\n"
        f'<section class="card">\n{draft.html}\n</section>{inserts}\n'
        "</body>\n</html>\n"
    )


def print_pages(plan: FollowUpPlan) -> tuple[PrintPage, ...]:
    """One document to print per thank-you note of *plan*, and per check-in that
    encloses a gift (a check-in is otherwise a short e-mail), in the plan's order."""
    names = draft_filenames(plan)
    return tuple(
        PrintPage(draft=draft, filename=f"{name}.html", html=page_html(draft))
        for name, draft in zip(names, plan.drafts, strict=True)
        if draft.kind == "thank_you" or draft.enclosures
    )
