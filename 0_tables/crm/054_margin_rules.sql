create table crm.margin_rules (
    id int primary key generated always as identity,
    tenant_id uuid references core.tenants (id),
    margin_call_level numeric not null,
    stop_out_level numeric not null,
    constraint margin_rules_levels_are_ordered check (stop_out_level > 0 and stop_out_level < margin_call_level),
    constraint margin_rules_margin_call_level_is_finite check (margin_call_level not in ('NaN', 'Infinity', '-Infinity')),
    constraint margin_rules_stop_out_level_is_finite check (stop_out_level not in ('NaN', 'Infinity', '-Infinity'))
);
create unique index margin_rules_tenant_id_key on crm.margin_rules (coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'::uuid));
comment on table crm.margin_rules is 'Rule table: margin levels (equity / used margin, in percent) at which a margin call is sent and at which all positions are closed out. The row with a null tenant is the default; a brokerage may have its own row.';
comment on column crm.margin_rules.margin_call_level is 'Below this margin level (percent) the client gets a margin call e-mail, at most one per account per day.';
comment on column crm.margin_rules.stop_out_level is 'Below this margin level (percent) every open position of the account is closed at mark prices.';

insert into crm.margin_rules (tenant_id, margin_call_level, stop_out_level)
values (null, 100, 50);
