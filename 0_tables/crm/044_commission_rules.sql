create table crm.commission_rules (
    id int generated always as identity primary key,
    tenant_id uuid references core.tenants (id),
    min_hold interval not null,
    constraint commission_rules_tenant_id_key unique nulls not distinct (tenant_id),
    constraint commission_rules_min_hold_not_negative check (min_hold >= interval '0')
);
comment on table crm.commission_rules is 'IB commission rules: a trade held less than min_hold earns no commission (anti-scalping). Null tenant is the default; a tenant''s row overrides it.';

insert into crm.commission_rules (tenant_id, min_hold)
values (null, interval '2 minutes');
