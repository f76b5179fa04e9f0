# The two commands of the KSO-portaal. Both set up everything they need (see README.md).
.PHONY: run test bench venv messages help

help:
	@echo "make run   - start the portal with worker and beat at http://127.0.0.1:$${PORT:-8000}"
	@echo "make test  - run every check (lint, migrations, deploy check, tests with coverage, browser)"
	@echo "make bench - seed national-scale data and measure the pages, reminder job and PDF"

venv:
	@scripts/ensure-venv

run: venv
	@.venv/bin/python -m kso_portal.devrun run

test: venv
	@.venv/bin/python -m kso_portal.devrun test

# The performance benchmark on national-scale data (bench/run.py, docs/performance.md).
bench: venv
	@.venv/bin/python bench/run.py

# Regenerates the translation catalogues after template or code strings changed.
messages: venv
	.venv/bin/python manage.py makemessages -l nl -l en --no-obsolete --ignore=.venv --ignore=.data
	.venv/bin/python manage.py compilemessages --ignore=.venv
