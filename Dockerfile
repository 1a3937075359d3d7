# One image, three commands: `kolrisk serve` (default), `kolrisk scheduler`, `kolrisk migrate`.
FROM python:3.11-slim

# CJK fonts for Chinese PDF reports, and the Pango stack WeasyPrint renders them with.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-cjk fontconfig \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /srv/kolrisk
COPY pyproject.toml README.md ./
COPY app ./app
COPY collectors ./collectors
COPY sentiment ./sentiment
COPY alerts ./alerts
COPY migrations ./migrations
RUN pip install --no-cache-dir .

# SQLite lives under ./var unless KOLRISK_DATABASE_URL points at PostgreSQL.
VOLUME /srv/kolrisk/var
EXPOSE 8000
ENTRYPOINT ["kolrisk"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
