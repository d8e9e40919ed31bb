create table med.exemptions (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null,
    student_id uuid not null,
    vaccine text not null references med.vaccines (code),
    kind text not null,
    granted_on date not null,
    expires_on date,
    reason text,
    recorded_by uuid references core.users (id),
    created_at timestamptz not null default now(),
    constraint exemptions_student_id_fkey foreign key (student_id, tenant_id) references med.students (id, tenant_id),
    constraint exemptions_kind_is_known check (kind in ('medical', 'religious')),
    constraint exemptions_medical_expires check (kind <> 'medical' or expires_on is not null),
    constraint exemptions_dates_in_order check (expires_on > granted_on)
);
create index exemptions_student_id_idx on med.exemptions (student_id, vaccine);
comment on table med.exemptions is 'Exemptions from a vaccine requirement: medical ones (signed by a physician) expire; religious ones need no expiry. A student with a current exemption is compliant for that vaccine.';
