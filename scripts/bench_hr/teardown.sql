-- The bench's own scheduling horizon goes (setup.sql), then its schema.
delete from hr.scheduling_rules where id in (select horizon.rule_id from bench_hr.horizon as horizon);
drop schema bench_hr cascade;
