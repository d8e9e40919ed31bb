create function med_private.single_spaced(value text)
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
    select pg_catalog.btrim(pg_catalog.regexp_replace(single_spaced.value,
               '[\s\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]+', ' ', 'g'))
$$;
comment on function med_private.single_spaced(text) is 'A name as it is kept and compared: every run of white space (tabs, line breaks, no-break and other Unicode spaces, zero-width spaces included) made one space, then trimmed ("Rick  Stone" = "Rick Stone"). med_private.person_key and med_private.drug_key lowercase it; med_api.add_authorized_pickup stores a pickup''s name so. Internal.';
