create function core.check_text(value text, what text, max_length int)
returns void
language plpgsql
immutable
set search_path = ''
as $$
declare
    control text := pg_catalog.substring(check_text.value, '[\u0001-\u0008\u000e-\u001f\u007f-\u009f]');
begin
    -- measured without the spaces around it, as the API functions store it
    if pg_catalog.char_length(pg_catalog.btrim(check_text.value)) > check_text.max_length then
        raise exception '% of % characters is too long (at most %)',
                        check_text.what, pg_catalog.char_length(pg_catalog.btrim(check_text.value)), check_text.max_length
            using errcode = '22023';
    end if;
    -- an escape sequence in a name would reach the terminal of whoever
    -- selects it in psql; white space (tab, line break, form feed) is the
    -- caller's to trim or keep
    if control is not null then
        raise exception '% holds a control character (U+%)', check_text.what, pg_catalog.upper(pg_catalog.lpad(pg_catalog.to_hex(pg_catalog.ascii(control)), 4, '0'))
            using errcode = '22023',
                  hint = 'send the text without control characters';
    end if;
end
$$;
comment on function core.check_text(text, text, int) is 'The bound of a free-text argument of an API function: raises 22023 "<what> of N characters is too long (at most max_length)" when value, without the spaces around it, is longer, and 22023 "<what> holds a control character (U+XXXX)" for a C0 or C1 control character other than white space (tab, line feed, vertical tab, form feed and carriage return pass); passes null. Each API function calls it first, for each of its free-text arguments, so such a text is refused before anything else is looked at (tests/core/text_limits.sql). Internal: executable by its owner only.';
