"""The committed .mo catalogues match their .po sources (a stale .mo shows old text)."""

import ast
import gettext
import re

import pytest
from django.conf import settings

KEYWORD = re.compile(r"^(msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\]) ")


def _parts(block: str) -> dict[str, str]:
    """One .po entry as {keyword: text}, continuation lines joined."""
    parts: dict[str, str] = {}
    keyword = None
    for line in block.splitlines():
        if line.startswith("#"):
            continue
        if match := KEYWORD.match(line):
            keyword = match.group(1)
            parts[keyword] = ""
        if keyword is not None and '"' in line:
            parts[keyword] += ast.literal_eval(line[line.index('"') :])
    return parts


def _po_entries(path) -> list[dict[str, str]]:
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    return [parts for block in blocks if (parts := _parts(block)).get("msgid")]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_compiled_catalogue_matches_its_source(language):
    folder = settings.BASE_DIR / "locale" / language / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    hint = f"{language}: run 'make messages'"
    for entry in _po_entries(folder / "django.po"):
        msgid = entry["msgid"]
        if "msgid_plural" in entry:
            for number, form in ((1, "msgstr[0]"), (2, "msgstr[1]")):
                if entry[form]:
                    got = compiled.ngettext(msgid, entry["msgid_plural"], number)
                    assert got == entry[form], f"{hint} ({msgid!r})"
        elif entry.get("msgstr") and "msgctxt" in entry:
            got = compiled.pgettext(entry["msgctxt"], msgid)
            assert got == entry["msgstr"], f"{hint} ({msgid!r})"
        elif entry.get("msgstr"):
            assert compiled.gettext(msgid) == entry["msgstr"], f"{hint} ({msgid!r})"


def test_every_english_string_is_translated():
    po = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
    text = po.read_text(encoding="utf-8")
    assert "\n#, fuzzy" not in text
    untranslated = [
        entry["msgid"]
        for entry in _po_entries(po)
        if not all(value for key, value in entry.items() if key.startswith("msgstr"))
    ]
    assert untranslated == []


GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "ngettext"}


def test_no_translated_string_is_hidden_inside_an_f_string():
    # xgettext does not look inside f-strings: a `_("...")` there never reaches the catalogue,
    # and `makemessages --no-obsolete` drops its translation.
    hidden = []
    for path in settings.BASE_DIR.glob("*/**/*.py"):
        if path.parts[len(settings.BASE_DIR.parts)] in {".venv", ".data", "tests", "locale"}:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                for inner in ast.walk(node):
                    function = getattr(inner, "func", None)
                    if isinstance(function, ast.Name) and function.id in GETTEXT_NAMES:
                        hidden.append(f"{path.relative_to(settings.BASE_DIR)}:{inner.lineno}")
    assert hidden == []
