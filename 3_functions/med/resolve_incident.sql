create function med_api.resolve_incident(incident_id uuid, resolution text)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    incident_status text;
begin
    perform core.check_text(resolve_incident.resolution, 'a resolution', 4000);
    if not core.has_text(resolve_incident.resolution) then
        raise exception 'resolving an incident needs a note saying what was found'
            using errcode = '22023';
    end if;
    if not exists (select from med_private.incidents as incidents where incidents.id = resolve_incident.incident_id) then
        raise exception 'incident % not found', coalesce(resolve_incident.incident_id::text, 'null')
            using errcode = 'PT404';
    end if;
    select incidents.status into incident_status from med.incidents as incidents where incidents.id = resolve_incident.incident_id for update;
    -- a discrepancy is looked into by someone the count did not involve
    if exists (
        select
        from med.incidents as incidents
        join med.controlled_counts as counts on counts.id = incidents.count_id
        where incidents.id = resolve_incident.incident_id
          and core.current_user_id() in (counts.counted_by, counts.witnessed_by)
    ) then
        raise exception 'whoever counted or witnessed the count may not resolve its incident'
            using errcode = '42501',
                  hint = 'another nurse of the school or the supervisor resolves it';
    end if;
    if incident_status <> 'open' then
        raise exception 'incident % is already resolved', resolve_incident.incident_id
            using errcode = 'PT409';
    end if;
    update med.incidents as incidents
    set status = 'resolved',
        resolved_at = now(),
        resolved_by = core.current_user_id(),
        resolution = pg_catalog.btrim(resolve_incident.resolution)
    where incidents.id = resolve_incident.incident_id;
end
$$;
comment on function med_api.resolve_incident(uuid, text) is 'Closes a controlled substance incident with a note. Nurse (of the school), supervisor, neither of them the one who counted or witnessed the count that opened it. Raises 22023 without a note (or one of white space or invisible characters only: core.has_text), PT404 for an incident not visible, 42501 for the counter or the witness of its count, PT409 when already resolved. Security definer.';
