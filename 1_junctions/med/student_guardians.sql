create table med.student_guardians (
    student_id uuid not null,
    guardian_id uuid not null,
    tenant_id uuid not null,
    relationship text not null,
    created_at timestamptz not null default now(),
    constraint student_guardians_pkey primary key (student_id, guardian_id),
    constraint student_guardians_student_id_fkey foreign key (student_id, tenant_id) references med.students (id, tenant_id),
    constraint student_guardians_guardian_id_fkey foreign key (guardian_id, tenant_id) references med.guardians (id, tenant_id),
    constraint student_guardians_relationship_not_blank check (relationship ~ '[^[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\U0001d159\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]')
);
create index student_guardians_guardian_id_idx on med.student_guardians (guardian_id);
comment on table med.student_guardians is 'Guardians of a student (mother, father, legal guardian...). A guardian sees the children linked here, except those under a custody restriction against them.';
