create table med.health_record_reads (
    id bigint generated always as identity primary key,
    tenant_id uuid not null,
    student_id uuid not null,
    read_by uuid not null references core.users (id),
    read_at timestamptz not null default clock_timestamp(),
    reason text not null,
    constraint health_record_reads_student_id_fkey foreign key (student_id, tenant_id) references med.students (id, tenant_id),
    constraint health_record_reads_reason_not_blank check (reason ~ '[^[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\U0001d159\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]')
);
create index health_record_reads_student_id_read_at_idx on med.health_record_reads (student_id, read_at);
comment on table med.health_record_reads is 'Every read of a student''s full health record (med_api.student_health_record): who, when, why. Append-only.';
