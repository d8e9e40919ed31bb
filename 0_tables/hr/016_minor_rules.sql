create table hr.minor_rules (
    id int generated always as identity primary key,
    tenant_id uuid references core.tenants (id),
    jurisdiction text not null,
    effective_from date not null,
    min_age int not null,
    max_age int not null,
    school_day_max_hours numeric not null,
    school_week_max_hours numeric not null,
    non_school_day_max_hours numeric not null,
    non_school_week_max_hours numeric not null,
    earliest_start time not null,
    latest_end time not null,
    summer_latest_end time not null,
    summer_starts_month int not null,
    summer_starts_day int not null,
    constraint minor_rules_rule_key unique nulls not distinct (tenant_id, jurisdiction, effective_from),
    constraint minor_rules_jurisdiction_is_known check (jurisdiction in ('US', 'EU')),
    constraint minor_rules_ages_in_order check (min_age <= max_age),
    constraint minor_rules_hours_are_positive check (school_day_max_hours > 0 and school_week_max_hours > 0
                                                     and non_school_day_max_hours > 0 and non_school_week_max_hours > 0),
    constraint minor_rules_window_in_order check (earliest_start < latest_end and latest_end <= summer_latest_end),
    constraint minor_rules_summer_start_is_a_date check (summer_starts_month between 1 and 12 and summer_starts_day between 1 and 31),
    constraint minor_rules_school_day_max_hours_is_finite check (school_day_max_hours not in ('NaN', 'Infinity', '-Infinity')),
    constraint minor_rules_school_week_max_hours_is_finite check (school_week_max_hours not in ('NaN', 'Infinity', '-Infinity')),
    constraint minor_rules_non_school_day_max_hours_is_finite check (non_school_day_max_hours not in ('NaN', 'Infinity', '-Infinity')),
    constraint minor_rules_non_school_week_max_hours_is_finite check (non_school_week_max_hours not in ('NaN', 'Infinity', '-Infinity'))
);
comment on table hr.minor_rules is 'Rule table (the row with a null tenant is the default; a tenant''s own row overrides it): hours of minors aged min_age..max_age on the shift''s local date. US (FLSA child labor, 29 CFR 570.35) for ages 14-15: 3 h on a school day, 18 h in a school week, 8 h on a non-school day, 40 h in a non-school week, only between 07:00 and 19:00, until 21:00 from June 1 (summer_starts_*) through Labor Day (the first Monday of September).';
comment on column hr.minor_rules.summer_latest_end is 'The latest end from summer_starts_month/day through Labor Day (first Monday of September) inclusive.';

insert into hr.minor_rules (jurisdiction, effective_from, min_age, max_age,
                            school_day_max_hours, school_week_max_hours, non_school_day_max_hours, non_school_week_max_hours,
                            earliest_start, latest_end, summer_latest_end, summer_starts_month, summer_starts_day)
values ('US', date '2000-01-01', 14, 15, 3, 18, 8, 40, time '07:00', time '19:00', time '21:00', 6, 1);
