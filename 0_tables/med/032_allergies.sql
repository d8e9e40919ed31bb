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
    constraint allergies_allergen_not_blank check (allergen ~ '[^[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\U0001d159\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]'),
    constraint allergies_severity_is_known check (severity in ('mild', 'moderate', 'severe'))
);
create unique index allergies_student_id_allergen_key on med.allergies (student_id, lower(allergen collate "und-x-icu"));
comment on table med.allergies is 'Allergies of a student: allergen, reaction, severity (mild, moderate, severe). Teachers of the student''s roster see them.';
