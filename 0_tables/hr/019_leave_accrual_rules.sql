create table hr.leave_accrual_rules (
    id int generated always as identity primary key,
    tenant_id uuid references core.tenants (id),
    jurisdiction text not null,
    effective_from date not null,
    kind text not null,
    hours_per_hour_worked numeric not null,
    constraint leave_accrual_rules_rule_key unique nulls not distinct (tenant_id, jurisdiction, effective_from, kind),
    constraint leave_accrual_rules_jurisdiction_is_known check (jurisdiction in ('US', 'EU')),
    constraint leave_accrual_rules_kind_is_known check (kind in ('vacation', 'sick')),
    constraint leave_accrual_rules_rate_in_range check (hours_per_hour_worked > 0 and hours_per_hour_worked < 1),
    constraint leave_accrual_rules_hours_per_hour_worked_is_finite check (hours_per_hour_worked not in ('NaN', 'Infinity', '-Infinity'))
);
comment on table hr.leave_accrual_rules is 'Rule table (the row with a null tenant is the default; a tenant''s own row overrides it): hours of leave accrued per hour worked, by kind; booked when a payroll run is finalized. US: 1 h sick per 30 h worked, 1 h vacation per 26 h; EU: 4 weeks of vacation a year (0.0833 h per hour), 1 h sick per 30 h.';

insert into hr.leave_accrual_rules (jurisdiction, effective_from, kind, hours_per_hour_worked)
values ('US', date '2000-01-01', 'sick', 0.0333),
       ('US', date '2000-01-01', 'vacation', 0.0385),
       ('EU', date '2000-01-01', 'sick', 0.0333),
       ('EU', date '2000-01-01', 'vacation', 0.0833);
