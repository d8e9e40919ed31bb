create function crm_private.today()
returns date
language sql
stable
set search_path = ''
as $$
    select (pg_catalog.now() at time zone 'UTC')::date
$$;
comment on function crm_private.today() is 'The CRM''s business day: the UTC date of the transaction''s start. Every date rule of the CRM (KYC expiry, FX rates of the day, the daily margin call, reminders, the statement month) is judged on it, never on current_date, which follows the session''s TimeZone, a setting any client may change (set timezone, PostgREST''s Prefer: timezone). Internal (the KYC queue report, a view its readers run, writes the same UTC date inline, so that no client role needs to execute a private function).';
