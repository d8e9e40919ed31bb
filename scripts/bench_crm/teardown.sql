drop schema bench_crm cascade;
