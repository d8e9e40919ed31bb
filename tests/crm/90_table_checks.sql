-- The CRM tables' check constraints at their boundaries, written straight
-- into the tables: the API functions refuse most of these values first
-- (22023), so no other suite ever hands the boundary itself to a table, yet
-- the table is the last word on a rule whatever writes to it (an API
-- function, a migration, an operator in psql). Each case writes exactly the
-- boundary value into one row that is otherwise valid: a strict bound
-- (x > 0, a < b) refuses it with the message naming the constraint (so that
-- no other constraint can be the one refusing), an inclusive bound (x >= 0,
-- a <= b) accepts it and the row is read back holding it.
--
-- Runs as the test superuser, on the seed's rows. Ordinary triggers (audit,
-- append-only, business rules, the fx rates' margin check) would fire on a
-- direct write and are beside the point here:
-- session_replication_role = replica switches them off, and the foreign-key
-- triggers with them, but never a check constraint.
begin;
select plan(55);

set local session_replication_role = replica;

-- the seed's rows the cases write to
select set_config('t.usd_rate_on',
    (select max(rate_on) from crm.fx_rates where tenant_id is null and currency = 'USD')::text, true);
select set_config('t.account', (select id from crm.accounts order by id limit 1)::text, true);
select set_config('t.deposit', (select id from crm.deposits order by id limit 1)::text, true);
select set_config('t.requested_withdrawal',
    (select id from crm.withdrawals where status = 'requested' order by id limit 1)::text, true);
select set_config('t.approved_withdrawal',
    (select id from crm.withdrawals where status = 'approved' order by id limit 1)::text, true);
select set_config('t.open_position', (select id from crm.positions where closed_at is null order by id limit 1)::text, true);
select set_config('t.closed_position', (select id from crm.positions where closed_at is not null order by id limit 1)::text, true);
select set_config('t.ib_commission', (select id from crm.ib_commissions order by id limit 1)::text, true);

-- aml_rules: threshold_eur > 0, window_length > interval '0'
select throws_ok($$update crm.aml_rules set threshold_eur = 0 where tenant_id is null$$,
    '23514', 'new row for relation "aml_rules" violates check constraint "aml_rules_threshold_is_positive"',
    'an AML threshold of 0 EUR is refused: the threshold is positive');
select throws_ok($$update crm.aml_rules set window_length = interval '0' where tenant_id is null$$,
    '23514', 'new row for relation "aml_rules" violates check constraint "aml_rules_window_is_positive"',
    'an AML window of length 0 is refused: the window is positive');

-- clients: an e-mail holds no white space or invisible character
select throws_ok($$update crm.clients set email = email || U&'\00A0' where email = 'client1@crm.demo'$$,
    '23514', 'new row for relation "clients" violates check constraint "clients_email_is_plausible"',
    'an e-mail with a no-break space is refused by the table too');
select throws_ok($$update crm.clients set email = U&'\200B' || email where email = 'client1@crm.demo'$$,
    '23514', 'new row for relation "clients" violates check constraint "clients_email_is_plausible"',
    'an e-mail with a zero-width space is refused by the table too');

-- fx_rates: eur_per_unit > 0
select throws_ok($$update crm.fx_rates set eur_per_unit = 0
                   where tenant_id is null and currency = 'USD' and rate_on = current_setting('t.usd_rate_on')::date$$,
    '23514', 'new row for relation "fx_rates" violates check constraint "fx_rates_rate_is_positive"',
    'a rate of 0 EUR per unit is refused: a rate is positive');

-- ib_commission_rates: usd_per_lot >= 0
select lives_ok($$update crm.ib_commission_rates set usd_per_lot = 0
                  where tenant_id is null and instrument_class = 'fx_major' and ib_level = 3$$,
    'an IB commission rate of 0 USD per lot is accepted: a rate may be zero');
select is((select usd_per_lot from crm.ib_commission_rates
           where tenant_id is null and instrument_class = 'fx_major' and ib_level = 3),
    0::numeric, '... and the rate now reads 0');

-- commission_rules: min_hold >= interval '0'
select lives_ok($$update crm.commission_rules set min_hold = interval '0' where tenant_id is null$$,
    'a minimum hold of 0 is accepted: every trade may earn commission');
select is((select min_hold from crm.commission_rules where tenant_id is null),
    interval '0', '... and the minimum hold now reads 0');

-- instruments: contract_size > 0
select throws_ok($$update crm.instruments set contract_size = 0 where symbol = 'EURUSD'$$,
    '23514', 'new row for relation "instruments" violates check constraint "instruments_contract_size_is_positive"',
    'a contract size of 0 is refused: a lot holds a positive number of units');

