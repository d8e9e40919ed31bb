create table med.authorized_pickups (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null,
    student_id uuid not null,
    position int not null,
    full_name text not null,
    relationship text not null,
    phone text,
    guardian_id uuid,
    created_at timestamptz not null default now(),
    constraint authorized_pickups_student_id_fkey foreign key (student_id, tenant_id) references med.students (id, tenant_id),
    constraint authorized_pickups_guardian_id_fkey foreign key (guardian_id, tenant_id) references med.guardians (id, tenant_id),
    constraint authorized_pickups_student_id_position_key unique (student_id, position) deferrable initially immediate,
    constraint authorized_pickups_position_is_positive check (position > 0),
    constraint authorized_pickups_full_name_not_blank check (full_name ~ '[^[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\U0001d159\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]')
);
create unique index authorized_pickups_student_id_name_key on med.authorized_pickups (student_id, lower(btrim(full_name) collate "und-x-icu"));
comment on table med.authorized_pickups is 'The ordered list of people a student may be released to (1 = call first). A student is sent home only to one of them, never to a guardian under a custody restriction.';
comment on column med.authorized_pickups.guardian_id is 'Set when the pickup is one of the student''s guardians.';
