create function med_private.alert_emergency(student_id uuid, reason text, visit_id uuid, dose_id uuid, complaint text, at timestamptz)
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
    fields jsonb;
    queued int;
begin
    select pg_catalog.jsonb_build_object(
               'visit_id', alert_emergency.visit_id,
               'dose_id', alert_emergency.dose_id,
               'student_id', students.id,
               'student_name', students.first_name || ' ' || students.last_name,
               'school_name', schools.name,
               'complaint', alert_emergency.complaint,
               'reason', alert_emergency.reason,
               'at', pg_catalog.to_char(alert_emergency.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
               'local_time', pg_catalog.to_char(alert_emergency.at at time zone schools.time_zone, 'YYYY-MM-DD HH24:MI'))
    into fields
    from med.students as students
    join med.schools as schools on schools.id = students.school_id
    where students.id = alert_emergency.student_id;
    queued := med_private.notify_guardians(alert_emergency.student_id, 'ems_alert', fields);
    queued := queued + med_private.notify_supervisors(alert_emergency.student_id, 'ems_alert', fields);
    return queued;
end
$$;
comment on function med_private.alert_emergency(uuid, text, uuid, uuid, text, timestamptz) is 'An emergency (reason ems: a visit with disposition ems; reason epinephrine: an epinephrine dose): queues sms.ems_alert and mailer.ems_alert to the guardians and mailer.ems_alert to the supervisors at once. Internal.';
