#!/usr/bin/env bash
# Run by the postgres image once, on its first start with an empty data volume (mounted into
# /docker-entrypoint-initdb.d by deploy/docker-compose.yml): one login role and one database per
# service, the role owning its database (so Flyway can migrate it) and nobody else connecting.
# The passwords come from the container's environment (deploy/.env).
set -euo pipefail

for db in ingest relations trade; do
  var="MULTIVECTOR_${db^^}_DB_PASSWORD"
  password="${!var:-}"
  if [ -z "$password" ]; then
    echo "10-multivector.sh: $var is not set" >&2
    exit 1
  fi
  psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
       --set=name="$db" --set=password="$password" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
GRANT ALL ON DATABASE :"name" TO :"name";
SQL
done
