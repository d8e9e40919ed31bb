-- Start from no schedule: every thick:* pg_cron job is removed, then each
-- file of 7_schedule adds its own, so a rebuild leaves exactly these.
select core.unschedule_all();
