"""gunicorn's access log without the secrets of links (kso_portal/redaction.py): every text a
log line can show (the request line, path, query string, referrer, and the `{...}i` and
`{...}e` atoms of headers and environment) is redacted. Used by `make run`, the Docker image and
the benchmark with `--logger-class`."""

from gunicorn.glogging import Logger

from kso_portal.redaction import redact_path


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: redact_path(value) if isinstance(value, str) else value
            for key, value in atoms.items()
        }
