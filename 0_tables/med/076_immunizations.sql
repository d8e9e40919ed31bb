create table med.immunizations (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null,
    student_id uuid not null,
    vaccine text not null references med.vaccines (code),
    given_on date not null,
    recorded_by uuid references core.users (id),
    created_at timestamptz not null default now(),
    constraint immunizations_student_id_fkey foreign key (student_id, tenant_id) references med.students (id, tenant_id)
);
create unique index immunizations_student_id_vaccine_given_on_key on med.immunizations (student_id, vaccine, given_on);
comment on table med.immunizations is 'Vaccine doses a student received, as recorded from the immunization record. Each dose is validated against med.vaccine_dose_rules when the status is computed (med_private.evaluate_immunizations), never just counted. The same vaccine twice on one day is a duplicate (23505).';
