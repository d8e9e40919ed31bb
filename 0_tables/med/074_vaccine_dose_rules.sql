create table med.vaccine_dose_rules (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid references core.tenants (id),
    vaccine text not null references med.vaccines (code),
    dose_number int not null,
    min_age interval not null,
    min_interval interval,
    min_interval_from_first interval,
    effective_from date not null,
    effective_to date,
    constraint vaccine_dose_rules_dose_number_is_positive check (dose_number > 0),
    constraint vaccine_dose_rules_first_has_no_interval check ((dose_number = 1) = (min_interval is null)),
    constraint vaccine_dose_rules_first_has_no_interval_from_first check (dose_number > 1 or min_interval_from_first is null),
    constraint vaccine_dose_rules_dates_in_order check (effective_to > effective_from)
);
create unique index vaccine_dose_rules_key on med.vaccine_dose_rules (tenant_id, vaccine, dose_number, effective_from) nulls not distinct;
comment on table med.vaccine_dose_rules is 'Rule table, effective-dated (ACIP minimum ages and intervals): a dose counts as dose_number of its series when given at min_age or older and min_interval or more after the previous valid dose (and min_interval_from_first or more after the first valid dose, when set: HepB dose 3, 16 weeks), each less a 4-day grace period, except the interval between two doses of a live vaccine (no grace). Doses given after the last numbered dose do not count.';

insert into med.vaccine_dose_rules (vaccine, dose_number, min_age, min_interval, min_interval_from_first, effective_from)
values
    ('DTaP', 1, interval '42 days', null, null, date '2010-07-01'),
    ('DTaP', 2, interval '70 days', interval '28 days', null, date '2010-07-01'),
    ('DTaP', 3, interval '98 days', interval '28 days', null, date '2010-07-01'),
    ('DTaP', 4, interval '12 months', interval '4 months', null, date '2010-07-01'),
    ('DTaP', 5, interval '4 years', interval '6 months', null, date '2010-07-01'),
    ('Polio', 1, interval '42 days', null, null, date '2010-07-01'),
    ('Polio', 2, interval '70 days', interval '28 days', null, date '2010-07-01'),
    ('Polio', 3, interval '98 days', interval '28 days', null, date '2010-07-01'),
    ('Polio', 4, interval '4 years', interval '6 months', null, date '2010-07-01'),
    ('MMR', 1, interval '12 months', null, null, date '2010-07-01'),
    ('MMR', 2, interval '13 months', interval '28 days', null, date '2010-07-01'),
    ('HepB', 1, interval '0 days', null, null, date '2010-07-01'),
    ('HepB', 2, interval '28 days', interval '28 days', null, date '2010-07-01'),
    ('HepB', 3, interval '24 weeks', interval '56 days', interval '16 weeks', date '2010-07-01'),
    ('Varicella', 1, interval '12 months', null, null, date '2010-07-01'),
    ('Varicella', 2, interval '15 months', interval '28 days', null, date '2010-07-01'),
    ('Tdap', 1, interval '7 years', null, null, date '2010-07-01'),
    ('MenACWY', 1, interval '10 years', null, null, date '2016-07-01');

