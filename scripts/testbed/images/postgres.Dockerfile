# Stands in for postgres:16-bookworm with Debian's PostgreSQL 15: the same data directory,
# the same POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB contract on first start.
ARG BASE
FROM ${BASE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-15 \
 && pg_dropcluster 15 main \
 && rm -rf /var/lib/apt/lists/*
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENV PATH=/usr/lib/postgresql/15/bin:$PATH PGDATA=/var/lib/postgresql/data
STOPSIGNAL SIGINT
EXPOSE 5432
ENTRYPOINT ["docker-entrypoint.sh"]
