create function med_private.controlled_counts_witness_once()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    -- the one change of the count log: the witness's answer on a count that
    -- awaits it (confirmed: witnessed_at; refused: refused_at and its
    -- reason), every other column as it was
    if old.witnessed_at is null and old.refused_at is null
       and ((new.witnessed_at is not null and new.refused_at is null and new.refusal_reason is null)
            or (new.witnessed_at is null and new.refused_at is not null))
       and (new.id, new.tenant_id, new.order_id, new.kind, new.quantity, new.expected, new.counted_by, new.witnessed_by, new.counted_at)
           is not distinct from
           (old.id, old.tenant_id, old.order_id, old.kind, old.quantity, old.expected, old.counted_by, old.witnessed_by, old.counted_at) then
        return new;
    end if;
    raise exception 'the controlled substance count log is append-only: UPDATE refused'
        using errcode = '42501',
              hint = 'only the witness''s answer is stamped, once: witness_count (witnessed_at) or refuse_count (refused_at); count again to correct a count';
end
$$;
comment on function med_private.controlled_counts_witness_once() is 'BEFORE UPDATE trigger of med.controlled_counts: the count log is append-only (42501 for everyone, owner included) except for the witness''s answer, stamped once on a count that awaits it with every other column unchanged: witnessed_at (med_api.witness_count) or refused_at with refusal_reason (med_api.refuse_count), never both.';

create trigger controlled_counts_witness_once
before update on med.controlled_counts
for each row execute function med_private.controlled_counts_witness_once();
