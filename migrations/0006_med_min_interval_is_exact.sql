-- Migration 0006: med min interval is exact
--
-- Takes a live database from the previous release's 0_tables/1_junctions to
-- this one's. It runs inside the deploy's transaction, after the code of the
-- previous release was dropped and before the new code is created: use the
-- data schemas only, qualify every name, no begin/commit. Never edit it once
-- applied anywhere (deploy refuses a changed checksum): write a new one.

-- med.medication_orders.min_interval: add_medication_order compared it with
-- 5 minutes..7 days counting a month as 30 days, while administer_medication
-- adds it to a dose's time by the calendar, so '1 mon -29 days' (a day, as
-- judged) reached back in time from a date in February and spaced no dose.
-- Every interval is now kept as the exact duration it was judged as (a month
-- 30 days, a day 24 hours), and the table holds nothing else.
update med.medication_orders
set min_interval = pg_catalog.make_interval(secs => pg_catalog.date_part('epoch', min_interval))
where min_interval is not null
  and (pg_catalog.date_part('year', min_interval) <> 0
       or pg_catalog.date_part('month', min_interval) <> 0
       or pg_catalog.date_part('day', min_interval) <> 0);
alter table med.medication_orders
    add constraint medication_orders_min_interval_is_exact check (
        date_part('year', min_interval) = 0 and date_part('month', min_interval) = 0 and date_part('day', min_interval) = 0);
comment on column med.medication_orders.min_interval is 'The least time between two doses of the drug (med_api.administer_medication), as an exact duration: hours, minutes and seconds only (1 day is 24:00:00), never a calendar month or day, whose length varies.';
