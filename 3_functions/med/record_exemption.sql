create function med_api.record_exemption(student_id uuid, vaccine text, kind text, expires_on date default null, reason text default null)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    student med.students;
    local_today date;
    exemption_id uuid;
begin
    perform core.check_text(record_exemption.reason, 'a reason', 4000);
    if record_exemption.vaccine is null or not exists (select from med.vaccines as vaccines where vaccines.code = record_exemption.vaccine) then
        raise exception 'unknown vaccine %', coalesce(record_exemption.vaccine, 'null')
            using errcode = '22023';
    end if;
    if record_exemption.kind is null or record_exemption.kind not in ('medical', 'religious') then
        raise exception 'unknown exemption kind %', coalesce(record_exemption.kind, 'null')
            using errcode = '22023', hint = 'kind is medical or religious';
    end if;
    if record_exemption.expires_on in ('infinity', '-infinity') then
        raise exception 'invalid expiry date %', record_exemption.expires_on
            using errcode = '22023', hint = 'leave it null for an exemption that does not expire (religious only)';
    end if;
    if record_exemption.kind = 'medical' and record_exemption.expires_on is null then
        raise exception 'a medical exemption needs an expiry date'
            using errcode = '22023';
    end if;
    student := med_private.visible_student(record_exemption.student_id);
    local_today := med_private.school_local_date(student.school_id);
    if record_exemption.expires_on <= local_today then
        raise exception 'the exemption would have expired on %', record_exemption.expires_on
            using errcode = 'P0001';
    end if;
    -- a medical exemption expires: at most a year, renewed with the
    -- physician's statement (a date in 9999 would make it permanent)
    if record_exemption.kind = 'medical' and record_exemption.expires_on > local_today + 366 then
        raise exception 'a medical exemption is valid for at most a year, not until %', record_exemption.expires_on
            using errcode = 'P0001', hint = 'renew it with the physician''s statement';
    end if;

    insert into med.exemptions (tenant_id, student_id, vaccine, kind, granted_on, expires_on, reason, recorded_by)
    values (student.tenant_id, student.id, record_exemption.vaccine, record_exemption.kind, local_today,
            record_exemption.expires_on,
            case when core.has_text(record_exemption.reason) then pg_catalog.btrim(record_exemption.reason) end,
            core.current_user_id())
    returning exemptions.id into exemption_id;
    return exemption_id;
end
$$;
comment on function med_api.record_exemption(uuid, text, text, date, text) is 'Records an exemption from one vaccine, granted today: medical (needs an expiry date) or religious. While it is current the student is compliant for that vaccine. Nurse, supervisor. Raises 22023 for an unknown vaccine or kind, an infinite expiry or a medical exemption without expiry, P0001 for an expiry not after today or a medical exemption longer than a year, PT404 for a student not visible. Security definer.';
