create function crm_private.money_text(amount numeric)
returns text
language sql
immutable
set search_path = ''
as $$
    select pg_catalog.round(money_text.amount, 2)::text
$$;
comment on function crm_private.money_text(numeric) is 'An amount as job payloads carry it: the exact decimal rounded to cents, as a string ("1234.50"), null for null.';
