create function hr_private.week_start(day date, starts_on smallint)
returns date
language sql
immutable
strict
as $$
    select week_start.day - ((extract(isodow from week_start.day)::int - week_start.starts_on + 7) % 7)
$$;
comment on function hr_private.week_start(date, smallint) is 'The first local date of the fixed workweek holding day, for a workweek starting on ISO weekday starts_on (1 = Monday .. 7 = Sunday). No SET clause (everything in it is qualified), so that the planner can inline it.';
