create function hr_private.require_shift_times(starts_at timestamptz, ends_at timestamptz)
returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
    if require_shift_times.starts_at is null or require_shift_times.ends_at is null
       or not pg_catalog.isfinite(require_shift_times.starts_at) or not pg_catalog.isfinite(require_shift_times.ends_at) then
        raise exception 'a shift needs a finite start and end, got % to %',
                coalesce(require_shift_times.starts_at::text, 'null'), coalesce(require_shift_times.ends_at::text, 'null')
            using errcode = '22023';
    end if;
    if require_shift_times.ends_at <= require_shift_times.starts_at then
        raise exception 'a shift must end after it starts (% to %)', require_shift_times.starts_at, require_shift_times.ends_at
            using errcode = '22023';
    end if;
    if require_shift_times.ends_at - require_shift_times.starts_at > interval '16 hours' then
        raise exception 'a shift lasts at most 16 hours, not %', require_shift_times.ends_at - require_shift_times.starts_at
            using errcode = '22023';
    end if;
end
$$;
comment on function hr_private.require_shift_times(timestamptz, timestamptz) is 'Checks a shift''s times before anything is written: 22023 for a null or infinite time, an end not after the start, or more than 16 hours.';
