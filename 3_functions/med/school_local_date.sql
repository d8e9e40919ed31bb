create function med_private.school_local_date(school_id uuid, at timestamptz default now())
returns date
language sql
stable
set search_path = ''
as $$
    select (school_local_date.at at time zone schools.time_zone)::date
    from med.schools as schools
    where schools.id = school_local_date.school_id
$$;
comment on function med_private.school_local_date(uuid, timestamptz) is 'The calendar day of at in the school''s time zone (its "today" by default).';
