drop schema bench_med cascade;
