create table crm.ibs (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references core.tenants (id),
    user_id uuid not null references core.users (id),
    parent_id uuid,
    level int not null default 1,
    referral_code text not null,
    created_at timestamptz not null default now(),
    constraint ibs_parent_id_fkey foreign key (parent_id, tenant_id) references crm.ibs (id, tenant_id),
    constraint ibs_id_tenant_id_key unique (id, tenant_id),
    constraint ibs_user_id_key unique (user_id),
    constraint ibs_referral_code_is_plausible check (referral_code ~ '^[A-Z0-9]{4,20}$'),
    constraint ibs_level_is_positive check (level >= 1),
    constraint ibs_top_level_has_no_parent check ((parent_id is null) = (level = 1)),
    constraint ibs_not_own_parent check (parent_id <> id)
);
create unique index ibs_referral_code_key on crm.ibs (referral_code);
create index ibs_parent_id_idx on crm.ibs (parent_id);
comment on table crm.ibs is 'Introducing brokers: a user with role crm_ib, its referral code and its place in the IB tree (a master IB at level 1, its sub-IBs below).';
comment on column crm.ibs.level is 'Depth in the IB tree: 1 for a master IB, parent''s level + 1 for a sub-IB (kept by a trigger).';
comment on column crm.ibs.referral_code is 'Upper-case code a lead gives at registration; unique across brokerages, so it also names the brokerage.';
