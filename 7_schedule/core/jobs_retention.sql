select core.schedule('core.purge_jobs', '17 3 * * *', 'select core.purge_jobs(interval ''7 days'')');
