create table med.medication_orders (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null,
    student_id uuid not null,
    medication text not null,
    dose text not null,
    route text not null,
    prescriber text,
    is_prn boolean not null,
    max_daily_doses int,
    min_interval interval,
    starts_on date not null,
    ends_on date not null,
    guardian_consent boolean not null,
    is_controlled boolean not null default false,
    is_epinephrine boolean not null default false,
    created_by uuid references core.users (id),
    created_at timestamptz not null default now(),
    authorized_at timestamptz,
    discontinued_at timestamptz,
    discontinued_by uuid references core.users (id),
    discontinue_reason text,
    constraint medication_orders_id_tenant_id_key unique (id, tenant_id),
    constraint medication_orders_student_id_fkey foreign key (student_id, tenant_id) references med.students (id, tenant_id),
    constraint medication_orders_medication_not_blank check (medication ~ '[^[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\U0001d159\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]'),
    constraint medication_orders_dose_not_blank check (dose ~ '[^[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\U0001d159\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]'),
    constraint medication_orders_route_is_known check (route in ('oral', 'inhaled', 'injection', 'topical', 'nasal', 'ophthalmic', 'otic', 'rectal', 'sublingual', 'transdermal')),
    constraint medication_orders_dates_in_order check (ends_on >= starts_on),
    constraint medication_orders_prn_has_limits check (not is_prn or (max_daily_doses is not null and min_interval is not null)),
    constraint medication_orders_has_daily_maximum check (max_daily_doses is not null),
    constraint medication_orders_max_daily_doses_is_positive check (max_daily_doses > 0),
    constraint medication_orders_min_interval_is_positive check (min_interval > interval '0'),
    -- an exact duration (hours, minutes, seconds): a month or a day field
    -- is a calendar length, added to a dose's time as 28 to 31 days or 23 to
    -- 25 hours, so the limit judged would not be the one applied
    constraint medication_orders_min_interval_is_exact check (
        date_part('year', min_interval) = 0 and date_part('month', min_interval) = 0 and date_part('day', min_interval) = 0),
    constraint medication_orders_discontinued_is_complete check (
        (discontinued_at is null) = (discontinued_by is null) and (discontinued_at is null) = (discontinue_reason is null))
);
create index medication_orders_student_id_idx on med.medication_orders (student_id);
create index medication_orders_ends_on_idx on med.medication_orders (tenant_id, ends_on);
comment on table med.medication_orders is 'Medication orders: a prescriber''s order with the guardian''s consent, valid from starts_on to ends_on (school-local dates). Every order carries a daily maximum (a scheduled one too); PRN (as needed) orders also a minimum interval. Doses are refused without a prescriber and consent (med_api.administer_medication).';
comment on column med.medication_orders.is_controlled is 'A controlled substance (e.g. methylphenidate): counted in and counted periodically by two staff (med.controlled_counts).';
comment on column med.medication_orders.discontinued_at is 'When the order was stopped before its end date (med_api.discontinue_order); no dose after it.';
comment on column med.medication_orders.is_epinephrine is 'An epinephrine auto-injector order: each dose notifies the guardians and the supervisor at once.';
comment on column med.medication_orders.authorized_at is 'When med_api.authorize_order completed the paperwork (prescriber and guardian consent on file) of an order entered without it: no dose, late entries included, is recorded as given before it. Null for an order complete from its entry.';
comment on column med.medication_orders.min_interval is 'The least time between two doses of the drug (med_api.administer_medication), as an exact duration: hours, minutes and seconds only (1 day is 24:00:00), never a calendar month or day, whose length varies.';
