create function med_api.add_authorized_pickup(student_id uuid, full_name text, relationship text, phone text default null,
                                              guardian_id uuid default null)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    student med.students;
    clean_phone text := pg_catalog.regexp_replace(coalesce(add_authorized_pickup.phone, ''), '[\s()./-]', '', 'g');
    pickup_id uuid;
begin
    -- the name is unique per student through a btree index, which holds no
    -- more than about 2700 bytes: a longer one failed with 54000
    perform core.check_text(add_authorized_pickup.full_name, 'a name', 200);
    perform core.check_text(add_authorized_pickup.relationship, 'a relationship', 200);
    perform core.check_text(add_authorized_pickup.phone, 'a phone number', 200);
    if not core.has_text(add_authorized_pickup.full_name) or not core.has_text(add_authorized_pickup.relationship) then
        raise exception 'a pickup needs a name and a relationship to the student'
            using errcode = '22023';
    end if;
    if clean_phone <> '' and clean_phone !~ '^\+[1-9][0-9]{6,14}$' then
        raise exception 'invalid phone number %', add_authorized_pickup.phone
            using errcode = '22023', hint = 'use the international E.164 form, e.g. +15555550123';
    end if;
    -- serialise additions per student, so positions stay 1, 2, 3 ... (an
    -- advisory lock, not the student row: its share lock is taken below)
    perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('med.authorized_pickups:' || add_authorized_pickup.student_id::text, 0));
    student := med_private.visible_student(add_authorized_pickup.student_id);

    if add_authorized_pickup.guardian_id is not null and not exists (
        select from med.student_guardians as links
        where links.student_id = student.id and links.guardian_id = add_authorized_pickup.guardian_id
    ) then
        raise exception 'guardian % is not a guardian of student %', add_authorized_pickup.guardian_id, student.id
            using errcode = 'PT404';
    end if;
    -- never a guardian under a custody restriction (by link or by name)
    if med_private.restricted_for(student.id, med_private.school_local_date(student.school_id),
                                  add_authorized_pickup.guardian_id, add_authorized_pickup.full_name) then
        raise exception '% is under a custody restriction for this student', pg_catalog.btrim(add_authorized_pickup.full_name)
            using errcode = 'P0001';
    end if;

    insert into med.authorized_pickups (tenant_id, student_id, position, full_name, relationship, phone, guardian_id)
    select student.tenant_id, student.id,
           coalesce((select pg_catalog.max(pickups.position) from med.authorized_pickups as pickups where pickups.student_id = student.id), 0) + 1,
           -- stored as med_private.single_spaced keeps it (no invisible
           -- character, NFKC, single spaces), so that the unique name per
           -- student holds whatever the spacing typed
           med_private.single_spaced(add_authorized_pickup.full_name),
           pg_catalog.btrim(add_authorized_pickup.relationship),
           nullif(clean_phone, ''), add_authorized_pickup.guardian_id
    returning authorized_pickups.id into pickup_id;
    return pickup_id;
end
$$;
comment on function med_api.add_authorized_pickup(uuid, text, text, text, uuid) is 'Appends a person to a student''s ordered list of authorized pickups (the next position). Nurse, supervisor, and the student''s guardian. Raises 22023 for a blank name or relationship, a name over 200 characters or a malformed phone, PT404 for a student not visible or a guardian not linked to it, P0001 for a guardian under a custody restriction (by link, or by name compared by med_private.person_key: spacing, case of any letter (JÜRGEN = Jürgen), a typographic apostrophe or dash and invisible characters such as a soft hyphen do not matter), 23505 for a name already on the list. Security definer: writes after checking visibility.';
