#!/usr/bin/env bash
# `make workers`: runs the mailer, pdfgen and sms workers against the
# development database until Ctrl-C (which they take as SIGTERM: finish or
# release what they hold, exit 0).
#
# Connection: DATABASE_URL when set (a login role that is a member of
# worker), otherwise the development database (thick url), where a login role
# thick_dev_worker (member of worker, nothing else) is created on first use.
# SMTP_URL, MAIL_FROM and the SMS_* variables default to local development
# servers (an SMTP catcher on port 1025, a gateway stub on port 4010); jobs
# whose server does not answer are retried, then dead.
set -euo pipefail
cd "$(dirname "$0")/.."

thick="${THICK:-bin/thick}"
if [ -z "${DATABASE_URL:-}" ]; then
    # starts the embedded cluster when it is not running
    "$thick" psql -X -q -v ON_ERROR_STOP=1 -c "
        do \$\$
        begin
            if not exists (select from pg_catalog.pg_roles where rolname = 'worker') then
                raise exception 'no role worker: run make rebuild first';
            end if;
            if not exists (select from pg_catalog.pg_roles where rolname = 'thick_dev_worker') then
                create role thick_dev_worker login inherit;
            end if;
        end
        \$\$;
        grant worker to thick_dev_worker;" >/dev/null
    url="$("$thick" url)"
    export DATABASE_URL="${url/postgres@/thick_dev_worker@}"
fi
export SMTP_URL="${SMTP_URL:-smtp://127.0.0.1:1025}"
export MAIL_FROM="${MAIL_FROM:-thick <noreply@thick.localhost>}"
export SMS_GATEWAY_URL="${SMS_GATEWAY_URL:-http://127.0.0.1:4010}"
export SMS_ACCOUNT_SID="${SMS_ACCOUNT_SID:-ACdevelopment}"
export SMS_AUTH_TOKEN="${SMS_AUTH_TOKEN:-development}"
export SMS_FROM="${SMS_FROM:-+15550000000}"

pids=()
stop() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
}
trap stop INT TERM
for w in mailer pdfgen sms; do
    WORKER_HTTP_ADDR="${WORKER_HTTP_ADDR:-}" "bin/$w" &
    pids+=("$!")
done
echo "workers: mailer, pdfgen and sms running (metrics and health on 127.0.0.1:9101, :9102, :9103); Ctrl-C stops them" >&2
status=0
for pid in "${pids[@]}"; do
    wait "$pid" || status=$?
done
exit "$status"
