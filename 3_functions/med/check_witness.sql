create function med_private.check_witness(order_id uuid, witness_id uuid)
returns med.medication_orders
language plpgsql
volatile
set search_path = ''
as $$
declare
    medication_order med.medication_orders;
    student_school_id uuid;
begin
    if not exists (select from med_private.medication_orders as orders where orders.id = check_witness.order_id) then
        raise exception 'medication order % not found', coalesce(check_witness.order_id::text, 'null')
            using errcode = 'PT404';
    end if;
    select * into medication_order from med.medication_orders as orders where orders.id = check_witness.order_id for update;
    if not medication_order.is_controlled then
        raise exception 'order % is not a controlled substance: it is not counted', medication_order.id
            using errcode = 'PT409';
    end if;
    if check_witness.witness_id is not distinct from core.current_user_id() then
        raise exception 'a controlled substance count needs a second person: the witness may not be the counter'
            using errcode = '42501';
    end if;
    select students.school_id into student_school_id from med.students as students where students.id = medication_order.student_id;
    -- the witness: an active nurse or aide of the student's school, or a supervisor of the district
    if not exists (
        select
        from core.users as users
        where users.id = check_witness.witness_id
          and users.tenant_id = medication_order.tenant_id
          and users.is_active
          and (users.role = 'med_supervisor'
               or (users.role in ('med_nurse', 'med_aide')
                   and exists (select from med.school_assignments as assignments
                               where assignments.user_id = users.id and assignments.school_id = student_school_id)))
    ) then
        raise exception 'witness % is not a nurse, aide or supervisor of the student''s school', coalesce(check_witness.witness_id::text, 'null')
            using errcode = 'PT404';
    end if;
    return medication_order;
end
$$;
comment on function med_private.check_witness(uuid, uuid) is 'For a controlled substance count: the order (locked) when the caller may see it and it is controlled, and the witness is another active nurse or aide of the student''s school or a supervisor. Raises PT404 for an order not visible or an unknown witness, PT409 for an order that is not controlled, 42501 when the witness is the caller. Internal.';
