# The image behind web, worker and beat in docker-compose.yml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

# Pango for WeasyPrint (the prospectus PDF).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 college
WORKDIR /app

COPY pyproject.toml README.md ./
COPY recovery_college ./recovery_college
COPY workshops ./workshops
COPY trainers ./trainers
RUN pip install .

COPY . .
# Collect static files at build time with a throwaway key: no secret is baked in.
RUN DEBUG=0 SECRET_KEY=build-only-not-a-secret-$(date +%s)-collectstatic-placeholder-value \
    python manage.py collectstatic --noinput \
    && chown -R college:college /app/var

USER college
EXPOSE 8000
CMD ["gunicorn", "recovery_college.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
