create function med_private.person_key(full_name text)
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
    select pg_catalog.lower(med_private.single_spaced(person_key.full_name))
$$;
comment on function med_private.person_key(text) is 'What makes two names typed for one person the same (an authorized pickup, a guardian under a custody restriction): med_private.single_spaced (every run of white space made one space, trimmed), lowercased ("Rick  Stone" = "rick stone"). The custody checks of med_api.add_authorized_pickup and med_api.record_visit and the pickups med_api.restrict_custody removes compare names by it, so that a restricted guardian listed under another spacing is still recognised. Internal.';
