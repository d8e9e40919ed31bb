create function core.check_length(value text, what text, max_length int)
returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
    -- measured without the spaces around it, as the API functions store it
    if pg_catalog.char_length(pg_catalog.btrim(check_length.value)) > check_length.max_length then
        raise exception '% of % characters is too long (at most %)',
                        check_length.what, pg_catalog.char_length(pg_catalog.btrim(check_length.value)), check_length.max_length
            using errcode = '22023';
    end if;
end
$$;
comment on function core.check_length(text, text, int) is 'The bound of a free-text argument of an API function: raises 22023 "<what> of N characters is too long (at most max_length)" when value, without the spaces around it, is longer; passes null. Each API function calls it first, for each of its free-text arguments, so a name or a note of any length is refused before anything else is looked at (tests/core/text_limits.sql). Internal: executable by its owner only.';
