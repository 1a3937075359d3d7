# One image for every process: `kolrisk serve` (default), `kolrisk worker`, `kolrisk scheduler`,
# `kolrisk migrate` (compose.yaml runs them side by side).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# CJK fonts for Chinese PDF reports, and the Pango stack WeasyPrint renders them with.
# Debian's versions are not pinned: within a release they only take security fixes.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-cjk fontconfig \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /srv/kolrisk

# Dependencies first, exactly as pinned (constraints.txt, written by .ci/lock-constraints), in a
# layer of their own that code changes do not rebuild.
COPY constraints.txt ./
RUN pip install --no-cache-dir -r constraints.txt

COPY pyproject.toml README.md ./
COPY app ./app
COPY collectors ./collectors
COPY sentiment ./sentiment
COPY alerts ./alerts
COPY migrations ./migrations
# --no-deps: everything it needs is installed above; pip check proves the pins satisfy it.
RUN pip install --no-cache-dir --no-deps . && pip check

# Not root: a fixed uid, so orchestrators can check runAsNonRoot. It owns ./var, where SQLite
# and the generated secret key live when no PostgreSQL or KOLRISK_SECRET_KEY is given.
RUN useradd --system --uid 10001 --home-dir /srv/kolrisk --shell /usr/sbin/nologin kolrisk \
 && mkdir -p /srv/kolrisk/var && chown kolrisk:kolrisk /srv/kolrisk/var
USER 10001
VOLUME /srv/kolrisk/var

EXPOSE 8000
# Ready = the database answers and is migrated (GET /readyz answers 503 otherwise). For
# `serve` on port 8000; compose.yaml switches it off for workers and the migrate step.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4)"]

ENTRYPOINT ["kolrisk"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
