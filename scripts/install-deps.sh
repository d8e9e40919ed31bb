#!/usr/bin/env bash
# Installs what `make rebuild` and `make test` need and the machine lacks:
# PostgreSQL 15 server binaries, pgTAP, pg_cron, plpgsql_check and pg_prove,
# and pdftotext (poppler-utils) for the pdfgen tests; with THICK_WITH_FAKETIME
# set, faketime for `make clock`.
# Idempotent and quiet when everything is present. Debian/Ubuntu only.
set -euo pipefail

PGVER="${THICK_PG_VERSION:-15}"
pkgs=()

bindir=""
if command -v pg_config >/dev/null 2>&1; then bindir="$(pg_config --bindir 2>/dev/null || true)"; fi
[ -x "/usr/lib/postgresql/$PGVER/bin/postgres" ] && bindir="/usr/lib/postgresql/$PGVER/bin"
if [ -z "$bindir" ] || [ ! -x "$bindir/postgres" ] || [ ! -x "$bindir/initdb" ]; then
    pkgs+=("postgresql-$PGVER" "postgresql-contrib")
    sharedir="/usr/share/postgresql/$PGVER"
    libdir="/usr/lib/postgresql/$PGVER/lib"
else
    sharedir="/usr/share/postgresql/$PGVER"
    libdir="/usr/lib/postgresql/$PGVER/lib"
fi

[ -f "$sharedir/extension/pgcrypto.control" ] || pkgs+=("postgresql-contrib")
[ -f "$sharedir/extension/btree_gist.control" ] || pkgs+=("postgresql-contrib")
[ -f "$sharedir/extension/pgtap.control" ] || pkgs+=("postgresql-$PGVER-pgtap")
[ -f "$sharedir/extension/pg_cron.control" ] || pkgs+=("postgresql-$PGVER-cron")
[ -f "$sharedir/extension/plpgsql_check.control" ] || pkgs+=("postgresql-$PGVER-plpgsql-check")
command -v pg_prove >/dev/null 2>&1 || pkgs+=("libtap-parser-sourcehandler-pgtap-perl")
command -v psql >/dev/null 2>&1 || pkgs+=("postgresql-client-$PGVER")
command -v pgbench >/dev/null 2>&1 || pkgs+=("postgresql-contrib")
# make verify-migrations builds the previous release from git
command -v git >/dev/null 2>&1 || pkgs+=("git")
# the pdfgen tests read the rendered documents back with pdftotext
command -v pdftotext >/dev/null 2>&1 || pkgs+=("poppler-utils")
# make clock moves the throwaway server's clock
if [ -n "${THICK_WITH_FAKETIME:-}" ]; then
    command -v faketime >/dev/null 2>&1 || pkgs+=("faketime")
fi

if [ ${#pkgs[@]} -eq 0 ]; then
    exit 0
fi

# de-duplicate
mapfile -t pkgs < <(printf '%s\n' "${pkgs[@]}" | sort -u)
cmd="apt-get install -y --no-install-recommends ${pkgs[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo="sudo"
    else
        echo "thick: missing packages: ${pkgs[*]}" >&2
        echo "thick: run as root:  apt-get update && $cmd" >&2
        exit 1
    fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "thick: missing: ${pkgs[*]} (PostgreSQL $PGVER with pgTAP, pg_cron, plpgsql_check, pg_prove); no apt-get here, install them with your package manager" >&2
    exit 1
fi
echo "thick: installing ${pkgs[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# the postgresql package would create and start a system cluster; thick runs its own
mkdir -p /etc/postgresql-common/createcluster.d
[ -f /etc/postgresql-common/createcluster.d/thick.conf ] || echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.d/thick.conf 2>/dev/null || true
$sudo apt-get update -qq >&2
$sudo $cmd >&2
