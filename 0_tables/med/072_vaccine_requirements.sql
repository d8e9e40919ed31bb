create table med.vaccine_requirements (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid references core.tenants (id),
    vaccine text not null references med.vaccines (code),
    grade_from int not null,
    grade_to int not null,
    required_doses int not null,
    reduced_doses int,
    reduced_if_last_on_or_after_age interval,
    reduced_if_interval_at_least interval,
    effective_from date not null,
    effective_to date,
    constraint vaccine_requirements_grades_in_range check (grade_from between 0 and 12 and grade_to between grade_from and 12),
    constraint vaccine_requirements_doses_are_positive check (required_doses > 0),
    constraint vaccine_requirements_reduced_is_complete check ((reduced_doses is null) = (reduced_if_last_on_or_after_age is null)),
    constraint vaccine_requirements_reduced_interval_needs_reduced check (reduced_if_interval_at_least is null or reduced_doses is not null),
    constraint vaccine_requirements_reduced_is_fewer check (reduced_doses < required_doses and reduced_doses > 0),
    constraint vaccine_requirements_dates_in_order check (effective_to > effective_from)
);
create index vaccine_requirements_vaccine_idx on med.vaccine_requirements (vaccine, effective_from);
comment on table med.vaccine_requirements is 'Rule table, effective-dated: the doses a student of grades grade_from..grade_to must have for school entry, between effective_from and effective_to (exclusive; null: still in force). reduced_doses suffice when the last of them was given on or after reduced_if_last_on_or_after_age and at least reduced_if_interval_at_least (less the 4-day grace period) after the previous valid dose (CDC: Polio 3 when the 3rd was on or after the 4th birthday and 6 months after the 2nd; DTaP 4 when the 4th was on or after the 4th birthday). tenant_id null: the state''s rule; a district may add its own rows.';

insert into med.vaccine_requirements (vaccine, grade_from, grade_to, required_doses, reduced_doses, reduced_if_last_on_or_after_age,
                                      reduced_if_interval_at_least, effective_from)
values
    ('DTaP', 0, 12, 5, 4, interval '4 years', interval '6 months', date '2010-07-01'),
    ('Polio', 0, 12, 4, 3, interval '4 years', interval '6 months', date '2010-07-01'),
    ('MMR', 0, 12, 2, null, null, null, date '2010-07-01'),
    ('HepB', 0, 12, 3, null, null, null, date '2010-07-01'),
    ('Varicella', 0, 12, 2, null, null, null, date '2010-07-01'),
    ('Tdap', 7, 12, 1, null, null, null, date '2010-07-01'),
    ('MenACWY', 7, 12, 1, null, null, null, date '2016-07-01');
