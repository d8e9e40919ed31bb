create function core.is_email(value text)
returns boolean
language sql
immutable
parallel safe
as $$
    select is_email.value ~ '^[^@[:space:]\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\ufeff\uffa0]+@[^@[:space:]\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\ufeff\uffa0]+\.[^@[:space:]\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\ufeff\uffa0]+$'
$$;
comment on function core.is_email(text) is 'Whether a text is a plausible e-mail address: one @, a dot after it, and no white space or invisible character anywhere (the characters core.has_text does not count: tabs, the Unicode spaces, zero-width spaces and joiners, soft hyphens, ...), so that an address and the same address with a no-break or zero-width space are not two addresses; null for null. The tables'' *_email_is_plausible checks hold the same expression. No SET clause, so that the planner can inline it. Internal.';
