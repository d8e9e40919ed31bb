create function hr_private.local_date(at timestamptz, hotel_id uuid)
returns date
language sql
stable
as $$
    select (local_date.at at time zone hotels.time_zone)::date
    from hr.hotels as hotels
    where hotels.id = local_date.hotel_id
$$;
comment on function hr_private.local_date(timestamptz, uuid) is 'The local date of an instant in the hotel''s time zone. No SET clause (everything in it is qualified), so that the planner can inline it.';
