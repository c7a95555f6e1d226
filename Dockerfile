# The application image: web (gunicorn), worker and beat all run from it.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# gettext: compilemessages; libpq is bundled with psycopg2-binary.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
RUN python manage.py compilemessages --ignore=.venv -v 0 \
    && useradd --create-home --uid 1000 app \
    && mkdir -p /app/staticfiles /app/run \
    && chown -R app /app/staticfiles /app/run

USER app
EXPOSE 8000
CMD ["gunicorn", "mentorship.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "4", "--access-logfile", "-"]
