create function crm_private.check_lots(tenant_id uuid, instrument_class text, lots numeric)
returns void
language plpgsql
stable
set search_path = ''
as $$
declare
    rule crm.lot_sizes;
begin
    if check_lots.lots is null
       or check_lots.lots in ('NaN'::numeric, 'Infinity'::numeric, '-Infinity'::numeric)
       or check_lots.lots <= 0 then
        raise exception 'lots must be a positive finite number, got %', coalesce(check_lots.lots::text, 'null')
            using errcode = '22023';
    end if;
    select *
    into rule
    from crm.lot_sizes as lot_sizes
    where (lot_sizes.tenant_id = check_lots.tenant_id or lot_sizes.tenant_id is null)
      and lot_sizes.instrument_class = check_lots.instrument_class
    order by lot_sizes.tenant_id nulls last
    limit 1;
    if not found then
        raise exception 'no lot size rule for instrument class %', check_lots.instrument_class
            using errcode = '22023', hint = 'crm.lot_sizes needs a row for the class';
    end if;
    if check_lots.lots % rule.lot_step <> 0 then
        raise exception '% lots is not a multiple of the lot step %', check_lots.lots, rule.lot_step
            using errcode = '22023';
    end if;
    if check_lots.lots < rule.min_lots or check_lots.lots > rule.max_lots then
        raise exception '% lots is outside the allowed size of % to % lots', check_lots.lots, rule.min_lots, rule.max_lots
            using errcode = '22023',
                  detail = pg_catalog.format('instrument class %s', check_lots.instrument_class);
    end if;
end
$$;
comment on function crm_private.check_lots(uuid, text, numeric) is 'Checks the size of a new position: finite, positive, a multiple of the class''s lot step and within its minimum and maximum (crm.lot_sizes, the tenant''s row over the default). Raises 22023 otherwise.';
