create function core.without_invisible(value text)
returns text
language sql
immutable
parallel safe
as $$
    select pg_catalog.regexp_replace(without_invisible.value,
               '[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]+', '', 'g')
$$;
comment on function core.without_invisible(text) is 'A text without its invisible characters: the default-ignorable code points and the format characters of Unicode 15 (soft hyphen, combining grapheme joiner, zero-width space, joiners and direction marks, embeddings and isolates, word joiner and invisible operators, Hangul and Khmer fillers, Mongolian variation selectors, variation selectors and their supplement, byte order mark, interlinear annotation, shorthand format controls, musical symbol formatting, Egyptian hieroglyph format controls, the tag characters and the rest of plane 14), which show nothing, so that a name holding one is the name without it and a text of them only is blank (core.has_text, med_private.single_spaced). Null for null. No SET clause, so that the planner can inline it. Internal.';
