create view crm_private.clients as
select clients.id,
       clients.tenant_id,
       clients.user_id,
       case when current_user = 'crm_ib'
            then pg_catalog.left(clients.email, 1) || '***@' || pg_catalog.split_part(clients.email, '@', 2)
            else clients.email end as email,
       case when current_user = 'crm_ib'
            then (select pg_catalog.string_agg(pg_catalog.left(parts.part, 1) || '.', ' ')
                  from pg_catalog.regexp_split_to_table(clients.full_name, '\s+') as parts (part))
            else clients.full_name end as full_name,
       case when current_user = 'crm_ib' then null else clients.country end as country,
       case when current_user = 'crm_ib' then null else clients.phone end as phone,
       clients.status,
       case when current_user = 'crm_ib' then null else clients.classification end as classification,
       case when current_user in ('crm_client', 'crm_ib') then null else clients.is_pep end as is_pep,
       case when current_user = 'crm_ib' then null else clients.agent_id end as agent_id,
       clients.desk_id,
       clients.ib_id,
       clients.created_at,
       clients.status_changed_at
from crm.clients as clients;
alter view crm_private.clients owner to crm_reader;
comment on view crm_private.clients is 'Clients as the acting user may see them: runs as crm_reader, so the policies of crm.clients pick the rows (own, assigned, desk, tenant, IB subtree); an IB sees names as initials, e-mails masked and the status, nothing else of the client (no phone, country, classification, agent or PEP flag); a client never sees its own PEP flag. Masking goes by current_user (the role PostgREST switched to), which inside a view is still the caller: the identity helpers of core are created after the views, and a token whose role does not match its user sees no rows anyway.';
