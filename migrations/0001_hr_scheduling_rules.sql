-- Migration 0001: hr scheduling rules
--
-- Takes a live database from the previous release's 0_tables/1_junctions to
-- this one's. It runs inside the deploy's transaction, after the code of the
-- previous release was dropped and before the new code is created: use the
-- data schemas only, qualify every name, no begin/commit. Never edit it once
-- applied anywhere (deploy refuses a changed checksum): write a new one.

-- hr.scheduling_rules: how far ahead a hotel group schedules (0_tables/hr/023_scheduling_rules.sql),
-- with the default row of 366 days; its row level security, policy, grant
-- and audit trigger are code (6_security/hr/rules.sql, 4_triggers/hr/audit.sql).
create table hr.scheduling_rules (
    id int generated always as identity primary key,
    tenant_id uuid references core.tenants (id),
    effective_from date not null,
    horizon_days int not null,
    constraint scheduling_rules_rule_key unique nulls not distinct (tenant_id, effective_from),
    constraint scheduling_rules_horizon_in_range check (horizon_days between 1 and 3660)
);
comment on table hr.scheduling_rules is 'Rule table (the row with a null tenant is the default; a hotel group''s own row overrides it): how far ahead a shift may start. A shift starting on a local day after the hotel''s local today + horizon_days is refused (22023) by every path that writes or hands out a shift (schedule_shift, schedule_open_shift, take_open_shift, accept_swap), so that nobody is scheduled on a day no working-time rule, minimum wage or payroll period has been thought about yet. The row in force is the one with the latest effective_from on or before the hotel''s local today. Not a jurisdiction''s law but the group''s own planning setting, hence keyed by group only.';
comment on column hr.scheduling_rules.horizon_days is 'The latest local day a shift may start on is the hotel''s local today plus this many days (1 to 3660).';

insert into hr.scheduling_rules (effective_from, horizon_days)
values (date '2000-01-01', 366);
