create function med_private.single_spaced(value text)
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
    -- 1. the invisible format characters (those core.has_text counts as
    --    none beyond white space: soft hyphen, zero-width space and joiners,
    --    direction marks and embeddings, word joiner, variation selectors,
    --    byte order mark, Hangul fillers) removed: "Epi<U+00AD>Pen" shows as
    --    and is "EpiPen";
    -- 2. the compatibility forms folded (NFKC: full-width letters, ligatures,
    --    the Unicode spaces made U+0020);
    -- 3. every run of white space made one space, then trimmed
    select pg_catalog.btrim(pg_catalog.regexp_replace(
               pg_catalog.normalize(
                   pg_catalog.regexp_replace(single_spaced.value,
                       '[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]+', '', 'g'),
                   'NFKC'),
               '[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+', ' ', 'g'))
$$;
comment on function med_private.single_spaced(text) is 'A name as it is kept and compared: the invisible format characters removed (the ones core.has_text does not count beyond white space: U+00AD soft hyphen, U+034F, U+061C, U+115F, U+1160, U+17B4, U+17B5, U+180B-U+180F, U+200B-U+200F zero-width space, joiners and direction marks, U+202A-U+202E, U+2060-U+206F word joiner and invisible operators, U+3164, U+FE00-U+FE0F variation selectors, U+FEFF, U+FFA0), then normalized to NFKC (full-width and compatibility forms folded), then every run of white space (tabs, line breaks, no-break and other Unicode spaces, line and paragraph separators) made one space and trimmed ("Rick  Stone" = "Rick Stone", "Ngu<U+00AD>yen" = "Nguyen"). med_private.person_key and med_private.drug_key lowercase it, med_private.names_epinephrine reads it; med_api.add_authorized_pickup stores a pickup''s name so (migration 0015 brought the stored names to this form). Internal.';
