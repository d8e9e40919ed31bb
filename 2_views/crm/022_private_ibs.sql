create view crm_private.ibs as
select ibs.id,
       ibs.tenant_id,
       ibs.user_id,
       ibs.parent_id,
       ibs.level,
       ibs.referral_code,
       ibs.created_at
from crm.ibs as ibs;
alter view crm_private.ibs owner to crm_reader;
comment on view crm_private.ibs is 'Introducing brokers as the acting user may see them: an IB its subtree, staff all of the tenant (policies of crm.ibs, evaluated for crm_reader).';
