create function med_private.check_grade_fits_age()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
    -- the school year, as consents count it (2026 = 2026-27, from August on),
    -- of the school's own today
    school_year int := pg_catalog.date_part('year', med_private.school_local_date(new.school_id) - interval '7 months')::int;
    -- the age on 1 September of that school year: kindergarten (grade 0)
    -- starts at 5, grade n at 5 + n
    age_on_cutoff int;
    usual_grade int;
begin
    age_on_cutoff := school_year - pg_catalog.date_part('year', new.birth_date)::int
                     - case when new.birth_date > pg_catalog.make_date(pg_catalog.date_part('year', new.birth_date)::int, 9, 1)
                            then 1 else 0 end;
    usual_grade := age_on_cutoff - 5;
    -- two years either way: held back or skipped ahead; a student past the
    -- usual age of grade 12 (special education may stay to 21) still fits
    -- grades 10 to 12
    if new.grade not between least(usual_grade, 12) - 2 and usual_grade + 2 then
        raise exception 'grade % does not fit a student born on %, who is % on 1 september %', new.grade, new.birth_date,
                        age_on_cutoff, school_year
            using errcode = '22023',
                  detail = case when usual_grade + 2 < 0 then 'no grade from kindergarten (0) to 12 fits that age'
                                when usual_grade + 2 = 0 then 'only kindergarten (0) fits that age'
                                else pg_catalog.format('grades %s to %s fit that age', greatest(least(usual_grade, 12) - 2, 0),
                                                       least(usual_grade + 2, 12)) end,
                  hint = 'a child is 5 on 1 september of the kindergarten (grade 0) year, 6 in grade 1, 17 in grade 12, and may be two grades behind or ahead of that: check the birth date and the grade';
    end if;
    return new;
end
$$;
comment on function med_private.check_grade_fits_age() is 'BEFORE INSERT/UPDATE OF birth_date, grade trigger of med.students: the grade must fit the age, since the school-entry immunization rules are chosen by grade. The usual grade is the age on 1 September of the current school year (the school''s local today; the year starts in August, as for consents) minus 5 (kindergarten = grade 0 at 5); two grades either way are accepted (held back, skipped ahead), and grades 10 to 12 past the usual age of grade 12 (special education to 21); anything else is 22023 with a hint. Every path that writes a grade or a birth date (enroll_student, the seed, any later update) passes through it.';

create trigger students_grade_fits_age
before insert or update of birth_date, grade on med.students
for each row execute function med_private.check_grade_fits_age();
