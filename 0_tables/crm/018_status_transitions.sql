create table crm.status_transitions (
    tenant_id uuid references core.tenants (id),
    from_status text not null,
    to_status text not null,
    constraint status_transitions_key unique nulls not distinct (tenant_id, from_status, to_status),
    constraint status_transitions_statuses_are_known check (
        from_status in ('lead', 'registered', 'kyc_pending', 'approved', 'funded', 'active', 'dormant', 'closed')
        and to_status in ('lead', 'registered', 'kyc_pending', 'approved', 'funded', 'active', 'dormant', 'closed')),
    constraint status_transitions_change_status check (from_status <> to_status)
);
comment on table crm.status_transitions is 'The client lifecycle as data: crm_private.transition_client allows exactly these moves (PT409 otherwise).';
comment on column crm.status_transitions.tenant_id is 'Null: a move every brokerage allows (all rows today); a brokerage''s own rows add moves for it alone.';

insert into crm.status_transitions (from_status, to_status)
values
    ('lead', 'registered'),
    ('lead', 'kyc_pending'),
    ('registered', 'kyc_pending'),
    ('kyc_pending', 'approved'),
    ('kyc_pending', 'registered'),
    ('approved', 'funded'),
    ('funded', 'active'),
    ('funded', 'dormant'),
    ('active', 'dormant'),
    ('dormant', 'funded'),
    ('dormant', 'active'),
    ('lead', 'closed'),
    ('registered', 'closed'),
    ('kyc_pending', 'closed'),
    ('approved', 'closed'),
    ('funded', 'closed'),
    ('active', 'closed'),
    ('dormant', 'closed');
