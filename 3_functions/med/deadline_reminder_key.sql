create function med_private.deadline_reminder_key(student_id uuid, deadline date)
returns text
language sql
immutable
set search_path = ''
as $$
    select 'deadline-reminder:' || deadline_reminder_key.student_id || ':' || deadline_reminder_key.deadline
$$;
comment on function med_private.deadline_reminder_key(uuid, date) is 'The dedupe key of the deficiency letter that reminds a student''s guardians of a conditional enrollment''s deadline: med_private.enqueue_deadline_letters queues it, and med_api.set_conditional_enrollment queues its letter under it for a deadline within a week, so that each is sent once. Internal.';
