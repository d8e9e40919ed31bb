create table med.visits (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null,
    student_id uuid not null,
    school_id uuid not null,
    visited_at timestamptz not null default now(),
    complaint text not null,
    temperature numeric(4, 1),
    pulse int,
    intervention text,
    disposition text not null,
    notes text,
    is_confidential boolean not null default false,
    shared_with_guardian boolean not null default false,
    picked_up_by text,
    pickup_id uuid,
    recorded_by uuid not null references core.users (id),
    constraint visits_student_id_fkey foreign key (student_id, tenant_id) references med.students (id, tenant_id),
    constraint visits_school_id_fkey foreign key (school_id, tenant_id) references med.schools (id, tenant_id),
    constraint visits_complaint_not_blank check (complaint ~ '[^[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\U0001d159\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]'),
    constraint visits_disposition_is_known check (disposition in ('returned_to_class', 'rested_returned', 'sent_home', 'ems', 'referred')),
    constraint visits_temperature_is_plausible check (temperature between 30 and 45),
    constraint visits_pulse_is_plausible check (pulse between 20 and 250),
    constraint visits_sent_home_has_pickup check (disposition <> 'sent_home' or (picked_up_by is not null and pickup_id is not null)),
    constraint visits_confidential_not_shared check (not (is_confidential and shared_with_guardian)),
    constraint visits_temperature_is_finite check (temperature not in ('NaN', 'Infinity', '-Infinity'))
);
create index visits_student_id_visited_at_idx on med.visits (student_id, visited_at);
create index visits_school_id_visited_at_idx on med.visits (school_id, visited_at);
comment on table med.visits is 'Health office visits: complaint, vitals (temperature in degrees Celsius, pulse), intervention, disposition, notes. sent_home only to an authorized pickup; ems notifies the guardians and the supervisor at once.';
comment on column med.visits.is_confidential is 'Confidential notes: aides and teachers never read them, guardians neither (a confidential note cannot be shared).';
comment on column med.visits.shared_with_guardian is 'The guardians of the student see this visit and its notes; they see no other visit.';
comment on column med.visits.pickup_id is 'The authorized pickup (med.authorized_pickups) the student was released to, for sent_home.';
