-- Re-KYC reminders: clients whose identity document expires within 30 days get mailer.kyc_expiring, daily at 06:00.
select core.schedule('crm.kyc_expiry_reminders', '0 6 * * *', 'select crm_private.enqueue_kyc_expiry_reminders()');
