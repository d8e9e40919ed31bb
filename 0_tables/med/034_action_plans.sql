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
    constraint action_plans_instructions_not_blank check (instructions ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]')
);
create index action_plans_student_id_idx on med.action_plans (student_id);
create index action_plans_expires_on_idx on med.action_plans (tenant_id, expires_on);
comment on table med.action_plans is 'Emergency action plans (asthma, anaphylaxis, seizure, diabetes) signed by a provider, valid until expires_on. Teachers of the student''s roster see them.';
