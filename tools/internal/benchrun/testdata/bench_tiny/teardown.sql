drop schema bench_tiny cascade;
drop schema tiny cascade;
