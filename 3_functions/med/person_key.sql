create function med_private.person_key(full_name text)
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
    select med_private.name_folded(person_key.full_name)
$$;
comment on function med_private.person_key(text) is 'What makes two names typed for one person the same (an authorized pickup, a guardian under a custody restriction): med_private.name_folded: med_private.single_spaced (invisible characters removed, NFKC, every run of white space made one space, trimmed), typographic apostrophes and hyphens or dashes made '' and -, lowercased for every letter (not A-Z only: "JÜRGEN MÜLLER" = "Jürgen Müller"), ß made ss, İ and ı made i ("Rick  Stone" = "rick stone", "Sean O<U+2019>Brien<U+2010>Hale" = "Sean O''Brien-Hale"). The custody checks of med_api.add_authorized_pickup and med_api.record_visit and the pickups med_api.restrict_custody removes compare names by it, so that a restricted guardian listed under another spacing is still recognised. Internal.';
