-- Development only: the school health seed acts through the API as a given
-- med user (seed.act_as of 8_seed/core, for the med application).
create function seed.as_med_user(email text)
returns uuid
language sql
volatile
set search_path = ''
as $$
    select seed.act_as('med', as_med_user.email)
$$;
comment on function seed.as_med_user(text) is 'Acts as a school health user for the rest of the transaction (or until the next call), through seed.act_as. Returns the user id.';

create function seed.med_user(tenant_id uuid, email text, full_name text, role name, password_hash text)
returns uuid
language plpgsql
volatile
set search_path = ''
as $$
declare
    user_id uuid;
begin
    user_id := core.create_user(med_user.tenant_id, med_user.email, med_user.full_name, med_user.role);
    update core.users as users set password_hash = med_user.password_hash where users.id = user_id;
    return user_id;
end
$$;
comment on function seed.med_user(uuid, text, text, name, text) is 'Dev seed only: creates a med user with an already computed bcrypt hash (the seed hashes "demo" once rather than once per user).';
