create function med_private.names_epinephrine(what text)
returns boolean
language sql
immutable
parallel safe
set search_path = ''
as $$
    -- a brand of two parts as it is typed: EpiPen, Epi-Pen, Epi Pen, Auvi-Q,
    -- Auvi Q, AuviQ (a space, a hyphen of any kind, a dot or nothing between);
    -- the name is read as med_private.single_spaced keeps it: "Epi<U+00AD>Pen" (a soft
    -- hyphen, a zero-width space or joiner, a word joiner inside) shows as
    -- EpiPen and is one; full-width letters are folded (NFKC)
    select coalesce(med_private.single_spaced(names_epinephrine.what) ~* '(epinephrin|adrenalin|epi[-\s\u00a0\u2010\u2011._]*pen|auvi[-\s\u00a0\u2010\u2011._]*q|adrenaclick|symjepi|neffy|twinject|anapen|emerade|jext)', false)
$$;
comment on function med_private.names_epinephrine(text) is 'Whether a medication name or a visit''s intervention names epinephrine: the word (epinephrine, adrenaline) or a brand that does not say it (EpiPen, Auvi-Q, however their two parts are joined: Epi Pen, Epi-Pen, Auvi Q, AuviQ; Adrenaclick, Symjepi, neffy, Twinject, Anapen, Emerade, Jext), read as med_private.single_spaced keeps it (an invisible character inside, "Epi<U+00AD>Pen", does not hide it); false for null. An epinephrine order (med_api.add_medication_order) and a visit whose intervention names epinephrine (med_api.record_visit, stock epinephrine given without an order) alert the guardians and the supervisor at once. Internal.';
