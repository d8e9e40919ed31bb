create table hr.overtime_rules (
    id int generated always as identity primary key,
    tenant_id uuid references core.tenants (id),
    jurisdiction text not null,
    effective_from date not null,
    weekly_threshold_hours numeric not null,
    multiplier numeric not null,
    constraint overtime_rules_rule_key unique nulls not distinct (tenant_id, jurisdiction, effective_from),
    constraint overtime_rules_jurisdiction_is_known check (jurisdiction in ('US', 'EU')),
    constraint overtime_rules_threshold_is_positive check (weekly_threshold_hours > 0),
    constraint overtime_rules_multiplier_above_one check (multiplier > 1),
    constraint overtime_rules_weekly_threshold_hours_is_finite check (weekly_threshold_hours not in ('NaN', 'Infinity', '-Infinity')),
    constraint overtime_rules_multiplier_is_finite check (multiplier not in ('NaN', 'Infinity', '-Infinity'))
);
comment on table hr.overtime_rules is 'Rule table (the row with a null tenant is the default; a tenant''s own row overrides it): hours worked past the threshold in one fixed workweek (the hotel''s, in its zone; never averaged across weeks) are paid at multiplier times the regular rate. US (FLSA): 40 h, 1.5x. A jurisdiction without a row pays no statutory overtime (the EU hotels'' collective agreements are outside this system).';

insert into hr.overtime_rules (jurisdiction, effective_from, weekly_threshold_hours, multiplier)
values ('US', date '2000-01-01', 40, 1.5);
