create function crm_private.set_ib_level()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    if new.parent_id is null then
        new.level := 1;
    else
        select parents.level + 1
        into new.level
        from crm.ibs as parents
        where parents.id = new.parent_id;
        if exists (
            with recursive ancestors as (
                select ibs.id, ibs.parent_id from crm.ibs as ibs where ibs.id = new.parent_id
                union
                select ibs.id, ibs.parent_id from crm.ibs as ibs join ancestors on ibs.id = ancestors.parent_id
            )
            select from ancestors where ancestors.id = new.id
        ) then
            raise exception 'IB % cannot be placed under its own sub-IB', new.id using errcode = 'P0001';
        end if;
    end if;
    return new;
end
$$;
comment on function crm_private.set_ib_level() is 'BEFORE INSERT/UPDATE trigger on crm.ibs: level is 1 for a master IB and the parent''s level + 1 for a sub-IB; refuses cycles (P0001).';

create trigger ibs_set_level
before insert or update of parent_id on crm.ibs
for each row execute function crm_private.set_ib_level();
