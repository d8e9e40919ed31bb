create function hr_private.current_hotel_ids()
returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
    -- the role once: acting_role() looks the caller's employment up
    case hr_private.acting_role()
        when 'hr_employee', 'hr_manager' then
            return array[hr_private.current_hotel_id()];
        when 'hr_admin', 'hr_payroll' then
            return array(select hotels.id from hr.hotels as hotels where hotels.tenant_id = core.current_tenant_id());
        else
            return '{}'::uuid[];
    end case;
end
$$;
comment on function hr_private.current_hotel_ids() is 'The hotels whose rows the acting user''s role reaches at most: their own hotel for an employee or a manager (a null, matching nothing, without an employee record), every hotel of the group for an admin or a payroll officer, none for anyone else (a former employee, another application''s role). The restrictive policy shifts_hotel_scope of hr.shifts reads it once per statement as `hotel_id = any(...)`, which the planner can match to the (hotel_id, starts_at) index whatever the audience, where the audiences'' policies ORed together name the hotel in one branch only. Security definer so that the policies of hr.employees and hr.hotels are not re-entered.';