-- leverage_caps: max_leverage > 0
select throws_ok($$update crm.leverage_caps set max_leverage = 0
                   where tenant_id is null and classification = 'retail' and instrument_class = 'fx_major'$$,
    '23514', 'new row for relation "leverage_caps" violates check constraint "leverage_caps_max_leverage_is_positive"',
    'a leverage cap of 0 is refused: a cap is positive');

-- margin_rules: stop_out_level > 0 and stop_out_level < margin_call_level
select throws_ok($$update crm.margin_rules set stop_out_level = 0 where tenant_id is null$$,
    '23514', 'new row for relation "margin_rules" violates check constraint "margin_rules_levels_are_ordered"',
    'a stop-out level of 0 % is refused: the stop-out level is positive');
select throws_ok($$update crm.margin_rules set stop_out_level = margin_call_level where tenant_id is null$$,
    '23514', 'new row for relation "margin_rules" violates check constraint "margin_rules_levels_are_ordered"',
    'a stop-out level equal to the margin call level is refused: stop-out lies strictly below the margin call');

-- prices: price > 0
select throws_ok($$update crm.prices set price = 0 where id = (select min(id) from crm.prices)$$,
    '23514', 'new row for relation "prices" violates check constraint "prices_price_is_positive"',
    'a mark price of 0 is refused: a price is positive');

-- price_tolerances: max_deviation > 0 and max_deviation < 0.5
select throws_ok($$update crm.price_tolerances set max_deviation = 0 where tenant_id is null and instrument_class = 'fx_major'$$,
    '23514', 'new row for relation "price_tolerances" violates check constraint "price_tolerances_deviation_in_range"',
    'a price tolerance of 0 is refused: the band has a positive width');
select throws_ok($$update crm.price_tolerances set max_deviation = 0.5 where tenant_id is null and instrument_class = 'gold'$$,
    '23514', 'new row for relation "price_tolerances" violates check constraint "price_tolerances_deviation_in_range"',
    'a price tolerance of 0.5 is refused: a fill lies strictly less than half the mark away from it');

-- price_tolerances: max_tick_move > 0 and max_tick_move < 1
select throws_ok($$update crm.price_tolerances set max_tick_move = 0 where tenant_id is null and instrument_class = 'fx_major'$$,
    '23514', 'new row for relation "price_tolerances" violates check constraint "price_tolerances_tick_move_in_range"',
    'a tick move of 0 is refused: the feed may move the mark');
select throws_ok($$update crm.price_tolerances set max_tick_move = 1 where tenant_id is null and instrument_class = 'crypto'$$,
    '23514', 'new row for relation "price_tolerances" violates check constraint "price_tolerances_tick_move_in_range"',
    'a tick move of 1 is refused: a tick never takes the mark to zero');
-- lot_sizes: lot_step > 0, min_lots >= lot_step and max_lots >= min_lots
select throws_ok($$update crm.lot_sizes set lot_step = 0 where tenant_id is null and instrument_class = 'fx_major'$$,
    '23514', 'new row for relation "lot_sizes" violates check constraint "lot_sizes_step_is_positive"',
    'a lot step of 0 is refused: the step is positive');
select lives_ok($$update crm.lot_sizes set lot_step = 0.02, min_lots = 0.02 where tenant_id is null and instrument_class = 'gold'$$,
    'a minimum of exactly one lot step is accepted: the smallest position may be a single step');
select is((select array[lot_step, min_lots, max_lots] from crm.lot_sizes where tenant_id is null and instrument_class = 'gold'),
    array[0.02, 0.02, 20]::numeric[], '... and the gold lot sizes now read step 0.02, 0.02 to 20 lots');
select lives_ok($$update crm.lot_sizes set min_lots = 0.05, max_lots = 0.05 where tenant_id is null and instrument_class = 'crypto'$$,
    'a maximum equal to the minimum is accepted: a class may allow one size only');
select is((select array[lot_step, min_lots, max_lots] from crm.lot_sizes where tenant_id is null and instrument_class = 'crypto'),
    array[0.01, 0.05, 0.05]::numeric[], '... and the crypto lot sizes now read step 0.01, 0.05 to 0.05 lots');
-- and both bounds are whole steps, or the smallest size could never be opened
select throws_ok($$update crm.lot_sizes set min_lots = 0.03 where tenant_id is null and instrument_class = 'gold'$$,
    '23514', 'new row for relation "lot_sizes" violates check constraint "lot_sizes_bounds_are_steps"',
    'a minimum of 0.03 lots with a step of 0.02 is refused: no position of 0.03 lots can be opened');
select throws_ok($$update crm.lot_sizes set max_lots = 19.99 where tenant_id is null and instrument_class = 'gold'$$,
    '23514', 'new row for relation "lot_sizes" violates check constraint "lot_sizes_bounds_are_steps"',
    'a maximum of 19.99 lots with a step of 0.02 is refused likewise');
