create function med_private.names_epinephrine(what text)
returns boolean
language sql
immutable
parallel safe
set search_path = ''
as $$
    -- a brand of two parts as it is typed: EpiPen, Epi-Pen, Epi Pen, Auvi-Q,
    -- Auvi Q, AuviQ (a space, a hyphen or dash of any kind, a dot or nothing
    -- between); the name is read as med_private.name_folded keeps it:
    -- "Epi<U+00AD>Pen" (a soft hyphen, a zero-width space or joiner, a word
    -- joiner inside) shows as EpiPen and is one; full-width letters are
    -- folded (NFKC); every dash (U+2010-U+2015 en and em dashes included,
    -- U+2212 minus) is -; every letter lowercased; then the accents are
    -- taken off (NFD, the combining marks U+0300-U+036F removed), so that
    -- Adrénaline and Épinéphrine are read as adrenaline and epinephrine
    select coalesce(pg_catalog.regexp_replace(
                        pg_catalog.normalize(med_private.name_folded(names_epinephrine.what), 'NFD'),
                        '[\u0300-\u036f]+', '', 'g')
                    ~* '(epinephrin|adrenalin|epi[-\s._]*pen|auvi[-\s._]*q|adrenaclick|symjepi|neffy|twinject|anapen|emerade|jext)', false)
$$;
comment on function med_private.names_epinephrine(text) is 'Whether a medication name or a visit''s intervention names epinephrine: the word (epinephrine, adrenaline) or a brand that does not say it (EpiPen, Auvi-Q, however their two parts are joined: Epi Pen, Epi-Pen, Epi–Pen, Auvi Q, AuviQ; Adrenaclick, Symjepi, neffy, Twinject, Anapen, Emerade, Jext), read as med_private.name_folded keeps it (an invisible character inside, "Epi<U+00AD>Pen", does not hide it; a dash of any kind between the parts, "Auvi<U+2013>Q" with an en dash, "Auvi<U+2212>Q" with a minus sign, is a hyphen), lowercased for every letter, its accents removed (NFD, then the combining marks U+0300-U+036F: "Adrénaline", "ÉPINÉPHRINE"); false for null. An epinephrine order (med_api.add_medication_order) and a visit whose intervention names epinephrine (med_api.record_visit, stock epinephrine given without an order) alert the guardians and the supervisor at once. Internal.';
