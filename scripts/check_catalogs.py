"""Check that the message catalogs are in step with the templates.

Re-extracts the messages of ``templates/`` (and of the candidate's calendar
reminders, ``src/followup/export/reminders.py``, as ``babel.cfg`` says) into a
temporary file (the same
``pybabel extract`` call as below) and compares its messages (msgid, plural,
context; not header dates or source lines) with ``templates/locale/followup.pot``
and with every ``templates/locale/<locale>/LC_MESSAGES/followup.po``.

    python scripts/check_catalogs.py            # exit 1 and list what is stale
    python scripts/check_catalogs.py --update   # re-extract, then update every .po

``--update`` runs, from the repository root::

    pybabel extract -F babel.cfg --add-comments=Translators: --project=followup \\
        --copyright-holder="The followup authors" -o templates/locale/followup.pot .
    pybabel update -i templates/locale/followup.pot -d templates/locale -D followup \\
        --ignore-obsolete

and leaves the new entries for a translator to fill in.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = Path("templates/locale")
POT = LOCALE_DIR / "followup.pot"

EXTRACT = [
    "extract",
    "-F",
    "babel.cfg",
    "--add-comments=Translators:",
    "--project=followup",
    "--copyright-holder=The followup authors",
]
UPDATE = ["update", "-i", str(POT), "-d", str(LOCALE_DIR), "-D", "followup", "--ignore-obsolete"]

Key = tuple[str | None, str, str | None]


def _pybabel(args: list[str], *, root: Path) -> None:
    """Run one pybabel command in *root*, quietly; raise SystemExit on failure."""
    with contextlib.chdir(root), contextlib.redirect_stderr(io.StringIO()) as err:
        try:
            CommandLineInterface().run(["pybabel", "-q", *args])  # type: ignore[no-untyped-call]
        except SystemExit as exit_:
            if exit_.code:
                raise SystemExit(f"pybabel {args[0]} failed:\n{err.getvalue()}") from None


def extract(root: Path, target: Path) -> Catalog:
    """Extract the messages under *root* (as its babel.cfg says) into *target* and read
    them back."""
    _pybabel([*EXTRACT, "-o", str(target), "."], root=root)
    with target.open("rb") as handle:
        return read_po(handle)


def _keys(catalog: Catalog) -> set[Key]:
    keys: set[Key] = set()
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            keys.add((message.context, message.id[0], message.id[1]))
        else:
            keys.add((message.context, message.id, None))
    return keys


def _show(key: Key) -> str:
    context, msgid, plural = key
    where = f"[{context}] " if context else ""
    return f"{where}{msgid!r}" + (f" / {plural!r}" if plural else "")


def problems(root: Path = ROOT) -> list[str]:
    """What is out of date in the committed catalogs under *root*, one line each."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = _keys(extract(root, Path(tmp) / "fresh.pot"))
    found: list[str] = []
    catalogs = [root / POT, *sorted((root / LOCALE_DIR).glob("*/LC_MESSAGES/followup.po"))]
    for path in catalogs:
        name = path.relative_to(root)
        if not path.is_file():
            found.append(f"{name}: missing")
            continue
        with path.open("rb") as handle:
            keys = _keys(read_po(handle))
        found += [f"{name}: lacks {_show(k)}" for k in sorted(fresh - keys, key=str)]
        found += [f"{name}: has the stale {_show(k)}" for k in sorted(keys - fresh, key=str)]
    return found


def update(root: Path = ROOT) -> None:
    """Re-extract the template and update every catalog from it."""
    extract(root, root / POT)
    _pybabel(UPDATE, root=root)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="re-extract and update catalogs")
    args = parser.parse_args(argv)
    if args.update:
        update()
    stale = problems()
    for line in stale:
        print(line, file=sys.stderr)
    if stale:
        print(
            f"{len(stale)} catalog problem(s): run `python scripts/check_catalogs.py --update`, "
            "then translate the new entries",
            file=sys.stderr,
        )
        return 1
    print("catalogs are up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
