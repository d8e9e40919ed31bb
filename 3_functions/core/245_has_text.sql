create function core.has_text(value text)
returns boolean
language sql
immutable
parallel safe
as $$
    select coalesce(has_text.value, '')
           ~ '[^[:space:]\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\ufeff\uffa0]'
$$;
comment on function core.has_text(text) is 'Whether a required text holds a character that shows: the ASCII white space, the Unicode spaces (no-break, em, ideographic, line and paragraph separators) and the invisible format characters (zero-width space and joiners, soft hyphen, word joiner, direction marks, variation selectors, byte order mark) do not count, so a text of tabs, line breaks, no-break spaces or soft hyphens is none; false for null. The tables'' *_not_blank checks test the white space part. No SET clause (everything in it is qualified), so that the planner can inline it. Internal.';
