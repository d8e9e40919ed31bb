-- The refusals of the CRM's internal functions (crm_private), which no API
-- role may execute: the API functions call them only with rows they have
-- just found and with rule tables the build fills, so no API path hands
-- them a missing row. They are still the last word whatever calls them (a
-- job, a migration, an operator in psql, the next API function), so each
-- is called here directly, as the test superuser, with what it must refuse:
-- an id of no row, entries that are not a balanced array, and an
-- instrument class whose price tolerance or lot size rule was deleted.
begin;
select plan(11);

select set_config('t.demo', (select id from core.tenants where app = 'crm' and name = 'Demo Brokerage')::text, true);
select set_config('t.none', gen_random_uuid()::text, true);

-- an id of no row: PT404 naming it, never a null result, nor another
-- function's error further on (create_user's unknown tenant is PT404 too)
select throws_ok($$select crm_private.client_mail(current_setting('t.none')::uuid, 'kyc_approved')$$,
                 'PT404', format('client %s not found', current_setting('t.none')), 'client_mail of no client is PT404');
select throws_ok($$select crm_private.check_aml(current_setting('t.none')::uuid)$$,
                 'PT404', format('client %s not found', current_setting('t.none')), 'check_aml of no client is PT404');
select throws_ok($$select crm_private.grant_client_login(current_setting('t.none')::uuid, 'a long enough password')$$,
                 'PT404', format('client %s not found', current_setting('t.none')), 'grant_client_login of no client is PT404');
select throws_ok($$select * from crm_private.account_state(current_setting('t.none')::uuid)$$,
                 'PT404', format('account %s not found', current_setting('t.none')), 'account_state of no account is PT404');
select throws_ok($$select crm_private.accrue_ib_commission(current_setting('t.none')::uuid)$$,
                 'PT404', format('position %s not found', current_setting('t.none')), 'accrue_ib_commission of no position is PT404');

-- ledger entries: a json array whose legs sum to zero per currency; the
-- ledger's own trigger refuses unbalanced legs with 23514 too, so the
-- message tells which refused them
select throws_ok($$select crm_private.post_ledger(current_setting('t.demo')::uuid, 'deposit', gen_random_uuid(), '{"currency": "EUR", "amount": 1}')$$,
                 '22023', 'ledger entries must be a json array', 'post_ledger refuses entries that are not an array (22023)');
select throws_ok($$select crm_private.post_ledger(current_setting('t.demo')::uuid, 'deposit', gen_random_uuid(), null)$$,
                 '22023', 'ledger entries must be a json array', 'post_ledger refuses no entries (22023)');
select throws_ok($$select crm_private.post_ledger(current_setting('t.demo')::uuid, 'deposit', current_setting('t.none')::uuid,
                   jsonb_build_array(jsonb_build_object('house_account', 'client_funds', 'currency', 'EUR', 'amount', 10),
                                     jsonb_build_object('house_account', 'bank', 'currency', 'EUR', 'amount', -9.99)))$$,
                 '23514', format('ledger entries of deposit %s do not sum to zero', current_setting('t.none')),
                 'post_ledger refuses legs that do not sum to zero (23514)');

-- a class without its rule: the trade is refused, never let through by a
-- comparison with null (the deletions are rolled back with the rest)
delete from crm.price_tolerances where instrument_class = 'fx_major';
select throws_ok($$select crm_private.check_fill_price(current_setting('t.demo')::uuid, 'EURUSD', 'buy',
                                                      crm_private.latest_price(current_setting('t.demo')::uuid, 'EURUSD'))$$,
                 'P0001', 'no price tolerance for instrument class fx_major',
                 'a fill of a class without a price tolerance is refused (P0001), even at the mark');
delete from crm.lot_sizes where instrument_class = 'fx_major';
select throws_ok($$select crm_private.check_lots(current_setting('t.demo')::uuid, 'fx_major', 1)$$,
                 '22023', 'no lot size rule for instrument class fx_major',
                 'a size of a class without a lot size rule is refused (22023)');
select lives_ok($$select crm_private.check_lots(current_setting('t.demo')::uuid, 'fx_minor', 1)$$,
                'while a class with its rule takes the same size (control)');

select * from finish();
rollback;
