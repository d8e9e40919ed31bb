create function hr_api.post_job(department_id uuid, position_id uuid, title text, hourly_rate numeric)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    target record;
    new_job_id uuid;
begin
    -- the title is shown to anyone on the public job board
    perform core.check_text(post_job.title, 'a job title', 200);
    select * into target from hr_private.visible_position(post_job.position_id);
    if target.department_id is distinct from post_job.department_id then
        raise exception 'position % is not in department %', post_job.position_id, coalesce(post_job.department_id::text, 'null')
            using errcode = '22023';
    end if;
    perform hr_private.require_department(target.department_id);
    if not core.has_text(post_job.title) then
        raise exception 'a job posting needs a title'
            using errcode = '22023';
    end if;
    perform hr_private.require_rate(post_job.hourly_rate, target.hotel_id,
        (select positions.is_tipped from hr.positions as positions where positions.id = target.id),
        hr_private.local_date(now(), target.hotel_id));
    insert into hr.job_postings (tenant_id, department_id, position_id, title, hourly_rate, posted_by)
    values (target.tenant_id, target.department_id, target.id, pg_catalog.btrim(post_job.title), post_job.hourly_rate, core.current_user_id())
    returning job_postings.id into new_job_id;
    return new_job_id;
end
$$;
comment on function hr_api.post_job(uuid, uuid, text, numeric) is 'Posts an open job in a department for one of its positions at an advertised hourly rate; returns the posting id. Managers in their department, admins. Raises PT404 for an invisible position, 22023 for a position of another department, a blank title (white space or invisible characters only, core.has_text) or one over 200 characters or a malformed rate, 42501 for another department, P0001 for a rate below the minimum wage (less the tip credit for a tipped position). Security definer (search_path '''').';
