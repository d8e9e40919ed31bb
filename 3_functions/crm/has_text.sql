create function crm_private.has_text(value text)
returns boolean
language sql
immutable
parallel safe
set search_path = ''
as $$
    select coalesce(has_text.value, '') ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]'
$$;
comment on function crm_private.has_text(text) is 'Whether a required text holds a character that is not white space: the ASCII white space and the Unicode spaces (no-break, em, ideographic, line and paragraph separators, zero-width) do not count, so a text of tabs, line breaks or no-break spaces is none; false for null. The same test as the tables'' *_not_blank checks. Internal.';
