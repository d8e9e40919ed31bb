create table hr.school_days (
    tenant_id uuid not null references core.tenants (id),
    hotel_id uuid not null,
    day date not null,
    constraint school_days_pkey primary key (hotel_id, day),
    constraint school_days_hotel_id_fkey foreign key (hotel_id, tenant_id) references hr.hotels (id, tenant_id)
);
create index school_days_tenant_id_idx on hr.school_days (tenant_id);
comment on table hr.school_days is 'The school calendar of the district a hotel lies in: one row per day school is in session. A day not listed is a non-school day; a workweek with at least one school day is a school week (the minors'' limits of hr.minor_rules).';
