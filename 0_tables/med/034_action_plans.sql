create table med.action_plans (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null,
    student_id uuid not null,
    kind text not null,
    instructions text not null,
    expires_on date not null,
    recorded_by uuid references core.users (id),
    created_at timestamptz not null default now(),
    constraint action_plans_student_id_fkey foreign key (student_id, tenant_id) references med.students (id, tenant_id),
    constraint action_plans_kind_is_known check (kind in ('asthma', 'anaphylaxis', 'seizure', 'diabetes')),
    constraint action_plans_instructions_not_blank check (instructions ~ '[^[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\U0001d159\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]')
);
create index action_plans_student_id_idx on med.action_plans (student_id);
create index action_plans_expires_on_idx on med.action_plans (tenant_id, expires_on);
comment on table med.action_plans is 'Emergency action plans (asthma, anaphylaxis, seizure, diabetes) signed by a provider, valid until expires_on. Teachers of the student''s roster see them.';
