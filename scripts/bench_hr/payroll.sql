-- One payroll run of Harbor View over two finished workweeks as payroll calls it (every punch cut at local midnights, rates in force, weekly overtime, one payslip per employee); rolled back so that it can run again.
-- bench: once
begin;
select set_config('request.jwt.claims', p.claims, true),
       set_config('bench.hotel_id', p.hotel_id::text, true),
       set_config('bench.period_start', p.period_start::text, true),
       set_config('bench.period_end', p.period_end::text, true)
from bench_hr.payroll as p;
set local role hr_payroll;
select hr_api.run_payroll(current_setting('bench.hotel_id')::uuid, current_setting('bench.period_start')::date,
                          current_setting('bench.period_end')::date);
rollback;
