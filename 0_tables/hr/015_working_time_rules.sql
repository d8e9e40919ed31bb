create table hr.working_time_rules (
    id int generated always as identity primary key,
    tenant_id uuid references core.tenants (id),
    jurisdiction text not null,
    effective_from date not null,
    minimum_age int not null,
    min_rest_hours numeric,
    max_weekly_hours numeric,
    constraint working_time_rules_rule_key unique nulls not distinct (tenant_id, jurisdiction, effective_from),
    constraint working_time_rules_jurisdiction_is_known check (jurisdiction in ('US', 'EU')),
    constraint working_time_rules_minimum_age_in_range check (minimum_age between 12 and 18),
    constraint working_time_rules_min_rest_is_positive check (min_rest_hours is null or min_rest_hours > 0),
    constraint working_time_rules_max_weekly_is_positive check (max_weekly_hours is null or max_weekly_hours > 0),
    constraint working_time_rules_min_rest_hours_is_finite check (min_rest_hours not in ('NaN', 'Infinity', '-Infinity')),
    constraint working_time_rules_max_weekly_hours_is_finite check (max_weekly_hours not in ('NaN', 'Infinity', '-Infinity'))
);
comment on table hr.working_time_rules is 'Rule table (the row with a null tenant is the default; a tenant''s own row overrides it): the youngest age an employee may be scheduled at, the least rest between two shifts (null: no rule) and the most scheduled hours in a workweek (null: no rule), per jurisdiction from a date. EU: 11 h daily rest and 48 h a week (Working Time Directive 2003/88/EC).';

insert into hr.working_time_rules (jurisdiction, effective_from, minimum_age, min_rest_hours, max_weekly_hours)
values ('US', date '2000-01-01', 14, null, null),
       ('EU', date '2000-01-01', 15, 11, 48);