select lives_ok($$update crm.lot_sizes set min_lots = 0.04, max_lots = 19.98 where tenant_id is null and instrument_class = 'gold'$$,
    'bounds of whole steps (0.04 and 19.98 lots, step 0.02) are accepted (control)');

-- accounts: leverage > 0
select throws_ok($$update crm.accounts set leverage = 0 where id = current_setting('t.account')::uuid$$,
    '23514', 'new row for relation "accounts" violates check constraint "accounts_leverage_is_positive"',
    'an account leverage of 0 is refused: leverage is positive');

-- deposits: amount > 0
select throws_ok($$update crm.deposits set amount = 0 where id = current_setting('t.deposit')::uuid$$,
    '23514', 'new row for relation "deposits" violates check constraint "deposits_amount_is_positive"',
    'a deposit of 0 is refused: a deposit brings a positive amount');

-- withdrawals: amount > 0; an approved payout splits it into card_refund_amount >= 0 and wire_amount >= 0
select throws_ok($$update crm.withdrawals set amount = 0 where id = current_setting('t.requested_withdrawal')::uuid$$,
    '23514', 'new row for relation "withdrawals" violates check constraint "withdrawals_amount_is_positive"',
    'a withdrawal of 0 is refused: a withdrawal takes a positive amount');
select lives_ok($$update crm.withdrawals set card_refund_amount = 0, wire_amount = amount
                  where id = current_setting('t.approved_withdrawal')::uuid$$,
    'an approved payout with no card refund is accepted: all of it may go by wire');
select is((select array[card_refund_amount, wire_amount - amount] from crm.withdrawals
           where id = current_setting('t.approved_withdrawal')::uuid),
    array[0, 0]::numeric[], '... and the payout now reads no card refund, the whole amount by wire');
select lives_ok($$update crm.withdrawals set card_refund_amount = amount, wire_amount = 0
                  where id = current_setting('t.approved_withdrawal')::uuid$$,
    'an approved payout with no wire is accepted: all of it may go back to the cards');
select is((select array[card_refund_amount - amount, wire_amount] from crm.withdrawals
           where id = current_setting('t.approved_withdrawal')::uuid),
    array[0, 0]::numeric[], '... and the payout now reads the whole amount to the cards, no wire');

-- positions: lots, open_price, leverage, margin and close_price > 0
select throws_ok($$update crm.positions set lots = 0 where id = current_setting('t.open_position')::uuid$$,
    '23514', 'new row for relation "positions" violates check constraint "positions_lots_are_positive"',
    'a position of 0 lots is refused: a position has a positive size');
select throws_ok($$update crm.positions set open_price = 0 where id = current_setting('t.open_position')::uuid$$,
    '23514', 'new row for relation "positions" violates check constraint "positions_open_price_is_positive"',
    'an open price of 0 is refused: a fill price is positive');
select throws_ok($$update crm.positions set leverage = 0 where id = current_setting('t.open_position')::uuid$$,
    '23514', 'new row for relation "positions" violates check constraint "positions_leverage_is_positive"',
    'a position leverage of 0 is refused: leverage is positive');
select throws_ok($$update crm.positions set margin = 0 where id = current_setting('t.open_position')::uuid$$,
    '23514', 'new row for relation "positions" violates check constraint "positions_margin_is_positive"',
    'a margin of 0 is refused: an open position holds a positive margin');
select throws_ok($$update crm.positions set close_price = 0 where id = current_setting('t.closed_position')::uuid$$,
    '23514', 'new row for relation "positions" violates check constraint "positions_close_price_is_positive"',
    'a close price of 0 is refused: a fill price is positive');

-- ib_commissions: lots > 0
select throws_ok($$update crm.ib_commissions set lots = 0 where id = current_setting('t.ib_commission')::uuid$$,
    '23514', 'new row for relation "ib_commissions" violates check constraint "ib_commissions_lots_are_positive"',
    'a commission on 0 lots is refused: a commission is earned on a positive size');

-- the required texts: some character that is not white space (a tab, a
-- line break and a no-break space are white space, not only the space);
-- positive control: one visible character is enough
select throws_ok($$update crm.clients set full_name = E'\t\n' || U&'\00A0' where id = (select id from crm.clients order by id limit 1)$$,
    '23514', 'new row for relation "clients" violates check constraint "clients_full_name_not_blank"',
    'a full name of tabs, line breaks and no-break spaces is refused');
select lives_ok($$update crm.clients set full_name = E'\tX\n' where id = (select id from crm.clients order by id limit 1)$$,
    'a full name with one visible character among white space is accepted');
select throws_ok($$update crm.kyc_documents set file_name = E'\r\n' || U&'\3000' where id = (select id from crm.kyc_documents order by id limit 1)$$,
    '23514', 'new row for relation "kyc_documents" violates check constraint "kyc_documents_file_name_not_blank"',
    'a file name of line breaks and an ideographic space is refused');
