create table med.health_record_reads (
    id bigint generated always as identity primary key,
    tenant_id uuid not null,
    student_id uuid not null,
    read_by uuid not null references core.users (id),
    read_at timestamptz not null default clock_timestamp(),
    reason text not null,
    constraint health_record_reads_student_id_fkey foreign key (student_id, tenant_id) references med.students (id, tenant_id),
    constraint health_record_reads_reason_not_blank check (reason ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]')
);
create index health_record_reads_student_id_read_at_idx on med.health_record_reads (student_id, read_at);
comment on table med.health_record_reads is 'Every read of a student''s full health record (med_api.student_health_record): who, when, why. Append-only.';
