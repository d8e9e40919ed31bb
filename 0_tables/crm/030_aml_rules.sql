create table crm.aml_rules (
    id int generated always as identity primary key,
    tenant_id uuid references core.tenants (id),
    threshold_eur numeric not null,
    window_length interval not null,
    constraint aml_rules_tenant_id_key unique nulls not distinct (tenant_id),
    constraint aml_rules_threshold_is_positive check (threshold_eur > 0),
    constraint aml_rules_window_is_positive check (window_length > interval '0'),
    constraint aml_rules_threshold_eur_is_finite check (threshold_eur not in ('NaN', 'Infinity', '-Infinity'))
);
comment on table crm.aml_rules is 'AML monitoring rule: deposits of one client summed over the rolling window in EUR; reaching the threshold raises a case. The row with a null tenant is the default; a tenant''s own row overrides it.';

insert into crm.aml_rules (tenant_id, threshold_eur, window_length)
values (null, 15000, interval '7 days');
