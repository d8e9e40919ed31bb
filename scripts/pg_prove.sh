#!/usr/bin/env bash
# `make pg_prove`: the same suites under the standard runner. Rebuilds the
# development database with bin/thick, applies tests/setup/*.sql with psql,
# then runs pg_prove over every other tests/**/*.sql against it.
#
# Connection: DATABASE_URL when set (bin/thick rebuild uses it too), otherwise
# the embedded cluster under .thick/ (its port in .thick/port, its socket in
# .thick/ or, when that path is too long for a socket, /tmp/thick-<hash>, the
# rule of tools/internal/pgcluster). PG_PROVE_JOBS sets -j (default: nproc).
set -euo pipefail
cd "$(dirname "$0")/.."

thick="${THICK:-bin/thick}"
"$thick" rebuild

if [ -n "${DATABASE_URL:-}" ]; then
    conn="$DATABASE_URL"
else
    if [ ! -f .thick/port ]; then
        echo "pg_prove.sh: no .thick/port: set DATABASE_URL or run bin/thick rebuild" >&2
        exit 1
    fi
    dir="$(cd .thick && pwd)"
    port="$(tr -d '[:space:]' < .thick/port)"
    sock="$dir"
    sockname="/.s.PGSQL.65535"
    if [ $(( ${#dir} + ${#sockname} )) -gt 100 ]; then
        sock="/tmp/thick-$(printf '%s' "$dir" | sha256sum | cut -c1-12)"
    fi
    # a conninfo value in single quotes, its quotes and backslashes escaped:
    # the project's path may hold spaces
    quoted_sock="${sock//\\/\\\\}"
    quoted_sock="${quoted_sock//\'/\\\'}"
    conn="host='$quoted_sock' port=$port user=postgres dbname=thick_dev"
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
