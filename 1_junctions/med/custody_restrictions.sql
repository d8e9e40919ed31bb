create table med.custody_restrictions (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null,
    student_id uuid not null,
    guardian_id uuid not null,
    reason text not null,
    starts_on date not null default current_date,
    ends_on date,
    recorded_by uuid references core.users (id),
    created_at timestamptz not null default now(),
    constraint custody_restrictions_student_id_fkey foreign key (student_id, tenant_id) references med.students (id, tenant_id),
    constraint custody_restrictions_guardian_id_fkey foreign key (guardian_id, tenant_id) references med.guardians (id, tenant_id),
    constraint custody_restrictions_reason_not_blank check (reason ~ '[^[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\U0001d159\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]'),
    constraint custody_restrictions_dates_in_order check (ends_on >= starts_on)
);
create index custody_restrictions_student_id_idx on med.custody_restrictions (student_id);
create index custody_restrictions_guardian_id_idx on med.custody_restrictions (guardian_id);
comment on table med.custody_restrictions is 'A court order or agreement that keeps a named guardian from a child: while it is in force (starts_on..ends_on, school-local dates) the guardian sees nothing of the child, gets no notification about it and may not pick it up.';
