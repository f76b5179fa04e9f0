"""The committed .mo catalogues match their .po sources (a stale .mo shows old text)."""

import ast
import gettext

import pytest
from django.conf import settings


def _po_entries(path) -> dict[str, str]:
    entries = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#")]
        if not any(line.startswith("msgid ") for line in lines):
            continue
        start = next(i for i, line in enumerate(lines) if line.startswith("msgid "))
        end = next(i for i, line in enumerate(lines) if line.startswith("msgstr "))

        def text(part):
            return "".join(ast.literal_eval(line[line.index('"') :]) for line in part)

        msgid, msgstr = text(lines[start:end]), text(lines[end:])
        if msgid and msgstr:
            entries[msgid] = msgstr
    return entries


@pytest.mark.parametrize("language", ["nl", "en"])
def test_compiled_catalogue_matches_its_source(language):
    folder = settings.BASE_DIR / "locale" / language / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for msgid, msgstr in _po_entries(folder / "django.po").items():
        assert compiled.gettext(msgid) == msgstr, f"{language}: run 'make messages' ({msgid!r})"


def test_every_english_string_is_translated():
    po = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
    text = po.read_text(encoding="utf-8")
    assert '\n#, fuzzy\nmsgid "' not in text
    blocks = [b for b in text.split("\n\n") if "\nmsgid " in f"\n{b}"][1:]
    untranslated = [b for b in blocks if b.rstrip().endswith('msgstr ""')]
    assert untranslated == []
