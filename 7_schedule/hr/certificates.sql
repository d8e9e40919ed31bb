-- Every morning: e-mail employees whose certificate expires within 30 days (once per certificate).
select core.schedule('hr.certificate_expiring', '5 6 * * *', 'select hr_private.notify_expiring_certificates(30)');
