# Production image for Casework: gunicorn serving Django, the same image runs the Celery
# worker and beat (see docker-compose.yml). Built by a container engine; CI validates the
# compose file but cannot build here (no engine on the CI machine).

# --- Front-end assets: GOV.UK Frontend, MOJ Frontend and htmx from npm, compiled ---------
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY scripts/build-assets.mjs scripts/
COPY static/src static/src
RUN node scripts/build-assets.mjs

# --- The application --------------------------------------------------------------------
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=casework.settings
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 casework
WORKDIR /app
COPY pyproject.toml README.md ./
COPY casework casework
COPY families families
COPY assessments assessments
COPY chronology chronology
COPY performance performance
RUN pip install .
COPY manage.py ./
COPY templates templates
COPY --from=assets /app/static/dist static/dist
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --no-input -v 0 \
 && mkdir -p /app/var/media && chown -R casework:casework /app/var
USER casework
EXPOSE 8000
CMD ["gunicorn", "casework.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--access-logfile", "-", "--forwarded-allow-ips", "*"]
