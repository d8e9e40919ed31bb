create table med.schools (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null,
    district_id uuid not null,
    name text not null,
    time_zone text not null,
    lowest_grade int not null default 0,
    highest_grade int not null default 12,
    created_at timestamptz not null default now(),
    constraint schools_id_tenant_id_key unique (id, tenant_id),
    constraint schools_district_id_fkey foreign key (district_id, tenant_id) references med.districts (id, tenant_id),
    constraint schools_name_not_blank check (name ~ '[^[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\U0001d159\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]'),
    constraint schools_time_zone_is_known check ((timestamptz '2000-01-01 00:00+00' at time zone time_zone) is not null),
    constraint schools_grades_in_range check (lowest_grade between 0 and 12 and highest_grade between lowest_grade and 12)
);
create unique index schools_tenant_id_name_key on med.schools (tenant_id, name);
comment on table med.schools is 'Schools of a district. Nurses and aides see the schools they are assigned to (med.school_assignments).';
comment on column med.schools.time_zone is 'IANA time zone of the school: local-day rules (the PRN daily maximum) are counted in it.';
comment on column med.schools.lowest_grade is 'Grades taught, 0 = kindergarten .. 12.';
