create table med.rosters (
    teacher_id uuid not null,
    student_id uuid not null,
    tenant_id uuid not null,
    created_at timestamptz not null default now(),
    constraint rosters_pkey primary key (teacher_id, student_id),
    constraint rosters_teacher_id_fkey foreign key (teacher_id, tenant_id) references med.staff (user_id, tenant_id),
    constraint rosters_student_id_fkey foreign key (student_id, tenant_id) references med.students (id, tenant_id)
);
create index rosters_student_id_idx on med.rosters (student_id);
comment on table med.rosters is 'A teacher''s class roster: the teacher sees these students'' allergies, action plans and emergency instructions, nothing else of their health.';
