-- Conditional enrollment reminders: daily at 14:00 UTC (morning in the
-- Americas), a deficiency letter for every student whose deadline is a week
-- away and who is still not compliant (deduplicated per student and deadline).
select core.schedule('med.deadline_letters', '0 14 * * *', 'select med_private.enqueue_deadline_letters()');
