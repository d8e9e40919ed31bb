create function hr_private.labor_day(year int)
returns date
language sql
immutable
strict
as $$
    select pg_catalog.make_date(labor_day.year, 9, 1)
           + ((8 - extract(isodow from pg_catalog.make_date(labor_day.year, 9, 1))::int) % 7)
$$;
comment on function hr_private.labor_day(int) is 'Labor Day of a year: the first Monday of September (the end of the US minors'' summer hours). No SET clause (everything in it is qualified), so that the planner can inline it.';
