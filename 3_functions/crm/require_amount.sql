create function crm_private.require_amount(amount numeric, what text)
returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
    if require_amount.amount is null
       or require_amount.amount in ('NaN'::numeric, 'Infinity'::numeric, '-Infinity'::numeric) then
        raise exception '% amount must be a finite number, got %', require_amount.what, coalesce(require_amount.amount::text, 'null')
            using errcode = '22023';
    end if;
    if require_amount.amount <= 0 then
        raise exception '% amount must be positive, got %', require_amount.what, require_amount.amount
            using errcode = '22023';
    end if;
    -- no payment is a trillion: a number past it is a typo or an attack, and
    -- every sum of the ledger, the AML window and the reports would carry it
    if require_amount.amount > 1000000000000 then
        raise exception '% amount % is beyond any payment (at most 1,000,000,000,000)', require_amount.what, require_amount.amount
            using errcode = '22023';
    end if;
    if require_amount.amount <> pg_catalog.round(require_amount.amount, 2) then
        raise exception '% amount % has more than two decimals', require_amount.what, require_amount.amount
            using errcode = '22023';
    end if;
end
$$;
comment on function crm_private.require_amount(numeric, text) is 'Checks a money amount of a request (what: deposit, withdrawal): finite (not NaN or infinite), positive, at most 1,000,000,000,000 and in cents; raises 22023 otherwise, before anything is written.';
