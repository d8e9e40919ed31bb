create table med.conditions (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null,
    student_id uuid not null,
    name text not null,
    notes text,
    diagnosed_on date,
    recorded_by uuid references core.users (id),
    created_at timestamptz not null default now(),
    constraint conditions_student_id_fkey foreign key (student_id, tenant_id) references med.students (id, tenant_id),
    constraint conditions_name_not_blank check (name ~ '[^[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\U0001d159\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]')
);
create index conditions_student_id_idx on med.conditions (student_id);
comment on table med.conditions is 'Diagnosed health conditions (asthma, type 1 diabetes, epilepsy...). Never shown to teachers.';
