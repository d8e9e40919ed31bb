-- Every 5 minutes: deactivate the logins of employees whose last day is over in their hotel's zone.
select core.schedule('hr.deactivate_departed_logins', '*/5 * * * *', 'select hr_private.deactivate_departed_logins()');
