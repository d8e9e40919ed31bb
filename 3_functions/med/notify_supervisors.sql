create function med_private.notify_supervisors(student_id uuid, what text, fields jsonb)
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
    supervisor record;
    queued int := 0;
begin
    for supervisor in
        select users.email, users.full_name, tenants.name as tenant_name, tenants.id as tenant_id
        from med.students as students
        join core.tenants as tenants on tenants.id = students.tenant_id
        join core.users as users on users.tenant_id = students.tenant_id
        where students.id = notify_supervisors.student_id
          and users.role = 'med_supervisor'
          and users.is_active
        order by users.email
    loop
        perform core.enqueue('mailer.' || notify_supervisors.what,
                             notify_supervisors.fields || pg_catalog.jsonb_build_object(
                                 'app', 'med', 'template', notify_supervisors.what, 'to', supervisor.email,
                                 'to_name', supervisor.full_name, 'tenant_name', supervisor.tenant_name),
                             now(), null, supervisor.tenant_id);
        queued := queued + 1;
    end loop;
    return queued;
end
$$;
comment on function med_private.notify_supervisors(uuid, text, jsonb) is 'Queues mailer.<what> to every active supervisor of the student''s district, payload fields plus the envelope. Returns the number of jobs. Internal.';
