create function med_private.name_folded(value text)
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
    -- a name as med_private.single_spaced keeps it, then:
    -- 1. the apostrophes (U+2019 and U+2018 of a phone's smart punctuation,
    --    U+02BC, U+2032, U+FF07) made ', the hyphens and dashes (U+2010 to
    --    U+2015, U+2212 minus, U+FE58, U+FE63, U+FF0D) made -, and the
    --    Turkish dotted capital I (U+0130) and dotless i (U+0131) made i;
    -- 2. lowercased for every letter, not A-Z only: the database has no
    --    locale (ctype C, whose lower() folds ASCII only), so the ICU root
    --    collation "und-x-icu" (always there in PostgreSQL 15 built with ICU,
    --    as Debian's is; 00_structure checks it) does it ("CHLOË" = "chloë",
    --    Greek final sigma included);
    -- 3. the sharp s (ß, and ẞ lowercased to it) made ss ("WEISS" = "Weiß")
    select pg_catalog.replace(
               pg_catalog.lower(
                   pg_catalog.translate(
                       med_private.single_spaced(name_folded.value),
                       E'\u2019\u2018\u02bc\u2032\uff07\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u0130\u0131',
                       E'\'\'\'\'\'----------ii')
                   collate pg_catalog."und-x-icu"),
               E'\u00df', 'ss')
$$;
comment on function med_private.name_folded(text) is 'A name as it is compared (med_private.person_key, med_private.drug_key, med_private.names_epinephrine): med_private.single_spaced (invisible characters removed, NFKC, white space made single spaces, trimmed), then the typographic apostrophes (U+2019, U+2018, U+02BC, U+2032, U+FF07) made '', the hyphens and dashes (U+2010-U+2015, U+2212, U+FE58, U+FE63, U+FF0D) made -, the Turkish İ and ı made i, lowercased for every letter by the ICU root collation "und-x-icu" (the database has no locale, where lower() folds A-Z only), and ß made ss: "JÜRGEN MÜLLER" = "Jürgen Müller", "ZOË WEISS" = "Zoë Weiß", "IBRAHIM YILMAZ" = "Ibrahim Yılmaz", "Sean O<U+2019>Brien<U+2010>Hale" = "sean o''brien-hale". Accents are kept ("Müller" and "Muller" differ). Internal.';
