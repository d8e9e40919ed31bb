create function core.has_text(value text)
returns boolean
language sql
immutable
parallel safe
as $$
    select core.without_invisible(coalesce(has_text.value, ''))
           ~ '[^[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\U0001d159]'
$$;
comment on function core.has_text(text) is 'Whether a required text holds a character that shows: the ASCII white space, the Unicode spaces (no-break, em, ideographic, line and paragraph separators) and the characters drawn as nothing (the blank Braille pattern, the musical null notehead U+1D159) and the invisible characters (core.without_invisible: zero-width space and joiners, soft hyphen, word joiner, direction marks, variation selectors, tag characters, byte order mark, ...) do not count, so a text of tabs, line breaks, no-break spaces or soft hyphens is none; false for null. The tables'' *_not_blank checks test the same, written out as one class of every character that does not count (migration 0021; tests/core/table_checks.sql holds them to this function). No SET clause (everything in it is qualified), so that the planner can inline it. Internal.';
