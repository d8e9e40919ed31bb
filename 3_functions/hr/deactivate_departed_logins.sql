create function hr_private.deactivate_departed_logins()
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
    deactivated int;
begin
    -- the employment is over once its last day is over in the hotel's zone;
    -- the identity helpers (current_employee_id and acting_role, which every
    -- role check reads) already grant nothing from that local midnight, so a
    -- late run (every 5 minutes) leaves no right behind, only a login that
    -- cannot be used for hotel HR
    update core.users as users
    set is_active = false
    from hr.employees as employees
    join hr.hotels as hotels on hotels.id = employees.hotel_id
    where users.id = employees.user_id
      and users.is_active
      and employees.terminated_on < (now() at time zone hotels.time_zone)::date;
    get diagnostics deactivated = row_count;
    return deactivated;
end
$$;
comment on function hr_private.deactivate_departed_logins() is 'Deactivates (core.users.is_active = false) the login of every employee whose last day (terminated_on) is over in their hotel''s zone, so no token, earlier ones included, grants anything and hr_api.login refuses it (42501). Returns how many logins it deactivated; a re-run deactivates nothing more. Run every 5 minutes by pg_cron (7_schedule/hr/departed_logins.sql), so a login goes within 5 minutes after the local midnight; the rights end at that midnight already, whatever the schedule (hr_private.current_employee_id() and hr_private.acting_role() find no one for a former employee, so a former manager, admin or payroll officer reaches nothing before the sweep runs, even if it is late or stopped); hr_api.terminate_employee deactivates at once a login whose last day is already over. No API role may call it.';
