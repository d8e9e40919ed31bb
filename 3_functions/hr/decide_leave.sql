create function hr_api.decide_leave(leave_id uuid, approve boolean)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    request hr.leave_requests;
    employee hr.employees;
begin
    if not exists (select from hr_private.leave_requests as requests where requests.id = decide_leave.leave_id) then
        raise exception 'leave request % not found', coalesce(decide_leave.leave_id::text, 'null')
            using errcode = 'PT404';
    end if;
    select * into request from hr.leave_requests as requests where requests.id = decide_leave.leave_id for update;
    select * into employee from hr.employees as employees where employees.id = request.employee_id for update;
    perform hr_private.require_department(employee.department_id);
    if employee.user_id = core.current_user_id() then
        raise exception 'nobody may decide their own leave request'
            using errcode = '42501',
                  hint = 'another manager or an admin decides it';
    end if;
    if decide_leave.approve is null then
        raise exception 'approve must be true or false'
            using errcode = '22023';
    end if;
    if request.status <> 'pending' then
        raise exception 'leave request % is already %', request.id, request.status
            using errcode = 'PT409';
    end if;
    -- a termination recorded after the request: no leave past it
    if decide_leave.approve and (request.starts_on < employee.hired_on or request.ends_on > employee.terminated_on) then
        raise exception '% is not employed on every day from % to %', employee.full_name, request.starts_on, request.ends_on
            using errcode = 'P0001',
                  detail = pg_catalog.format('hired on %s, terminated on %s', employee.hired_on, coalesce(employee.terminated_on::text, '-')),
                  hint = 'reject the request';
    end if;
    if decide_leave.approve and request.hours > hr_private.leave_balance(employee.id, request.kind) then
        raise exception '% h of % exceed the balance of % h', request.hours, request.kind, hr_private.leave_balance(employee.id, request.kind)
            using errcode = 'P0001';
    end if;
    -- the employee's shifts yet to start on the leave's days are cancelled
    -- or given to someone else first (check_shift refuses new ones)
    if decide_leave.approve and exists (
        select
        from hr.shifts as shifts
        where shifts.employee_id = employee.id
          and shifts.status = 'scheduled'
          and shifts.starts_at > now()
          and hr_private.local_date(shifts.starts_at, shifts.hotel_id) <= request.ends_on
          and hr_private.local_date(shifts.ends_at - interval '1 microsecond', shifts.hotel_id) >= request.starts_on
    ) then
        raise exception '% has shifts scheduled during the leave', employee.full_name
            using errcode = 'P0001',
                  hint = 'cancel those shifts or have them swapped, then approve';
    end if;

    update hr.leave_requests as requests
    set status = case when decide_leave.approve then 'approved' else 'rejected' end,
        decided_by = core.current_user_id(),
        decided_at = now()
    where requests.id = request.id;
    if decide_leave.approve then
        insert into hr.leave_ledger (tenant_id, employee_id, kind, hours, reason, leave_request_id)
        values (request.tenant_id, employee.id, request.kind, -request.hours, 'leave', request.id);
    end if;

    perform core.enqueue('mailer.leave_decided',
        pg_catalog.jsonb_build_object(
            'app', 'hr',
            'template', 'leave_decided',
            'to', employee.email,
            'to_name', employee.full_name,
            'tenant_name', (select tenants.name from core.tenants as tenants where tenants.id = request.tenant_id),
            'leave_id', request.id,
            'employee_name', employee.full_name,
            'starts_on', request.starts_on,
            'ends_on', request.ends_on,
            'kind', request.kind,
            'approved', decide_leave.approve),
        tenant_id => request.tenant_id);
end
$$;
comment on function hr_api.decide_leave(uuid, boolean) is 'Approves or rejects a pending leave request; approval books the hours off the balance. The manager of the requester''s department or an admin, never for their own request. Queues mailer.leave_decided to the employee. Raises PT404 for an invisible request, 42501 for another role or department or one''s own request, 22023 for a null decision, PT409 when already decided, P0001 when approval exceeds the balance, the leave has a day outside the employment (a termination date recorded after the request) or the employee has shifts yet to start on the leave''s days (cancel or swap them first; hr_private.check_shift refuses new ones). Security definer (search_path '''').';
