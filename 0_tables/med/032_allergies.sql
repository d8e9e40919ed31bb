create table med.allergies (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null,
    student_id uuid not null,
    allergen text not null,
    reaction text,
    severity text not null,
    recorded_by uuid references core.users (id),
    created_at timestamptz not null default now(),
    constraint allergies_student_id_fkey foreign key (student_id, tenant_id) references med.students (id, tenant_id),
    constraint allergies_allergen_not_blank check (allergen ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]'),
    constraint allergies_severity_is_known check (severity in ('mild', 'moderate', 'severe'))
);
create unique index allergies_student_id_allergen_key on med.allergies (student_id, lower(allergen));
comment on table med.allergies is 'Allergies of a student: allergen, reaction, severity (mild, moderate, severe). Teachers of the student''s roster see them.';