select throws_ok($$update crm.deposits set provider_ref = E'\t' || U&'\2003' where id = current_setting('t.deposit')::uuid$$,
    '23514', 'new row for relation "deposits" violates check constraint "deposits_provider_ref_not_blank"',
    'a provider reference of a tab and an em space is refused');
select throws_ok($$insert into crm.classification_changes (tenant_id, client_id, from_classification, to_classification, evidence, approved_by)
                   select clients.tenant_id, clients.id, 'retail', 'professional', E'\t\n' || U&'\00A0', (select id from core.users where email = 'compliance@crm.demo')
                   from crm.clients as clients order by clients.id limit 1$$,
    '23514', 'new row for relation "classification_changes" violates check constraint "classification_changes_professional_needs_evidence"',
    'professional evidence of tabs, line breaks and no-break spaces is refused');

-- and what core.has_text counts as none beyond white space: the invisible
-- characters (a soft hyphen, a zero-width space, a word joiner) and those
-- drawn as nothing (the blank Braille pattern): a name of them only is no
-- name at the table either, whatever writes it
select throws_ok($$update crm.clients set full_name = U&'\00AD' where id = (select id from crm.clients order by id limit 1)$$,
    '23514', 'new row for relation "clients" violates check constraint "clients_full_name_not_blank"',
    'a full name of a soft hyphen is refused');
select throws_ok($$update crm.kyc_documents set file_name = U&'\2800' where id = (select id from crm.kyc_documents order by id limit 1)$$,
    '23514', 'new row for relation "kyc_documents" violates check constraint "kyc_documents_file_name_not_blank"',
    'a file name of a blank Braille pattern is refused');
select throws_ok($$update crm.desks set name = U&'\200B' where id = (select id from crm.desks order by id limit 1)$$,
    '23514', 'new row for relation "desks" violates check constraint "desks_name_not_blank"',
    'a desk''s name of a zero-width space is refused');
select throws_ok($$update crm.desks set name = E'\t' where id = (select id from crm.desks order by id limit 1)$$,
    '23514', 'new row for relation "desks" violates check constraint "desks_name_not_blank"',
    'a desk''s name of a tab is refused');
select throws_ok($$update crm.leverage_caps set legal_basis = U&'\2060\+01D159'
                   where tenant_id is null and classification = 'retail' and instrument_class = 'crypto'$$,
    '23514', 'new row for relation "leverage_caps" violates check constraint "leverage_caps_legal_basis_not_blank"',
    'a legal basis of a word joiner and a musical null notehead is refused');
select throws_ok($$update crm.deposits set provider_ref = U&'\00AD\2800' where id = current_setting('t.deposit')::uuid$$,
    '23514', 'new row for relation "deposits" violates check constraint "deposits_provider_ref_not_blank"',
    'a provider reference of a soft hyphen and a blank Braille pattern is refused');
select throws_ok($$insert into crm.classification_changes (tenant_id, client_id, from_classification, to_classification, evidence, approved_by)
                   select clients.tenant_id, clients.id, 'retail', 'professional', U&'\00AD\200B', (select id from core.users where email = 'compliance@crm.demo')
                   from crm.clients as clients order by clients.id limit 1$$,
    '23514', 'new row for relation "classification_changes" violates check constraint "classification_changes_professional_needs_evidence"',
    'professional evidence of a soft hyphen and a zero-width space is refused');
select lives_ok($$update crm.desks set name = U&'Main\00ADdesk' where id = (select id from crm.desks order by id limit 1)$$,
    'a desk''s name that shows, a soft hyphen inside it, is accepted (control)');

-- deposits: the provider's reference holds no invisible character (as
-- record_deposit says): the seeded reference plus a zero-width space was a
-- second deposit beside the first under (tenant_id, provider_ref)
select throws_ok($$insert into crm.deposits (tenant_id, account_id, amount, currency, method, provider_ref)
                   select tenant_id, account_id, amount, currency, method, provider_ref || U&'\200B'
                   from crm.deposits where id = current_setting('t.deposit')::uuid$$,
    '23514', 'new row for relation "deposits" violates check constraint "deposits_provider_ref_without_invisible"',
    'a second deposit under the first one''s reference plus a zero-width space is refused');
select throws_ok($$update crm.deposits set provider_ref = 'PSP' || U&'\+0E0041' || '-1' where id = current_setting('t.deposit')::uuid$$,
    '23514', 'new row for relation "deposits" violates check constraint "deposits_provider_ref_without_invisible"',
    'a reference holding a tag character is refused');
select lives_ok($$update crm.deposits set provider_ref = 'PSP 2026/0001-é' where id = current_setting('t.deposit')::uuid$$,
    'a reference of letters, digits, a space inside and punctuation is accepted (control)');

select * from finish();
rollback;
