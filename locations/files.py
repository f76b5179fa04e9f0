"""Pure rules for uploaded documents: what a file is, judged from its content, and a safe name."""

import re
import unicodedata

# The first bytes of each accepted type. A file's name or the browser's content type count for
# nothing: a renamed executable stays refused.
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
SNIFF_BYTES = 16
EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
MAX_NAME_LENGTH = 120


def content_type_of(head: bytes) -> str | None:
    """The document type that `head` (the file's first bytes) starts with, or None."""
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def safe_file_name(name: str, content_type: str) -> str:
    """A download name without paths, control or odd characters, ending in the real type's
    extension: 'Plattegrond (v2).pdf.exe' of a PDF becomes 'Plattegrond-v2.pdf.pdf'."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-._") or "document"
    return f"{stem[:MAX_NAME_LENGTH]}.{EXTENSIONS[content_type]}"
