create function med_private.notify_guardians(student_id uuid, what text, fields jsonb)
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
    guardian record;
    envelope jsonb;
    queued int := 0;
    student_tenant_id uuid;
    tenant_name text;
begin
    select students.tenant_id, tenants.name
    into student_tenant_id, tenant_name
    from med.students as students
    join core.tenants as tenants on tenants.id = students.tenant_id
    where students.id = notify_guardians.student_id;

    for guardian in select * from med_private.active_guardians(notify_guardians.student_id) loop
        envelope := pg_catalog.jsonb_build_object('app', 'med', 'template', notify_guardians.what,
                                                  'to_name', guardian.full_name, 'tenant_name', tenant_name);
        if guardian.phone is not null then
            perform core.enqueue('sms.' || notify_guardians.what,
                                 notify_guardians.fields || envelope || pg_catalog.jsonb_build_object('to', guardian.phone),
                                 now(), null, student_tenant_id);
            queued := queued + 1;
        end if;
        if guardian.email is not null then
            perform core.enqueue('mailer.' || notify_guardians.what,
                                 notify_guardians.fields || envelope || pg_catalog.jsonb_build_object('to', guardian.email),
                                 now(), null, student_tenant_id);
            queued := queued + 1;
        end if;
    end loop;
    return queued;
end
$$;
comment on function med_private.notify_guardians(uuid, text, jsonb) is 'Queues sms.<what> (to each phone) and mailer.<what> (to each e-mail) for every guardian of the student not under a custody restriction, payload fields plus the envelope (app, template, to, to_name, tenant_name). Returns the number of jobs. Internal.';
