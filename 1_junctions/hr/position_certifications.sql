create table hr.position_certifications (
    tenant_id uuid not null references core.tenants (id),
    position_id uuid not null,
    kind text not null,
    constraint position_certifications_pkey primary key (position_id, kind),
    constraint position_certifications_position_id_fkey foreign key (position_id, tenant_id) references hr.positions (id, tenant_id),
    constraint position_certifications_kind_is_known check (kind in ('food_handler', 'alcohol_service', 'first_aid', 'lifeguard'))
);
create index position_certifications_tenant_id_idx on hr.position_certifications (tenant_id);
comment on table hr.position_certifications is 'The certificates a position requires: scheduling into it needs a valid one of each kind.';
