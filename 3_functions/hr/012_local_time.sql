create function hr_private.local_time(at timestamptz, time_zone text)
returns text
language sql
stable
strict
as $$
    select pg_catalog.to_char(local_time.at at time zone local_time.time_zone, 'YYYY-MM-DD"T"HH24:MI:SS')
           || case when offsets.minutes < 0 then '-' else '+' end
           || pg_catalog.to_char(pg_catalog.abs(offsets.minutes) / 60, 'FM00') || ':'
           || pg_catalog.to_char(pg_catalog.abs(offsets.minutes) % 60, 'FM00')
    from (select (extract(epoch from (local_time.at at time zone local_time.time_zone)
                                     - (local_time.at at time zone 'UTC')) / 60)::int as minutes) as offsets
$$;
comment on function hr_private.local_time(timestamptz, text) is 'An instant as RFC 3339 local time with the zone''s offset at that instant (2026-12-07T09:00:00-08:00), as job payloads carry times. No SET clause (everything in it is qualified), so that the planner can inline it.';
