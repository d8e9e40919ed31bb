-- Migration 0003: every number of the application tables is finite
--
-- Takes a live database from the previous release's 0_tables/1_junctions to
-- this one's. It runs inside the deploy's transaction, after the code of the
-- previous release was dropped and before the new code is created: use the
-- data schemas only, qualify every name, no begin/commit. Never edit it once
-- applied anywhere (deploy refuses a changed checksum): write a new one.

-- A numeric column holds NaN and, without a declared precision, Infinity and
-- -Infinity, and PostgreSQL ranks NaN above every number: `amount > 0` let
-- NaN and Infinity through, and NaN + NaN = NaN satisfied a withdrawal's
-- split. The API functions refuse such values (22023); the tables now refuse
-- them too, whatever writes to them (23514). Validated: a row already
-- holding such a value stops the deploy, to be mended by hand first.
alter table crm.aml_cases add constraint aml_cases_total_eur_is_finite check (total_eur not in ('NaN', 'Infinity', '-Infinity'));
alter table crm.aml_rules add constraint aml_rules_threshold_eur_is_finite check (threshold_eur not in ('NaN', 'Infinity', '-Infinity'));
alter table crm.deposits add constraint deposits_amount_is_finite check (amount not in ('NaN', 'Infinity', '-Infinity'));
alter table crm.fx_rates add constraint fx_rates_eur_per_unit_is_finite check (eur_per_unit not in ('NaN', 'Infinity', '-Infinity'));
alter table crm.ib_commission_rates add constraint ib_commission_rates_usd_per_lot_is_finite check (usd_per_lot not in ('NaN', 'Infinity', '-Infinity'));
alter table crm.ib_commissions add constraint ib_commissions_lots_is_finite check (lots not in ('NaN', 'Infinity', '-Infinity'));
alter table crm.ib_commissions add constraint ib_commissions_usd_per_lot_is_finite check (usd_per_lot not in ('NaN', 'Infinity', '-Infinity'));
alter table crm.ib_commissions add constraint ib_commissions_amount_is_finite check (amount not in ('NaN', 'Infinity', '-Infinity'));
alter table crm.ib_rate_overrides add constraint ib_rate_overrides_usd_per_lot_is_finite check (usd_per_lot not in ('NaN', 'Infinity', '-Infinity'));
alter table crm.instruments add constraint instruments_contract_size_is_finite check (contract_size not in ('NaN', 'Infinity', '-Infinity'));
alter table crm.ledger_entries add constraint ledger_entries_amount_is_finite check (amount not in ('NaN', 'Infinity', '-Infinity'));
alter table crm.lot_sizes add constraint lot_sizes_lot_step_is_finite check (lot_step not in ('NaN', 'Infinity', '-Infinity'));
alter table crm.lot_sizes add constraint lot_sizes_min_lots_is_finite check (min_lots not in ('NaN', 'Infinity', '-Infinity'));
alter table crm.lot_sizes add constraint lot_sizes_max_lots_is_finite check (max_lots not in ('NaN', 'Infinity', '-Infinity'));
alter table crm.margin_rules add constraint margin_rules_margin_call_level_is_finite check (margin_call_level not in ('NaN', 'Infinity', '-Infinity'));
alter table crm.margin_rules add constraint margin_rules_stop_out_level_is_finite check (stop_out_level not in ('NaN', 'Infinity', '-Infinity'));
alter table crm.positions add constraint positions_lots_is_finite check (lots not in ('NaN', 'Infinity', '-Infinity'));
alter table crm.positions add constraint positions_open_price_is_finite check (open_price not in ('NaN', 'Infinity', '-Infinity'));
alter table crm.positions add constraint positions_margin_is_finite check (margin not in ('NaN', 'Infinity', '-Infinity'));
alter table crm.positions add constraint positions_close_price_is_finite check (close_price not in ('NaN', 'Infinity', '-Infinity'));
alter table crm.positions add constraint positions_realized_pnl_is_finite check (realized_pnl not in ('NaN', 'Infinity', '-Infinity'));
alter table crm.price_tolerances add constraint price_tolerances_max_deviation_is_finite check (max_deviation not in ('NaN', 'Infinity', '-Infinity'));
alter table crm.prices add constraint prices_price_is_finite check (price not in ('NaN', 'Infinity', '-Infinity'));
alter table crm.withdrawals add constraint withdrawals_amount_is_finite check (amount not in ('NaN', 'Infinity', '-Infinity'));
alter table crm.withdrawals add constraint withdrawals_card_refund_amount_is_finite check (card_refund_amount not in ('NaN', 'Infinity', '-Infinity'));
alter table crm.withdrawals add constraint withdrawals_wire_amount_is_finite check (wire_amount not in ('NaN', 'Infinity', '-Infinity'));
alter table hr.contracts add constraint contracts_hourly_rate_is_finite check (hourly_rate not in ('NaN', 'Infinity', '-Infinity'));
alter table hr.job_postings add constraint job_postings_hourly_rate_is_finite check (hourly_rate not in ('NaN', 'Infinity', '-Infinity'));
alter table hr.leave_accrual_rules add constraint leave_accrual_rules_hours_per_hour_worked_is_finite check (hours_per_hour_worked not in ('NaN', 'Infinity', '-Infinity'));
alter table hr.leave_ledger add constraint leave_ledger_hours_is_finite check (hours not in ('NaN', 'Infinity', '-Infinity'));
alter table hr.leave_requests add constraint leave_requests_hours_is_finite check (hours not in ('NaN', 'Infinity', '-Infinity'));
alter table hr.minor_rules add constraint minor_rules_school_day_max_hours_is_finite check (school_day_max_hours not in ('NaN', 'Infinity', '-Infinity'));
alter table hr.minor_rules add constraint minor_rules_school_week_max_hours_is_finite check (school_week_max_hours not in ('NaN', 'Infinity', '-Infinity'));
alter table hr.minor_rules add constraint minor_rules_non_school_day_max_hours_is_finite check (non_school_day_max_hours not in ('NaN', 'Infinity', '-Infinity'));
alter table hr.minor_rules add constraint minor_rules_non_school_week_max_hours_is_finite check (non_school_week_max_hours not in ('NaN', 'Infinity', '-Infinity'));
alter table hr.overtime_rules add constraint overtime_rules_weekly_threshold_hours_is_finite check (weekly_threshold_hours not in ('NaN', 'Infinity', '-Infinity'));
alter table hr.overtime_rules add constraint overtime_rules_multiplier_is_finite check (multiplier not in ('NaN', 'Infinity', '-Infinity'));
alter table hr.pay_rates add constraint pay_rates_hourly_rate_is_finite check (hourly_rate not in ('NaN', 'Infinity', '-Infinity'));
alter table hr.payslips add constraint payslips_regular_hours_is_finite check (regular_hours not in ('NaN', 'Infinity', '-Infinity'));
alter table hr.payslips add constraint payslips_overtime_hours_is_finite check (overtime_hours not in ('NaN', 'Infinity', '-Infinity'));
alter table hr.payslips add constraint payslips_regular_pay_is_finite check (regular_pay not in ('NaN', 'Infinity', '-Infinity'));
alter table hr.payslips add constraint payslips_overtime_pay_is_finite check (overtime_pay not in ('NaN', 'Infinity', '-Infinity'));
alter table hr.payslips add constraint payslips_gross_pay_is_finite check (gross_pay not in ('NaN', 'Infinity', '-Infinity'));
alter table hr.wage_rules add constraint wage_rules_minimum_wage_is_finite check (minimum_wage not in ('NaN', 'Infinity', '-Infinity'));
alter table hr.wage_rules add constraint wage_rules_tip_credit_is_finite check (tip_credit not in ('NaN', 'Infinity', '-Infinity'));
alter table hr.working_time_rules add constraint working_time_rules_min_rest_hours_is_finite check (min_rest_hours not in ('NaN', 'Infinity', '-Infinity'));
alter table hr.working_time_rules add constraint working_time_rules_max_weekly_hours_is_finite check (max_weekly_hours not in ('NaN', 'Infinity', '-Infinity'));
alter table med.visits add constraint visits_temperature_is_finite check (temperature not in ('NaN', 'Infinity', '-Infinity'));
