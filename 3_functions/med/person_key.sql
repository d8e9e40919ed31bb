create function med_private.person_key(full_name text)
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
    select pg_catalog.lower(pg_catalog.btrim(pg_catalog.regexp_replace(person_key.full_name,
               '[\s\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]+', ' ', 'g')))
$$;
comment on function med_private.person_key(text) is 'What makes two names typed for one person the same (an authorized pickup, a guardian under a custody restriction): every run of white space (tabs, no-break and other Unicode spaces, zero-width spaces included) made one space, trimmed, lowercased ("Rick  Stone" = "rick stone"). The custody checks of med_api.add_authorized_pickup and med_api.record_visit and the pickups med_api.restrict_custody removes compare names by it, so that a restricted guardian listed under another spacing is still recognised. Internal.';
