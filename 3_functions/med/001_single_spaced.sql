create function med_private.single_spaced(value text)
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
    -- 1. the invisible characters removed (core.without_invisible: soft
    --    hyphen, zero-width space and joiners, direction marks, word joiner,
    --    variation selectors, tag characters, ...): "Epi<U+00AD>Pen" shows
    --    as and is "EpiPen";
    -- 2. the compatibility forms folded (NFKC: full-width letters, ligatures,
    --    the Unicode spaces made U+0020);
    -- 3. every run of white space made one space, then trimmed
    select pg_catalog.btrim(pg_catalog.regexp_replace(
               pg_catalog.normalize(
                   core.without_invisible(single_spaced.value),
                   'NFKC'),
               '[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800]+', ' ', 'g'))
$$;
comment on function med_private.single_spaced(text) is 'A name as it is kept and compared: the invisible characters removed (core.without_invisible: U+00AD soft hyphen, U+200B-U+200F zero-width space, joiners and direction marks, U+2060-U+206F word joiner, variation selectors, the tag characters of plane 14, ...), then normalized to NFKC (full-width and compatibility forms folded), then every run of white space (tabs, line breaks, no-break and other Unicode spaces, line and paragraph separators, the blank Braille pattern) made one space and trimmed ("Rick  Stone" = "Rick Stone", "Ngu<U+00AD>yen" = "Nguyen"). med_private.person_key and med_private.drug_key fold it further (med_private.name_folded: typographic apostrophes and dashes, case of every letter, ß), med_private.names_epinephrine reads it; med_api.add_authorized_pickup stores a pickup''s name so (migrations 0015 and 0018 brought the stored names to this form). Internal.';
