create function crm_private.visible_account_ids()
returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
    select array(select accounts.id from crm.accounts as accounts)
$$;
comment on function crm_private.visible_account_ids() is 'The accounts the acting user sees, as the policies of crm.accounts decide (a client their own, an agent their clients'', a manager the desk''s, finance the brokerage''s; nobody else any): owned by crm_reader, as the private views are, so that those policies apply to its read. The policies of deposits and positions read it once per statement as `account_id = any(...)`, which the planner puts on their account_id indexes, where a correlated exists over crm.accounts was run once per row of the whole brokerage.';
alter function crm_private.visible_account_ids() owner to crm_reader;
