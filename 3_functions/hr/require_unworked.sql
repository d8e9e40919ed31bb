create function hr_private.require_unworked(shift_id uuid, employee_id uuid)
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
    -- only the shift's employee can have punched it, since no path moves a
    -- shift with a punch; their punches are read through their index
    if exists (select from hr.punches as punches
               where punches.employee_id = require_unworked.employee_id and punches.shift_id = require_unworked.shift_id) then
        raise exception 'shift % is already being worked: its employee clocked in on it', require_unworked.shift_id
            using errcode = 'PT409';
    end if;
end
$$;
comment on function hr_private.require_unworked(uuid, uuid) is 'Refuses (PT409) a shift its employee has clocked in on (clock_in links a punch up to an hour before the start): it is being worked, and handing it on or cancelling it would leave that punch on a shift no longer theirs, unflagged. Called by request_swap, accept_swap and cancel_shift before they write.';
