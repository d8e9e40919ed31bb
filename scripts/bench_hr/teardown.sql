drop schema bench_hr cascade;
