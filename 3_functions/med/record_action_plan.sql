create function med_api.record_action_plan(student_id uuid, kind text, instructions text, expires_on date)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    student med.students;
    plan_id uuid;
begin
    perform core.check_text(record_action_plan.instructions, 'instructions', 4000);
    if record_action_plan.kind is null or record_action_plan.kind not in ('asthma', 'anaphylaxis', 'seizure', 'diabetes') then
        raise exception 'unknown action plan kind %', coalesce(record_action_plan.kind, 'null')
            using errcode = '22023', hint = 'kind is asthma, anaphylaxis, seizure or diabetes';
    end if;
    if not core.has_text(record_action_plan.instructions) then
        raise exception 'an action plan needs instructions'
            using errcode = '22023';
    end if;
    if record_action_plan.expires_on is null or record_action_plan.expires_on in ('infinity', '-infinity') then
        raise exception 'an action plan needs an expiry date'
            using errcode = '22023';
    end if;
    student := med_private.visible_student(record_action_plan.student_id);
    if record_action_plan.expires_on < med_private.school_local_date(student.school_id) then
        raise exception 'the action plan expired on %', record_action_plan.expires_on
            using errcode = 'P0001', hint = 'record the renewed plan';
    end if;
    -- an action plan is signed for a school year: at most a year ahead (a
    -- date in 9999 would never show in the expiring report)
    if record_action_plan.expires_on > med_private.school_local_date(student.school_id) + 366 then
        raise exception 'an action plan is valid for at most a year, not until %', record_action_plan.expires_on
            using errcode = 'P0001', hint = 'the physician renews it every school year';
    end if;

    insert into med.action_plans (tenant_id, student_id, kind, instructions, expires_on, recorded_by)
    values (student.tenant_id, student.id, record_action_plan.kind, record_action_plan.instructions,
            record_action_plan.expires_on, core.current_user_id())
    returning action_plans.id into plan_id;
    return plan_id;
end
$$;
comment on function med_api.record_action_plan(uuid, text, text, date) is 'Records an emergency action plan (asthma, anaphylaxis, seizure, diabetes) valid until expires_on for a student of the nurse''s schools. Raises 22023 for an unknown kind, no instructions or no expiry, P0001 for a plan already expired or valid for more than a year, PT404 for a student not visible. Security definer: writes med.action_plans after checking visibility.';
