create table hr.hotels (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references core.tenants (id),
    name text not null,
    jurisdiction text not null,
    time_zone text not null,
    workweek_starts_on smallint not null,
    currency text not null,
    created_at timestamptz not null default now(),
    constraint hotels_id_tenant_id_key unique (id, tenant_id),
    constraint hotels_tenant_id_name_key unique (tenant_id, name),
    constraint hotels_name_not_blank check (name ~ '[^[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\U0001d159\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]'),
    constraint hotels_jurisdiction_is_known check (jurisdiction in ('US', 'EU')),
    constraint hotels_time_zone_is_iana check (time_zone ~ '^[A-Za-z_]+(/[A-Za-z0-9_+-]+)+$'),
    constraint hotels_workweek_starts_on_is_isodow check (workweek_starts_on between 1 and 7),
    constraint hotels_currency_is_iso check (currency ~ '^[A-Z]{3}$')
);
comment on table hr.hotels is 'Hotels of a hotel group. Every local-time rule (days, workweeks, minors'' hours, payroll periods) is judged in the hotel''s time zone; the jurisdiction picks the rows of the rule tables.';
comment on column hr.hotels.time_zone is 'IANA time zone (America/Los_Angeles, Europe/Zurich); checked against the server''s zone database by a trigger.';
comment on column hr.hotels.workweek_starts_on is 'ISO day of week (1 = Monday .. 7 = Sunday) on which the hotel''s fixed workweek starts at local midnight; overtime and weekly limits are counted per workweek.';
comment on column hr.hotels.currency is 'The currency wages are paid in (USD, CHF).';
