create table med.screenings (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null,
    student_id uuid not null,
    kind text not null,
    screened_on date not null,
    result text not null,
    notes text,
    screened_by uuid references core.users (id),
    created_at timestamptz not null default now(),
    constraint screenings_student_id_fkey foreign key (student_id, tenant_id) references med.students (id, tenant_id),
    constraint screenings_kind_is_known check (kind in ('vision', 'hearing')),
    constraint screenings_result_is_known check (result in ('pass', 'refer'))
);
create index screenings_student_id_idx on med.screenings (student_id, screened_on);
comment on table med.screenings is 'Vision and hearing screenings; a result of refer sends the guardians a referral letter (pdfgen.screening_referral).';
