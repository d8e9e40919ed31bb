-- Monthly statement PDFs: on the 1st at 05:00, one pdfgen.monthly_statement
-- job per account for the month just ended (deduplicated, so a re-run is harmless).
select core.schedule('crm.monthly_statements', '0 5 1 * *', 'select crm_private.enqueue_monthly_statements()');
