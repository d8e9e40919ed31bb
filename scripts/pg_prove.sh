#!/usr/bin/env bash
# `make pg_prove`: the same suites under the standard runner. Builds a
# database from scratch with bin/thick (--full: the seed's rows exactly, as
# the suites count them), applies tests/setup/*.sql with psql, then runs
# pg_prove over every other tests/**/*.sql against it.
#
# Database: DATABASE_URL when set, rebuilt from scratch. Otherwise a
# database of its own, thick_pg_prove, on the project's embedded cluster
# under .thick/ (started when stopped): never the development database,
# which holds what you and the workers did since its last build (a document
# a worker stored fails the suites that count them), and into which
# tests/setup would put pgTAP, the test helpers and a search_path that
# `thick verify` then reports as drift. PG_PROVE_JOBS sets -j (default: nproc).
set -euo pipefail
cd "$(dirname "$0")/.."

thick="${THICK:-bin/thick}"
if [ -n "${DATABASE_URL:-}" ]; then
    conn="$DATABASE_URL"
    "$thick" rebuild --full
else
    # the development database's URL (thick url starts the cluster when it
    # is stopped), the same server's thick_pg_prove beside it
    dev="$("$thick" url)"
    conn="${dev/\/thick_dev\?//thick_pg_prove?}"
    if [ "$conn" = "$dev" ]; then
        echo "pg_prove.sh: unexpected development database URL: $dev" >&2
        exit 1
    fi
    exists="$(psql -X -q -At -d "$dev" -c "select 1 from pg_database where datname = 'thick_pg_prove'")"
    if [ -z "$exists" ]; then
        psql -X -q -d "$dev" -c "create database thick_pg_prove" >/dev/null
    fi
    "$thick" rebuild --full --db "$conn"
fi

shopt -s nullglob
for f in tests/setup/*.sql; do
    psql -X -q -v ON_ERROR_STOP=1 -d "$conn" -f "$f" >/dev/null
done

mapfile -t suites < <(find tests -name '*.sql' -not -path 'tests/setup/*' | LC_ALL=C sort)
if [ ${#suites[@]} -eq 0 ]; then
    echo "pg_prove.sh: no test files under tests/ (nothing tested is not a pass)" >&2
    exit 1
fi
# pg_prove splits its --dbname on '=' (a URL with ?host= or a key=value
# string breaks), so hand psql the connection through a wrapper instead.
wrapper="$(mktemp)"
trap 'rm -f "$wrapper"' EXIT
printf '#!/bin/sh\nexec psql --dbname "$THICK_PG_PROVE_CONN" "$@"\n' > "$wrapper"
chmod +x "$wrapper"
THICK_PG_PROVE_CONN="$conn" pg_prove --psql-bin "$wrapper" -j "${PG_PROVE_JOBS:-$(nproc)}" "${suites[@]}"
