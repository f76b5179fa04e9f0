"""Secrets that travel in URLs, kept out of every log.

A few links carry their own authority: the private iCal feed (`/agenda/<secret>.ics`), an
invitation (`/uitnodiging/<secret>/`), allauth's password reset
(`/accounts/password/reset/key/<uidb36>-<key>/`) and e-mail confirmation. Whoever reads such a
path can use it, so the access log and the web server's log keep it only with the secret
replaced by the first characters of its SHA-256 digest: enough to tell which feed or
invitation it was (the portal keeps the same digest of each), useless to open it.

Plain regular expressions, no Django: gunicorn's access logger (`gunicorn_logging.py`) uses
them too. `tests/kso_portal/test_redaction.py` walks the URL conf and fails when a route with a
secret-looking argument is not covered here.
"""

import hashlib
import re
from urllib.parse import unquote

DIGEST_PREFIX = "sha256:"
DIGEST_LENGTH = 12

# The path before the secret, and what may follow it.
SECRET_PATHS = (
    re.compile(r"(/agenda/)([^/?#&\s]+?)(\.ics)"),
    re.compile(r"(/uitnodiging/)([^/?#&\s]+)"),
    re.compile(r"(/accounts/password/reset/key/)([^/?#&\s]+)"),
    re.compile(r"(/accounts/confirm-email/)([^/?#&\s]+)"),
)


def digest(secret: str) -> str:
    return DIGEST_PREFIX + hashlib.sha256(secret.encode()).hexdigest()[:DIGEST_LENGTH]


def _replace(match: re.Match) -> str:
    secret = match.group(2)
    if secret.startswith(DIGEST_PREFIX):
        return match.group(0)
    return match.group(1) + digest(secret) + (match.group(3) if match.lastindex == 3 else "")


def _apply(text: str) -> str:
    for pattern in SECRET_PATHS:
        text = pattern.sub(_replace, text)
    return text


def redact_path(path: str) -> str:
    """`path` (with its query string, or any text holding paths, such as a request line or a
    referrer) with every secret of a link replaced by its digest. A path sent along
    percent-encoded (`?next=%2Fuitnodiging%2F...`) is caught too; the text is then given
    decoded, otherwise as it came."""
    redacted = _apply(path)
    if "%" in redacted:
        decoded = unquote(redacted)
        decoded_redacted = _apply(decoded)
        if decoded_redacted != decoded:
            return decoded_redacted
    return redacted


class RedactSecretsFilter:
    """A logging filter for the portal's handlers: Django logs the path of a refused request
    ("Not Found: /uitnodiging/<secret>/"), and a log line must not hold a working link."""

    def filter(self, record) -> bool:
        message = record.getMessage()
        redacted = redact_path(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True
