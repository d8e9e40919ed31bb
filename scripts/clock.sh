#!/usr/bin/env bash
# `make clock`: every suite against a fresh build at instants the seed and
# the rules turn on: the midnights of the data's time zones, the first of a
# month, a year's end, the daylight saving changes, a leap day. faketime
# moves the clock of the throwaway server, and so of the seed it runs and of
# every now() the suites read; thick itself keeps the real one.
#
# CLOCK_AT replaces the list: instants in UTC separated by ';', e.g.
#   CLOCK_AT='2027-01-01 00:30:00; 2027-03-14 09:30:00' make clock
set -euo pipefail
cd "$(dirname "$0")/.."

thick="${THICK:-bin/thick}"
# libfaketime itself, preloaded with FAKETIME: the faketime wrapper opens a
# semaphore named after its process id under /dev/shm with O_EXCL, and one
# left behind by an earlier run of the same process id (they are left
# behind) made an instant fail with "sem_open: File exists"
lib=""
for candidate in /usr/lib/*/faketime/libfaketime.so.1 /usr/lib/faketime/libfaketime.so.1 /usr/local/lib/faketime/libfaketime.so.1; do
    if [ -f "$candidate" ]; then
        lib="$candidate"
        break
    fi
done
if [ -z "$lib" ]; then
    echo "clock: libfaketime is missing (apt-get install faketime)" >&2
    exit 1
fi

instants=(
    "2026-11-29 23:20:00"   # midnight in Zurich: a hotel's new day, not yet the server's
    "2026-11-30 00:20:00"   # the server's midnight (UTC)
    "2026-11-30 05:20:00"   # midnight in New York (the schools)
    "2026-11-30 06:20:00"   # midnight in Chicago
    "2026-11-30 08:20:00"   # midnight in Los Angeles
    "2026-12-01 04:50:00"   # the first of a month (the monthly statements)
    "2026-12-31 23:40:00"   # a new year in Zurich
    "2027-01-01 00:30:00"   # a new year
    "2027-02-28 23:30:00"   # a month's end
    "2027-03-14 09:30:00"   # daylight saving time begins in the United States
    "2027-03-28 01:30:00"   # and in Europe
    "2027-06-30 12:00:00"   # summer time
    "2027-08-01 07:30:00"   # a new school year at the schools (1 August), before its first day
    "2027-08-20 07:30:00"   # the seed's first school day
    "2027-10-31 01:30:00"   # daylight saving time ends in Europe
    "2027-11-07 08:30:00"   # and in the United States
    "2028-02-29 12:00:00"   # a leap day
)
if [ -n "${CLOCK_AT:-}" ]; then
    IFS=';' read -r -a instants <<< "$CLOCK_AT"
fi

failed=0
for at in "${instants[@]}"; do
    at="$(echo "$at" | sed 's/^ *//; s/ *$//')"
    [ -n "$at" ] || continue
    set +e
    # without FAKETIME_SHARED each process of the run keeps the faked clock
    # on its own, from @$at at its start (postgres' backends inherit the
    # postmaster's): a shared clock under /dev/shm would be opened by
    # processes of another user (the cluster's)
    out="$(env -u FAKETIME_SHARED LD_PRELOAD="$lib${LD_PRELOAD:+:$LD_PRELOAD}" FAKETIME="@$at" "$thick" test --fresh 2>&1)"
    rc=$?
    set -e
    closing="$(printf '%s\n' "$out" | tail -n 1)"
    echo "$at UTC  $closing"
    if [ $rc -ne 0 ]; then
        failed=$((failed + 1))
        printf '%s\n' "$out" | grep -v '^ok ' | sed 's/^/    /'
    fi
done
echo "clock: ${#instants[@]} instants, $failed failed"
[ "$failed" -eq 0 ]
