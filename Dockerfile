# One image for web, worker and beat (see docker-compose.yml).
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=kso_portal.settings.production \
    KSO_STATIC_ROOT=/app/staticfiles \
    KSO_MEDIA_ROOT=/app/media

# Pango and HarfBuzz for WeasyPrint's PDFs; DejaVu as a font that is always there.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
       libharfbuzz-subset0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY . .
# Editable, so that the code (and its templates, static files and catalogues beside it) runs from /app.
RUN pip install --no-cache-dir -e .
RUN DJANGO_SECRET_KEY=build-only-not-used-at-runtime python manage.py collectstatic --noinput \
    && useradd --system --home /app kso && mkdir -p /app/media && chown -R kso /app/media

USER kso
EXPOSE 8000
CMD ["gunicorn", "kso_portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "4", "--access-logfile", "-", "--no-control-socket", "--logger-class", "kso_portal.gunicorn_logging.RedactingLogger"]
