-- core.current_user_id() keeps the identity it resolved for the claims of
-- the transaction; any change to core.users forgets it, before the statement
-- (so row triggers such as the audit resolve against the changed rows) and
-- after it.
create function core.forget_identity()
returns trigger
language plpgsql
volatile
set search_path = ''
as $$
begin
    perform pg_catalog.set_config('core.identity_claims', '', true);
    return null;
end
$$;
comment on function core.forget_identity() is 'Trigger of core.users: forgets the identity core.current_user_id() cached for this transaction, so that a user created, deactivated or given another role is looked up afresh.';

create trigger forget_identity_before
before insert or update or delete or truncate on core.users
for each statement execute function core.forget_identity();

create trigger forget_identity_after
after insert or update or delete or truncate on core.users
for each statement execute function core.forget_identity();
