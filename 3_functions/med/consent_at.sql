create function med_private.consent_at(student_id uuid, kind text, school_year int, at timestamptz)
returns boolean
language sql
stable
set search_path = ''
as $$
    -- the row holds the last answer; the audit log every answer before it
    -- (record_consent replaces the row's answer, and core.audit logs each
    -- insert and update with the row as written). An answer is in force
    -- from its recorded_at, as the row says, not from the log entry's time:
    -- that is the clock a few milliseconds later (a dose at the refusal's
    -- own instant would fall before it), and a row written with an earlier
    -- recorded_at (imported, seeded) is logged when it was written
    select case
               when consents.recorded_at <= consent_at.at then consents.is_granted
               else (select (log.new_row ->> 'is_granted')::boolean
                     from core.audit_log as log
                     where log.table_name = 'med.consents'
                       and log.row_key = pg_catalog.jsonb_build_object('id', consents.id)
                       and log.operation in ('INSERT', 'UPDATE')
                       and (log.new_row ->> 'recorded_at')::timestamptz <= consent_at.at
                     order by (log.new_row ->> 'recorded_at')::timestamptz desc, log.id desc
                     limit 1)
           end
    from med.consents as consents
    where consents.student_id = consent_at.student_id
      and consents.kind = consent_at.kind
      and consents.school_year = consent_at.school_year
$$;
comment on function med_private.consent_at(uuid, text, int, timestamptz) is 'The guardians'' answer (record_consent) of a kind for a school year as it stood at a time: true granted, false refused, null when none was on file then. A late entry is judged by the answer in force when the dose was given or the screening done, not by the answer of the day it is entered: a dose given under a refusal stays refused when consent is granted again, and a dose given with consent is recorded though the guardians refused since (it was given). The earlier answers come from core.audit_log (med.consents is audited). Internal.';
