create table med.students (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null,
    school_id uuid not null,
    first_name text not null,
    last_name text not null,
    birth_date date not null,
    grade int not null,
    emergency_instructions text,
    enrolled_on date not null default current_date,
    created_at timestamptz not null default now(),
    constraint students_id_tenant_id_key unique (id, tenant_id),
    constraint students_school_id_fkey foreign key (school_id, tenant_id) references med.schools (id, tenant_id),
    constraint students_first_name_not_blank check (first_name ~ '[^[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\U0001d159\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]'),
    constraint students_last_name_not_blank check (last_name ~ '[^[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\U0001d159\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]'),
    constraint students_grade_in_range check (grade between 0 and 12),
    constraint students_birth_date_is_plausible check (birth_date > date '1990-01-01')
);
create index students_school_id_grade_idx on med.students (school_id, grade);
create index students_tenant_id_idx on med.students (tenant_id);
comment on table med.students is 'Students enrolled at a school (grade 0 = kindergarten). Enrolled through med_api.enroll_student.';
comment on column med.students.emergency_instructions is 'What anyone with the student must do in an emergency; the one health field teachers read besides allergies and action plans.';
